using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Workflows;
using Oro.Opportunities.IntegrationTests.Customers;
using Oro.Opportunities.IntegrationTests.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Workflows;

/// <summary>
/// Workflows from outside, over HTTP (spec §6): activation within exclusive groups, transitions with
/// their forms, effects and permissions, step restrictions on every path, concurrent transitions, and
/// a custom definition uploaded and run. The class owns its database: activation is global state.
/// </summary>
public abstract class WorkflowTests(AppFixture fixture)
{
    private const string Flow = "opportunity_flow";
    private const string Support = "opportunity_support_flow";

    private Task<(OroAppFactory Factory, HttpClient Admin, int AdminId, int Account, string Tag)> SetUpAsync(params string[] active) =>
        SetUpAsync(DateTime.UtcNow.AddMinutes(-1), active);

    private async Task<(OroAppFactory Factory, HttpClient Admin, int AdminId, int Account, string Tag)> SetUpAsync(DateTime activatedAt, params string[] active)
    {
        var factory = fixture.Start();
        var admin = await factory.AdminAsync();
        var adminId = await factory.UserIdAsync("admin");

        // Exactly the workflows this test needs are active (the class's tests share one database).
        await factory.WithDbAsync(async db =>
        {
            foreach (var record in await db.WorkflowDefinitions.ToListAsync())
            {
                if (active.Contains(record.Name))
                {
                    record.Deactivate();
                    record.Activate(activatedAt);
                }
                else
                {
                    record.Deactivate();
                }
            }

            (await db.ConfigurationRevisions.SingleAsync()).Revision++;
            await db.SaveChangesAsync();
        });
        var tag = Guid.NewGuid().ToString("N")[..8];
        return (factory, admin, adminId, await factory.AccountAsync($"Workflow {tag}", adminId), tag);
    }

    private Task<HttpResponseMessage> RunAsync(HttpClient client, int id, string transition, params (string Field, string Value)[] fields) =>
        RunAsync(client, id, Flow, transition, null, fields);

