using System.Net;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Customers.CustomerTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Leads;

/// <summary>
/// The Lead row of the role matrix (spec §11): a Sales Rep (Own) works only their own leads; another
/// rep's lead answers 404 on every page and action; a role that may view but not edit sees no buttons.
/// </summary>
public abstract class LeadPermissionTests(AppFixture fixture)
{
    [Fact]
    public async Task Another_reps_lead_is_404_everywhere_and_missing_from_the_grid_export_and_lookups()
    {
        var factory = fixture.Start();
        var (owner, ownerUser) = await factory.RepAsync();
        var (rep, repUser) = await factory.RepAsync();
        var tag = Unique("Hidden");
        var hidden = await owner.CreateLeadAsync("Hidden " + tag, ownerUser.Id, ("Form.LastName", "Secret"));
        var own = await rep.CreateLeadAsync("Own " + tag, repUser.Id);

        var responses = new[]
        {
            await rep.GetAsync($"/leads/{hidden}"),
            await rep.GetAsync($"/leads/{hidden}/edit"),
            await rep.GetAsync($"/leads/{hidden}/convert"),
            await rep.PostFormAsync($"/leads/{hidden}/edit", Fields(("Form.Name", "Hijacked"), ("Form.OwnerId", Text(repUser.Id)), ("Form.Version", "0"))),
            await rep.PostFormAsync($"/leads/{hidden}/convert", Fields(("Name", "x"), ("AccountName", "x"), ("StatusId", "1"), ("leadVersion", "0"))),
            await rep.PostFormAsync($"/leads/{hidden}/disqualify", Fields(("version", "0"))),
            await rep.PostFormAsync($"/leads/{hidden}/reactivate", Fields(("version", "0"))),
            await rep.PostFormAsync($"/leads/{hidden}/delete", []),
        };
        var grid = RowIds(await rep.GetStringAsync("/leads?view=all&q=" + Uri.EscapeDataString(tag)), "data-lead");
        var export = await rep.GetStringAsync("/leads/export");
        var mass = await rep.PostFormAsync("/leads/mass", Fields(("action", "delete"), ("ids", Text(hidden)), ($"versions[{hidden}]", "0")), "/leads");

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        Assert.Equal([own], grid);
        Assert.DoesNotContain("Hidden " + tag, export, StringComparison.Ordinal);
        Assert.Contains("Own " + tag, export, StringComparison.Ordinal);
        Assert.Contains("Not found.", await rep.GetStringAsync(mass.Headers.Location), StringComparison.Ordinal);
        var lead = await factory.LeadAsync(hidden);
        Assert.Equal(("Hidden " + tag, LeadStatus.New, 0L), (lead.Name, lead.StatusCode, lead.Version));
    }

    [Fact]
    public async Task A_rep_cannot_hand_a_lead_to_someone_else_and_a_converted_leads_opportunity_hides_a_lead_they_cannot_see()
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var (rep, repUser) = await factory.RepAsync();
        var (_, other) = await factory.RepAsync();

        var refused = await rep.PostFormAsync("/leads/create", Fields(("Form.Name", Unique("Gift")), ("Form.OwnerId", Text(other.Id)), ("Form.Version", "0")));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Equal("You can only make yourself the owner.", FieldError(await refused.Content.ReadAsStringAsync(), "Form.OwnerId"));

        // The admin converts their own lead into a deal owned by the rep: the rep sees the deal, not the lead.
        var adminId = await factory.UserIdAsync("admin");
        var leadId = await admin.CreateLeadAsync(Unique("Admin lead"), adminId, ("Form.LastName", "Visible"), ("Form.CompanyName", Unique("Admins Co")));
        var form = await admin.ConvertFormAsync(leadId, ("OwnerId", Text(repUser.Id)));
        var converted = await admin.ConvertAsync(leadId, form);
        var opportunityId = IdFrom(converted, "opportunities");
        var repView = await rep.GetStringAsync($"/opportunities/{opportunityId}");

        Assert.DoesNotContain($"/leads/{leadId}", repView, StringComparison.Ordinal);
        Assert.Contains($"/leads/{leadId}", await admin.GetStringAsync($"/opportunities/{opportunityId}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_that_may_only_view_leads_gets_no_buttons_and_403_on_changes_and_none_gets_404()
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");
        var leadId = await admin.CreateLeadAsync(Unique("Read only"), adminId);
        var viewer = await factory.CreateLeadRoleAsync(AccessLevel.All, AccessLevel.None);
        var none = await factory.CreateLeadRoleAsync(AccessLevel.None, AccessLevel.None);
        var (reader, _) = await factory.UserAsync([viewer]);
        var (stranger, _) = await factory.UserAsync([none]);

        var page = await reader.GetStringAsync($"/leads/{leadId}");
        var edit = await reader.GetAsync($"/leads/{leadId}/edit");
        var convert = await reader.GetAsync($"/leads/{leadId}/convert");
        var disqualify = await reader.PostFormAsync($"/leads/{leadId}/disqualify", Fields(("version", "0")), $"/leads/{leadId}");
        var create = await reader.GetAsync("/leads/create");

        Assert.DoesNotContain("data-testid=\"convert\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"disqualify\"", page, StringComparison.Ordinal);
        Assert.All([edit, convert, disqualify, create], r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/leads")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/leads/{leadId}")).StatusCode);
        Assert.DoesNotContain("href=\"/leads\"", await stranger.GetStringAsync("/"), StringComparison.Ordinal);
        Assert.Equal(LeadStatus.New, (await factory.LeadAsync(leadId)).StatusCode);
    }
}

public sealed class SqliteLeadPermissionTests(SqliteAppFixture fixture) : LeadPermissionTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresLeadPermissionTests(PostgresAppFixture fixture) : LeadPermissionTests(fixture), IClassFixture<PostgresAppFixture>;
