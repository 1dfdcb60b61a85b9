using System.Net;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Workflows;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Leads;

/// <summary>
/// The Unqualified Sales Lead system workflow over HTTP (spec §6, §9): shipped inactive; while active its
/// Qualify (the conversion), Disqualify and Reactivate replace the lead page's buttons. The class owns
/// its database: activation is global state.
/// </summary>
public abstract class LeadWorkflowTests(AppFixture fixture)
{
    private const string Flow = "unqualified_sales_lead";

    private async Task<(OroAppFactory Factory, HttpClient Admin, int AdminId)> SetUpAsync(bool active)
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        await factory.WithDbAsync(async db =>
        {
            var record = await db.WorkflowDefinitions.SingleAsync(w => w.Name == Flow);
            record.Deactivate();
            if (active)
            {
                record.Activate(DateTime.UtcNow.AddMinutes(-1));
            }

            (await db.ConfigurationRevisions.SingleAsync()).Revision++;
            await db.SaveChangesAsync();
        });
        return (factory, admin, adminId);
    }

    /// <summary>Runs a transition as the form does: with the given version, else the lead's current one (0 for one that does not exist).</summary>
    private async Task<HttpResponseMessage> RunAsync(HttpClient client, int leadId, string transition, long? version = null, params (string Field, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>($"Fields[{f.Field}]", f.Value)).ToList();
        var current = version ?? await fixture.Factory.WithDbAsync(db => db.Set<Domain.Leads.Lead>().Where(l => l.Id == leadId).Select(l => (long?)l.Version).SingleOrDefaultAsync()) ?? 0;
        form.Add(new("Version", Text(current)));
        return await client.PostFormAsync($"/leads/{leadId}/workflows/{Flow}/{transition}", form, $"/leads/{leadId}");
    }

    private static Task<string?> StepAsync(OroAppFactory factory, int id) =>
        factory.WithDbAsync(db => db.WorkflowItems.Where(i => i.Entity == WorkflowEntities.Lead && i.EntityId == id && i.WorkflowName == Flow).Select(i => i.Step).SingleOrDefaultAsync());

    [Fact]
    public async Task The_workflow_is_installed_inactive_and_the_lead_page_keeps_its_buttons()
    {
        var (factory, admin, adminId) = await SetUpAsync(active: false);
        var leadId = await admin.CreateLeadAsync(Unique("Deal"), adminId, ("Form.CompanyName", Unique("Co")));

        Assert.True(await factory.WithDbAsync(db => db.WorkflowDefinitions.Where(w => w.Name == Flow).Select(w => w.IsSystem && w.Entity == WorkflowEntities.Lead).SingleAsync()));
        var page = await admin.GetStringAsync($"/leads/{leadId}");
        Assert.Contains("data-testid=\"convert\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"disqualify\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-testid=\"workflow-{Flow}\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await RunAsync(admin, leadId, "disqualify")).StatusCode);
    }

    [Fact]
    public async Task While_active_the_transitions_replace_the_buttons_and_come_back_when_deactivated()
    {
        var (_, admin, adminId) = await SetUpAsync(active: true);
        var leadId = await admin.CreateLeadAsync(Unique("Deal"), adminId, ("Form.CompanyName", Unique("Co")));

        var page = await admin.GetStringAsync($"/leads/{leadId}");
        Assert.DoesNotContain("data-testid=\"convert\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"disqualify\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-testid=\"workflow-{Flow}\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/leads/{leadId}/workflows/{Flow}/qualify\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/leads/{leadId}/workflows/{Flow}/disqualify\"", page, StringComparison.Ordinal);

        var form = await admin.GetStringAsync($"/leads/{leadId}/workflows/{Flow}/qualify");
        Assert.Contains("Company name", form, StringComparison.Ordinal);
        Assert.Contains($"action=\"/leads/{leadId}/workflows/{Flow}/qualify\"", form, StringComparison.Ordinal);

        var deactivated = await admin.PostFormAsync($"/system/workflows/{Flow}/deactivate", [], "/system/workflows");
        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        page = await admin.GetStringAsync($"/leads/{leadId}");
        Assert.Contains("data-testid=\"convert\"", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"disqualify\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Qualify_without_company_or_account_is_refused_with_the_message_and_changes_nothing()
    {
        var (factory, admin, adminId) = await SetUpAsync(active: true);
        var leadId = await admin.CreateLeadAsync(Unique("Deal"), adminId);

        var refused = await RunAsync(admin, leadId, "qualify", null, ("opportunityName", "Deal"), ("companyName", " "), ("account", ""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Company name or account must be selected.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(LeadStatus.New, (await factory.LeadAsync(leadId)).StatusCode);
        Assert.Empty(await factory.OpportunitiesOfLeadAsync(leadId));
        Assert.Null(await StepAsync(factory, leadId));
    }

    [Fact]
    public async Task Qualify_with_a_company_name_creates_account_contact_and_opportunity_and_qualifies_the_lead()
    {
        var (factory, admin, adminId) = await SetUpAsync(active: true);
        var last = Unique("Halvorsen");
        var company = Unique("Nordlicht Solar");
        var leadId = await admin.CreateLeadAsync("Fleet " + last, adminId, ("Form.FirstName", "Ingrid"), ("Form.LastName", last));
        var version = (await factory.LeadAsync(leadId)).Version;

        var done = await RunAsync(admin, leadId, "qualify", version, ("opportunityName", "Fleet deal " + last), ("companyName", company), ("account", ""), ("additionalComments", "Wants a demo."));

        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        var opportunity = Assert.Single(await factory.OpportunitiesOfLeadAsync(leadId));
        Assert.Equal(("Fleet deal " + last, "Wants a demo."), (opportunity.Name, opportunity.Notes));
        var account = await factory.AccountAsync(opportunity.AccountId);
        Assert.Equal(company, account!.Name);
        var contact = await factory.ContactAsync(opportunity.ContactId!.Value);
        Assert.Equal((last, (int?)account.Id), (contact!.LastName, contact.AccountId));
        var lead = await factory.LeadAsync(leadId);
        Assert.Equal((LeadStatus.Qualified, (int?)contact.Id, (int?)account.Id, company), (lead.StatusCode, lead.ContactId, lead.AccountId, lead.CompanyName));
        Assert.Equal("qualified", await StepAsync(factory, leadId));
        Assert.Equal(1, await factory.WithDbAsync(db => db.WorkflowTransitionLogs.CountAsync(l => l.Entity == WorkflowEntities.Lead && l.EntityId == leadId && l.Transition == "qualify")));

        // A second run (a stale form) is a conflict with the lead's message; nothing more is created.
        var again = await RunAsync(admin, leadId, "qualify", version, ("opportunityName", "Again"), ("companyName", company));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Single(await factory.OpportunitiesOfLeadAsync(leadId));
    }

    /// <summary>
    /// Issue 23 (spec §6): activating the flow strands no lead. A lead from before the activation is
    /// governed as if in the step its status implies — New offers Qualify and Disqualify, a disqualified
    /// one Reactivate (before: "Not started" with no buttons, Convert and Disqualify hidden).
    /// </summary>
    [Fact]
    public async Task Leads_from_before_the_activation_are_in_the_step_their_status_implies()
    {
        var (factory, admin, adminId) = await SetUpAsync(active: false);
        var fresh = await admin.CreateLeadAsync(Unique("Before"), adminId);
        var dropped = await admin.CreateLeadAsync(Unique("Dropped"), adminId);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/leads/{dropped}/disqualify", Fields(("version", Text((await factory.LeadAsync(dropped)).Version))), $"/leads/{dropped}")).StatusCode);
        await factory.WithDbAsync(async db =>
        {
            (await db.WorkflowDefinitions.SingleAsync(w => w.Name == Flow)).Activate(DateTime.UtcNow.AddMinutes(1));
            (await db.ConfigurationRevisions.SingleAsync()).Revision++;
            await db.SaveChangesAsync();
        });

        var page = await admin.GetStringAsync($"/leads/{fresh}");
        Assert.Contains($"href=\"/leads/{fresh}/workflows/{Flow}/qualify\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/leads/{fresh}/workflows/{Flow}/disqualify\"", page, StringComparison.Ordinal);
        var droppedPage = await admin.GetStringAsync($"/leads/{dropped}");
        Assert.Contains($"href=\"/leads/{dropped}/workflows/{Flow}/reactivate\"", droppedPage, StringComparison.Ordinal);
        Assert.DoesNotContain($"/leads/{dropped}/workflows/{Flow}/qualify", droppedPage, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, fresh, "disqualify")).StatusCode);
        Assert.Equal((LeadStatus.Disqualified, "cancelled"), ((await factory.LeadAsync(fresh)).StatusCode, await StepAsync(factory, fresh)));
        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, dropped, "reactivate")).StatusCode);
        Assert.Equal((LeadStatus.New, "new"), ((await factory.LeadAsync(dropped)).StatusCode, await StepAsync(factory, dropped)));
    }

    [Fact]
    public async Task Disqualify_moves_to_Cancelled_and_Reactivate_back_to_New()
    {
        var (factory, admin, adminId) = await SetUpAsync(active: true);
        var leadId = await admin.CreateLeadAsync(Unique("Deal"), adminId);

        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, leadId, "disqualify")).StatusCode);
        Assert.Equal((LeadStatus.Disqualified, "cancelled"), ((await factory.LeadAsync(leadId)).StatusCode, await StepAsync(factory, leadId)));
        Assert.Contains($"href=\"/leads/{leadId}/workflows/{Flow}/reactivate\"", await admin.GetStringAsync($"/leads/{leadId}"), StringComparison.Ordinal);

        // Not offered from Cancelled: refused with the reason, no 500.
        var refused = await RunAsync(admin, leadId, "disqualify");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("not available in step Cancelled", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, leadId, "reactivate")).StatusCode);
        Assert.Equal((LeadStatus.New, "new"), ((await factory.LeadAsync(leadId)).StatusCode, await StepAsync(factory, leadId)));
        Assert.Equal(HttpStatusCode.NotFound, (await RunAsync(admin, leadId, "nonsense")).StatusCode);

        // Deleting the lead deletes its step; the transition history stays.
        var deleted = await admin.PostFormAsync($"/leads/{leadId}/delete", [], $"/leads/{leadId}");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(
            (0, 2),
            (await factory.WithDbAsync(db => db.WorkflowItems.CountAsync(i => i.Entity == WorkflowEntities.Lead && i.EntityId == leadId)),
             await factory.WithDbAsync(db => db.WorkflowTransitionLogs.CountAsync(l => l.Entity == WorkflowEntities.Lead && l.EntityId == leadId))));
    }
}

public sealed class SqliteLeadWorkflowTests(SqliteAppFixture fixture) : LeadWorkflowTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresLeadWorkflowTests(PostgresAppFixture fixture) : LeadWorkflowTests(fixture), IClassFixture<PostgresAppFixture>;