    /// <summary>Runs a transition as the form does: with the given version, else the opportunity's current one (0 for one that does not exist).</summary>
    private async Task<HttpResponseMessage> RunAsync(HttpClient client, int id, string workflow, string transition, long? version, params (string Field, string Value)[] fields)
    {
        var form = fields.Select(f => new KeyValuePair<string, string>($"Fields[{f.Field}]", f.Value)).ToList();
        var current = version ?? await fixture.Factory.WithDbAsync(db => db.Opportunities.Where(o => o.Id == id).Select(o => (long?)o.Version).SingleOrDefaultAsync()) ?? 0;
        form.Add(new("Version", current.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return await client.PostFormAsync($"/opportunities/{id}/workflows/{workflow}/{transition}", form, "/opportunities");
    }

    private static Task<string?> StepAsync(OroAppFactory factory, int id, string workflow = Flow) =>
        factory.WithDbAsync(db => db.WorkflowItems.Where(i => i.Entity == WorkflowEntities.Opportunity && i.EntityId == id && i.WorkflowName == workflow).Select(i => i.Step).SingleOrDefaultAsync());

    [Fact]
    public async Task System_workflows_are_installed_inactive_and_listed()
    {
        var (factory, admin, _, _, _) = await SetUpAsync();

        var page = await admin.GetStringAsync("/system/workflows");

        Assert.Contains("Opportunity Management Flow", page, StringComparison.Ordinal);
        Assert.Contains("Opportunity Support Flow", page, StringComparison.Ordinal);
        Assert.Contains("opportunity_management", page, StringComparison.Ordinal);
        var details = await admin.GetStringAsync($"/system/workflows/{Flow}");
        Assert.Contains("<svg", details, StringComparison.Ordinal);
        Assert.Contains("Close as Lost", details, StringComparison.Ordinal);
        Assert.Contains("Unqualified Sales Lead", page, StringComparison.Ordinal);
        Assert.Equal(3, await factory.WithDbAsync(db => db.WorkflowDefinitions.CountAsync(w => w.IsSystem)));
    }

    [Fact]
    public async Task Activating_a_second_workflow_of_an_exclusive_group_asks_which_to_deactivate()
    {
        var (factory, admin, _, _, _) = await SetUpAsync(Flow);
        var copy = WorkflowDefinitionText("copy_flow", "Copy Flow");
        var upload = await UploadAsync(admin, copy);
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);

        var asked = await admin.PostFormAsync("/system/workflows/copy_flow/activate", [], "/system/workflows");

        Assert.Equal(HttpStatusCode.Conflict, asked.StatusCode);
        Assert.Contains("Opportunity Management Flow", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await IsActiveAsync(factory, "copy_flow"));
        Assert.True(await IsActiveAsync(factory, Flow));

        var confirmed = await admin.PostFormAsync("/system/workflows/copy_flow/activate", [new("deactivate", Flow)], "/system/workflows");

        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.True(await IsActiveAsync(factory, "copy_flow"));
        Assert.False(await IsActiveAsync(factory, Flow));

        // A non-exclusive workflow runs beside either.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/system/workflows/{Support}/activate", [], "/system/workflows")).StatusCode);
        Assert.True(await IsActiveAsync(factory, "copy_flow"));
        Assert.True(await IsActiveAsync(factory, Support));
    }

    [Fact]
    public async Task Every_transition_of_the_management_flow_applies_its_effects_and_writes_history()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync(Flow);
        var deal = await factory.OpportunityAsync($"Flow {tag}", adminId, account, "in_progress", budget: 1200m);

        // Created while the flow is active: in Open without a transition. Develop keeps it in Open.
        var page = await admin.GetStringAsync($"/opportunities/{deal.Id}");
        Assert.Contains("Step: Open", page, StringComparison.Ordinal);
        var developed = await RunAsync(admin, deal.Id, "develop", ("status", "negotiation"), ("budget", "1500"), ("customerNeed", "Fleet of 40 vans"), ("closeDate", "2026-12-20"));
        Assert.Equal(HttpStatusCode.Redirect, developed.StatusCode);
        var stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal(("negotiation", 80, 1500m, "Fleet of 40 vans"), (stored.StatusCode, stored.Probability!.Value, stored.BudgetAmount!.Value, stored.CustomerNeed!));

        // Close as Lost: reason required, then status Lost, revenue 0, probability 0.
        var refused = await RunAsync(admin, deal.Id, "close_lost", ("closeDate", "2026-12-01"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("Close reason is required.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var lost = await RunAsync(admin, deal.Id, "close_lost", ("closeReason", "outsold"), ("closeDate", "2026-12-01"));
        Assert.Equal(HttpStatusCode.Redirect, lost.StatusCode);
        stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal(("lost", 0, "outsold", 0m, new DateOnly(2026, 12, 1)), (stored.StatusCode, stored.Probability!.Value, stored.CloseReasonCode!, stored.BaseCloseRevenue!.Value, stored.CloseDate!.Value));
        Assert.Equal("lost", await StepAsync(factory, deal.Id));

        // Close as Won is not offered in Lost; Reopen is, and clears the closing data.
        var notHere = await RunAsync(admin, deal.Id, "close_won", ("closeDate", "2026-12-02"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notHere.StatusCode);
        Assert.Contains("not available in step Lost", await notHere.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var reopened = await RunAsync(admin, deal.Id, "reopen", ("status", "needs_analysis"), ("additionalComments", "Back on the table"));
        Assert.Equal(HttpStatusCode.Redirect, reopened.StatusCode);
        stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal(("needs_analysis", 20, (string?)null, (decimal?)null, (DateTime?)null), (stored.StatusCode, stored.Probability!.Value, stored.CloseReasonCode, stored.CloseRevenueAmount, stored.ClosedAt));

        // Reopened, the deal is in Open again: the final step it left is not shown as done (issue 23).
        var steps = WebUtility.HtmlDecode(await admin.GetStringAsync($"/opportunities/{deal.Id}"));
        Assert.Contains("Current step: </span>Open", steps, StringComparison.Ordinal);
        Assert.Contains("Coming: </span>Lost", steps, StringComparison.Ordinal);
        Assert.DoesNotContain("Done: </span>Lost", steps, StringComparison.Ordinal);

        // Close as Won: revenue prefilled from the budget on the form; status Won, reason Won, 100 %.
        var form = await admin.GetStringAsync($"/opportunities/{deal.Id}/workflows/{Flow}/close_won");
        Assert.Contains("value=\"1500", form, StringComparison.Ordinal);
        var won = await RunAsync(admin, deal.Id, "close_won", ("closeRevenue", "1400"), ("closeRevenueCurrency", "USD"), ("closeDate", "2026-12-03"));
        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal(("won", 100, "won", 1400m), (stored.StatusCode, stored.Probability!.Value, stored.CloseReasonCode!, stored.CloseRevenueAmount!.Value));

        // History: four transitions with who, from, to and the form's data; the audit has the changes.
        var history = await factory.WithDbAsync(db => db.WorkflowTransitionLogs.Where(l => l.EntityId == deal.Id).OrderBy(l => l.Id).ToListAsync());
        Assert.Equal(
            [("develop", "open", "open"), ("close_lost", "open", "lost"), ("reopen", "lost", "open"), ("close_won", "open", "won")],
            history.Select(h => (h.Transition, h.FromStep!, h.ToStep)));
        Assert.All(history, h => Assert.Equal(adminId, h.UserId));
        Assert.Contains("outsold", history[1].Data, StringComparison.Ordinal);
        var audits = await factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == "Opportunity" && a.EntityId == deal.Id && a.Action == AuditAction.Updated));
        Assert.Equal(4, audits);
        Assert.Contains("Close as Won", await admin.GetStringAsync($"/opportunities/{deal.Id}"), StringComparison.Ordinal);
    }

    /// <summary>Issue 23: the transition history shows the form's values as the page shows them everywhere (it showed "Contact: 109", "2500 USD").</summary>
    [Fact]
    public async Task The_transition_history_shows_names_amounts_and_percentages_not_stored_values()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync(Flow);
        var deal = await factory.OpportunityAsync($"History {tag}", adminId, account, "in_progress", budget: 1200m);
        var contact = await factory.ContactAsync("Hanna", $"Historia {tag}", null, adminId, account);
        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, deal.Id, "develop", ("status", "negotiation"), ("contact", contact.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("budget", "2500"), ("budgetCurrency", "USD"), ("probability", "45"))).StatusCode);
        var view = WebUtility.HtmlDecode(await admin.GetStringAsync($"/opportunities/{deal.Id}"));
        var start = view.IndexOf("data-testid=\"workflow-history\"", StringComparison.Ordinal);
        var history = view[start..view.IndexOf("</ol>", start, StringComparison.Ordinal)];
        Assert.Contains($"<span class=\"text-prewrap\">Hanna Historia {tag}</span>", history, StringComparison.Ordinal);
        Assert.Contains("2,500.00</span>", history, StringComparison.Ordinal);
        Assert.Contains("45 %</span>", history, StringComparison.Ordinal);
        Assert.DoesNotContain("2500 USD", history, StringComparison.Ordinal);
        Assert.DoesNotContain($">{contact}<", history, StringComparison.Ordinal);
    }

    /// <summary>Issue 23: the diagram draws what its legend says (a double border for a final step) and every label inside its box.</summary>
    [Theory]
    [InlineData(Flow)]
    [InlineData(Support)]
    public async Task The_diagram_draws_final_steps_with_a_double_border_and_labels_inside_their_boxes(string workflow)
    {
        var (_, admin, _, _, _) = await SetUpAsync();
        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/system/workflows/{workflow}"));
        var finals = System.Text.RegularExpressions.Regex.Count(page, "class=\"step step-final");
        Assert.True(finals > 0);
        Assert.Equal(finals, System.Text.RegularExpressions.Regex.Count(page, "class=\"step-final-inner\""));
        var boxes = System.Text.RegularExpressions.Regex.Matches(page, "<rect x=\"\\d+\" y=\"\\d+\" width=\"(\\d+)\"[^>]*class=\"step[ \"][^>]*/><text[^>]*>([^<]+)</text>");
        Assert.True(boxes.Count >= 3, $"{boxes.Count} step boxes found.");
        foreach (System.Text.RegularExpressions.Match box in boxes)
        {
            // 14 px semibold text is at most ~8.5 px a character.
            Assert.True(int.Parse(box.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) >= (box.Groups[2].Value.Length * 8.5) + 16, $"'{box.Groups[2].Value}' does not fit its box.");
        }
    }

    [Fact]
    public async Task A_record_from_before_the_activation_starts_with_the_start_transition()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync();
        var deal = await factory.OpportunityAsync($"Old {tag}", adminId, account, "won", budget: 100m, closeDate: new DateOnly(2026, 1, 5));
        await SetUpAsync(DateTime.UtcNow, Flow);

        Assert.Contains($"/workflows/{Flow}/start", await admin.GetStringAsync($"/opportunities/{deal.Id}"), StringComparison.Ordinal);
        var wrongStatus = await RunAsync(admin, deal.Id, "start", ("status", "won"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongStatus.StatusCode);
        var started = await RunAsync(admin, deal.Id, "start", ("status", "in_progress"));

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal(("in_progress", (string?)null, (decimal?)null), (stored.StatusCode, stored.CloseReasonCode, stored.CloseRevenueAmount));
        Assert.Equal("open", await StepAsync(factory, deal.Id));
    }

    /// <summary>
    /// Issue 23 (spec §6): a deal from before the activation, never started, is governed as if in the
    /// start step on every path — the form, inline edit, board, mass action and import refuse closing it
    /// as they do for a deal in step Open (before: they closed it freely while the board refused) — and
    /// its page offers the Open step's transitions beside Start.
    /// </summary>
    [Fact]
    public async Task A_deal_from_before_the_activation_is_governed_as_if_in_the_start_step_on_every_path()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync();
        var lostStatus = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "lost").Select(s => s.Id).SingleAsync());
        var old = await factory.OpportunityAsync($"Before {tag}", adminId, account, "negotiation", budget: 900m);
        await SetUpAsync(DateTime.UtcNow.AddMinutes(1), Flow);
        const string Message = "Status cannot be Closed Lost here";

        var form = await admin.GetFormAsync($"/opportunities/{old.Id}/edit", "data-opportunity-form");
        var formAnswer = await form.Set("StatusId", lostStatus.ToString()).Set("CloseReasonCode", "outsold").PostAsync(admin, $"/opportunities/{old.Id}/edit");
        var inline = await admin.PostFormAsync($"/opportunities/{old.Id}/inline", [new("version", "0"), new("field", "status"), new("value", "lost")], "/opportunities");
        var board = await admin.PostFormAsync($"/opportunities/{old.Id}/status",
            [new("version", "0"), new("statusId", lostStatus.ToString()), new("closeReason", "outsold"), new("board", "?view=all")], "/opportunities/board");
        var mass = await admin.PostFormAsync("/opportunities/mass",
            [new("action", "status"), new("ids", old.Id.ToString()), new("versions[" + old.Id + "]", "0"), new("statusId", lostStatus.ToString()), new("closeReason", "outsold")], "/opportunities");
        var massPage = WebUtility.HtmlDecode(await admin.GetStringAsync(mass.Headers.Location));
        var job = await factory.ImportAsync(admin, $"Id,Opportunity name,Status Id,Close reason Name\n{old.Id},Before {tag},lost,outsold\n");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, formAnswer.StatusCode);
        Assert.Contains(Message, WebUtility.HtmlDecode(await formAnswer.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, inline.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, board.StatusCode);
        Assert.Contains(Message, await board.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("1 not changed", massPage, StringComparison.Ordinal);
        Assert.Contains(Message, Assert.Single(await factory.ErrorsAsync(job.Id)).Message, StringComparison.Ordinal);
        Assert.Equal("negotiation", (await factory.ReloadAsync(old.Id)).StatusCode);
        Assert.Null(await StepAsync(factory, old.Id));

        // The page offers the start step's transitions and Start; closing through the flow works and starts it.
        var page = await admin.GetStringAsync($"/opportunities/{old.Id}");
        foreach (var transition in new[] { "start", "develop", "close_won", "close_lost" })
        {
            Assert.Contains($"/workflows/{Flow}/{transition}", page, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, old.Id, "close_lost", ("closeReason", "outsold"), ("closeDate", "2026-12-01"))).StatusCode);
        Assert.Equal(("lost", "lost"), ((await factory.ReloadAsync(old.Id)).StatusCode, await StepAsync(factory, old.Id)));
    }

    [Fact]
    public async Task Step_restrictions_refuse_the_same_change_on_every_path_with_the_same_message()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync(Flow);
        var lostStatus = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "lost").Select(s => s.Id).SingleAsync());
        var open = await factory.OpportunityAsync($"Open {tag}", adminId, account, "negotiation", budget: 900m);
        const string Message = "Status cannot be Closed Lost here";

        // Form, inline edit, board drop without the transition, mass action, import: all refused.
        var form = await admin.GetFormAsync($"/opportunities/{open.Id}/edit", "data-opportunity-form");
        var formAnswer = await form.Set("StatusId", lostStatus.ToString()).Set("CloseReasonCode", "outsold").PostAsync(admin, $"/opportunities/{open.Id}/edit");
        var inline = await admin.PostFormAsync($"/opportunities/{open.Id}/inline", [new("version", "0"), new("field", "status"), new("value", "lost")], "/opportunities");
        var board = await admin.PostFormAsync($"/opportunities/{open.Id}/status",
            [new("version", "0"), new("statusId", lostStatus.ToString()), new("closeReason", "outsold"), new("board", "?view=all")], "/opportunities/board");
        var mass = await admin.PostFormAsync("/opportunities/mass",
            [new("action", "status"), new("ids", open.Id.ToString()), new("versions[" + open.Id + "]", "0"), new("statusId", lostStatus.ToString()), new("closeReason", "outsold")], "/opportunities");
        var job = await factory.ImportAsync(admin, $"Id,Opportunity name,Status Id,Close reason Name\n{open.Id},Open {tag},lost,outsold\n");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, formAnswer.StatusCode);
        Assert.Contains(Message, WebUtility.HtmlDecode(await formAnswer.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, inline.StatusCode);
        Assert.Contains(Message, await inline.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, board.StatusCode);
        Assert.Contains(Message, await board.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, mass.StatusCode);
        var error = Assert.Single(await factory.ErrorsAsync(job.Id));
        Assert.Contains(Message, error.Message, StringComparison.Ordinal);
        Assert.Equal(("negotiation", 0L), ((await factory.ReloadAsync(open.Id)).StatusCode, (await factory.ReloadAsync(open.Id)).Version));

        // The message names the way: the flow's Close as Lost transition.
        Assert.Contains("Use its Close as Lost transition.", await inline.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A new record cannot start closed either; close revenue is read-only in Open.
        var created = await admin.GetFormAsync("/opportunities/create", "data-opportunity-form");
        var createAnswer = await created.Set("Name", $"New {tag}").Set("AccountId", account.ToString()).Set("CloseRevenueAmount", "10").PostAsync(admin, "/opportunities/create");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, createAnswer.StatusCode);
        Assert.Contains("Close revenue cannot be changed here: a new opportunity starts in step Open", WebUtility.HtmlDecode(await createAnswer.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // Other fields stay editable: the restriction is the step's, not the record's.
        var allowed = await admin.PostFormAsync($"/opportunities/{open.Id}/inline", [new("version", "0"), new("field", "probability"), new("value", "45")], "/opportunities");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_closed_deal_in_step_Won_keeps_its_closing_data_read_only_until_reopened()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync(Flow);
        var deal = await factory.OpportunityAsync($"Won {tag}", adminId, account, "negotiation", budget: 700m);
        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, deal.Id, "close_won", ("closeDate", "2026-11-30"))).StatusCode);
        var version = (await factory.ReloadAsync(deal.Id)).Version;

        var budget = await admin.PostFormAsync($"/opportunities/{deal.Id}/inline", [new("version", version.ToString()), new("field", "budget"), new("value", "800")], "/opportunities");
        var notes = await admin.PostFormAsync($"/opportunities/{deal.Id}/inline", [new("version", version.ToString()), new("field", "name"), new("value", $"Won renamed {tag}")], "/opportunities");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, budget.StatusCode);
        Assert.Contains("Budget amount cannot be changed here: the opportunity is in step Won of the Opportunity Management Flow.", await budget.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, notes.StatusCode);
        Assert.Equal(700m, (await factory.ReloadAsync(deal.Id)).BudgetAmount);
    }

    [Fact]
    public async Task Perform_is_granted_per_role_and_transition_and_a_hidden_record_is_404()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync(Flow);
        var (rep, repUser) = await factory.RepAsync();
        var repAccount = await factory.AccountAsync($"Rep {tag}", repUser.Id);
        var own = await factory.OpportunityAsync($"Rep deal {tag}", repUser.Id, repAccount, "in_progress");
        var others = await factory.OpportunityAsync($"Admin deal {tag}", adminId, account, "in_progress");

        Assert.Equal(HttpStatusCode.NotFound, (await RunAsync(rep, others.Id, "develop", ("status", "negotiation"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await rep.GetAsync($"/opportunities/{others.Id}/workflows/{Flow}/develop")).StatusCode);

        // Without Perform on Close as Lost, the button is gone and the run is refused.
        await factory.WithDbAsync(async db =>
        {
            var role = await db.Roles.Where(r => r.Name == SystemRoles.SalesRep).Select(r => r.Id).SingleAsync();
            await db.WorkflowTransitionGrants.Where(g => g.RoleId == role && g.WorkflowName == Flow && g.Transition == "close_lost").ExecuteDeleteAsync();
            (await db.DataRevisions.SingleAsync(r => r.Name == Domain.Configuration.DataRevision.Security)).Revision++;
            await db.SaveChangesAsync();
        });
        var page = await rep.GetStringAsync($"/opportunities/{own.Id}");
        Assert.Contains($"/workflows/{Flow}/close_won", page, StringComparison.Ordinal);
        Assert.DoesNotContain($"/workflows/{Flow}/close_lost", page, StringComparison.Ordinal);
        var refused = await RunAsync(rep, own.Id, "close_lost", ("closeReason", "outsold"), ("closeDate", "2026-12-01"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("in_progress", (await factory.ReloadAsync(own.Id)).StatusCode);

        // Its form is refused too, by URL as in the dialog (issue 23: it answered 200).
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync($"/opportunities/{own.Id}/workflows/{Flow}/close_lost")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rep.GetAsync($"/opportunities/{own.Id}/workflows/{Flow}/close_won")).StatusCode);

        // System → Workflows needs Manage Workflows.
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync("/system/workflows")).StatusCode);
    }

    /// <summary>
    /// Issue 23: a budget no database can hold, typed in Develop, is refused with the field's message
    /// beside the field and what was typed kept (before: the database overflowed and the answer was
    /// "changed by someone else", replacing the input).
    /// </summary>
    [Fact]
    public async Task A_budget_too_large_for_the_database_is_refused_beside_its_field_and_the_input_is_kept()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync(Flow);
        var deal = await factory.OpportunityAsync($"Huge {tag}", adminId, account, "in_progress", budget: 10m);

        var refused = await RunAsync(admin, deal.Id, "develop", ("status", "negotiation"), ("budget", "99999999999999999"), ("budgetCurrency", "USD"));
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("The budget amount can be at most 922,337,203,685,477.", page, StringComparison.Ordinal);
        Assert.Contains("value=\"99999999999999999\"", page, StringComparison.Ordinal);
        Assert.Matches("class=\"invalid-feedback d-block\" id=\"[^\"]*\">The budget amount can be at most", page);
        Assert.DoesNotContain("data-testid=\"transition-errors\"", page, StringComparison.Ordinal);
        Assert.Equal(10m, (await factory.ReloadAsync(deal.Id)).BudgetAmount);
    }

    [Fact]
    public async Task Two_transitions_at_once_on_one_record_have_one_winner()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync(Flow);
        var deal = await factory.OpportunityAsync($"Race {tag}", adminId, account, "negotiation", budget: 300m);
        var other = await factory.AdminAsync();

        // Both forms were built from version 0: whichever lands second is refused with the conflict message.
        var answers = await Task.WhenAll(
            RunAsync(admin, deal.Id, Flow, "close_won", 0, ("closeDate", "2026-12-01")),
            RunAsync(other, deal.Id, Flow, "close_lost", 0, ("closeReason", "cancelled"), ("closeDate", "2026-12-01")));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Redirect));
        var loser = Assert.Single(answers, a => a.StatusCode == HttpStatusCode.Conflict);
        Assert.Contains("changed by someone else", await loser.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDbAsync(db => db.WorkflowTransitionLogs.CountAsync(l => l.EntityId == deal.Id)));
        var stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal(stored.StatusCode == "won" ? "won" : "lost", await StepAsync(factory, deal.Id));
    }

    [Fact]
    public async Task The_support_flow_runs_beside_the_management_flow()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync(Flow, Support);
        var deal = await factory.OpportunityAsync($"Support {tag}", adminId, account, "negotiation");

        var complaint = await RunAsync(admin, deal.Id, Support, "register_complaint", null, ("additionalComments", "Delivery was late"));
        Assert.Equal(HttpStatusCode.Redirect, complaint.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, deal.Id, Support, "resolve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await RunAsync(admin, deal.Id, "develop", ("status", "solution_development"))).StatusCode);

        Assert.Equal("Delivery was late", (await factory.ReloadAsync(deal.Id)).Notes);
        Assert.Equal(("complaint_resolved", "open"), (await StepAsync(factory, deal.Id, Support), await StepAsync(factory, deal.Id)));
        var page = await admin.GetStringAsync($"/opportunities/{deal.Id}");
        Assert.Contains("Specify the Complaint", page, StringComparison.Ordinal);
        Assert.Contains("Request Feedback", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_definition_is_refused_with_every_error_or_uploaded_and_run()
    {
        var (factory, admin, adminId, account, tag) = await SetUpAsync();
        var broken = "name: qualify_flow\nlabel: Qualify\nentity: opportunity\nsteps:\n  - { name: new, label: New }\ntransitions:\n  - { name: go, label: Go, from: [new], to: new, colour: red }\n";

        var refused = await UploadAsync(admin, broken);
        var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("2 errors", page, StringComparison.Ordinal);
        Assert.Contains("steps[0]", page, StringComparison.Ordinal);
        Assert.Contains("'colour' is not a property here.", page, StringComparison.Ordinal);

        var custom = $"""
            name: qualify_{tag}
            label: Qualification {tag}
            entity: opportunity
            startStep: new
            steps:
              - {"{"} name: new, label: New, order: 10 {"}"}
              - {"{"} name: qualified, label: Qualified, order: 20, restrictions: [{"{"} field: budget, readOnly: true {"}"}] {"}"}
            transitions:
              - name: qualify
                label: Qualify
                from: [new]
                to: qualified
                form:
                  - {"{"} field: budget, required: true {"}"}
                conditions:
                  - {"{"} kind: notEmpty, field: contact, message: "Pick the contact first." {"}"}
                effects:
                  - {"{"} field: status, value: needs_analysis {"}"}
            """;
        Assert.Equal(HttpStatusCode.Redirect, (await UploadAsync(admin, custom)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"/system/workflows/qualify_{tag}/activate", [], "/system/workflows")).StatusCode);
        var deal = await factory.OpportunityAsync($"Custom {tag}", adminId, account, "in_progress");

        var noContact = await RunAsync(admin, deal.Id, $"qualify_{tag}", "qualify", null, ("budget", "5000"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noContact.StatusCode);
        Assert.Contains("Pick the contact first.", await noContact.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var contact = await factory.ContactAsync("Ada", $"Custom{tag}", null, adminId, account);
        await factory.WithDbAsync(async db => await db.Opportunities.Where(o => o.Id == deal.Id).ExecuteUpdateAsync(s => s.SetProperty(o => o.ContactId, contact)));
        var ran = await RunAsync(admin, deal.Id, $"qualify_{tag}", "qualify", null, ("budget", "5000"));
        Assert.Equal(HttpStatusCode.Redirect, ran.StatusCode);
        var stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal(("needs_analysis", 5000m), (stored.StatusCode, stored.BudgetAmount!.Value));

        var locked = await admin.PostFormAsync($"/opportunities/{deal.Id}/inline", [new("version", stored.Version.ToString()), new("field", "budget"), new("value", "1")], "/opportunities");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, locked.StatusCode);
        Assert.Contains($"step Qualified of the Qualification {tag}", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var download = await admin.GetStringAsync($"/system/workflows/qualify_{tag}/download");
        Assert.Equal(custom, download);
    }

    private static Task<bool> IsActiveAsync(OroAppFactory factory, string name) =>
        factory.WithDbAsync(db => db.WorkflowDefinitions.Where(w => w.Name == name).Select(w => w.IsActive).SingleAsync());

    private static string WorkflowDefinitionText(string name, string label) =>
        Application.Workflows.WorkflowAdministration.SystemDefinitionText("opportunity_flow.yaml")
            .Replace("name: opportunity_flow", $"name: {name}", StringComparison.Ordinal)
            .Replace("label: Opportunity Management Flow", $"label: {label}", StringComparison.Ordinal);

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string text)
    {
        var token = await client.GetAntiforgeryTokenAsync("/system/workflows");
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        content.Add(file, "file", "workflow.yaml");
        return await client.PostAsync("/system/workflows/upload", content);
    }
}

public sealed class SqliteWorkflowTests(SqliteAppFixture fixture) : WorkflowTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresWorkflowTests(PostgresAppFixture fixture) : WorkflowTests(fixture), IClassFixture<PostgresAppFixture>;
