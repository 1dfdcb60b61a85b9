using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Opportunities;

/// <summary>Create, edit, view, delete, inline edit and the grid, over HTTP, on each database.</summary>
public abstract class OpportunityPagesTests(AppFixture fixture)
{
    protected const string RepPassword = "sales-rep-password-1";

    protected async Task<(OroAppFactory Factory, HttpClient Client, int AdminId)> AdminAsync()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        return (factory, client, adminId);
    }

    protected static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    private static Dictionary<string, string> Form(string name, params (string Key, string Value)[] fields)
    {
        var form = new Dictionary<string, string> { ["Name"] = name, ["StatusId"] = "1", ["BudgetCurrency"] = "USD", ["CloseRevenueCurrency"] = "USD" };
        foreach (var (key, value) in fields)
        {
            form[key] = value;
        }

        return form;
    }

    private static async Task<int> StatusIdAsync(OroAppFactory factory, string code) =>
        await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());

    [Fact]
    public async Task Creating_with_a_typed_new_account_creates_the_account_and_records_history()
    {
        var (factory, client, adminId) = await AdminAsync();
        var accountName = Unique("Northwind");
        var name = Unique("Fleet rollout");
        var negotiation = await StatusIdAsync(factory, "negotiation");

        var response = await client.PostFormAsync("/opportunities/create", Form(name,
            ("AccountName", accountName), ("ContactName", "Maria Lopez"), ("StatusId", negotiation.ToString()), ("BudgetAmount", "125000.50"), ("OwnerId", adminId.ToString())), "/opportunities/create");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = int.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
        var stored = await factory.ReloadAsync(id);
        Assert.Equal(80, stored.Probability);
        Assert.Equal(125000.50m, stored.BudgetAmount);
        Assert.Equal(125000.50m, stored.BaseBudgetAmount);
        var account = await factory.WithDbAsync(db => db.Accounts.SingleAsync(a => a.Id == stored.AccountId));
        Assert.Equal(accountName, account.Name);
        var contact = await factory.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Id == stored.ContactId));
        Assert.Equal(("Maria", "Lopez", stored.AccountId), (contact.FirstName, contact.LastName, contact.AccountId));
        var history = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Opportunity" && a.EntityId == id).ToListAsync());
        var created = Assert.Single(history);
        Assert.Equal(AuditAction.Created, created.Action);
        Assert.Equal(adminId, created.UserId);
        var page = await client.GetStringAsync($"/opportunities/{id}");
        Assert.Contains(name, page, StringComparison.Ordinal);
        Assert.Contains("Opportunity saved", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_input_is_shown_beside_the_fields_and_nothing_is_stored()
    {
        var (factory, client, _) = await AdminAsync();
        var before = await factory.WithDbAsync(db => db.Opportunities.CountAsync());

        var response = await client.PostFormAsync("/opportunities/create", Form("", ("AccountName", ""), ("BudgetAmount", "-5"), ("Probability", "140")), "/opportunities/create");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("Enter the opportunity name.", html, StringComparison.Ordinal);
        Assert.Contains("Choose an account or type the name of a new one.", html, StringComparison.Ordinal);
        Assert.Contains("The budget amount cannot be negative.", html, StringComparison.Ordinal);
        Assert.Contains("The probability is a whole percent from 0 to 100.", html, StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.Opportunities.CountAsync()));
    }

    [Fact]
    public async Task Editing_the_status_moves_the_probability_on_the_server_too()
    {
        var (factory, client, adminId) = await AdminAsync();
        var account = await factory.AccountAsync(Unique("Acme"), adminId);
        var opportunity = await factory.OpportunityAsync(Unique("Deal"), adminId, account, "identification_alignment");
        var negotiation = await StatusIdAsync(factory, "negotiation");

        // The form posts the probability it showed (10): the server sees it unchanged and applies the rule.
        var response = await client.PostFormAsync($"/opportunities/{opportunity.Id}/edit", Form(opportunity.Name,
            ("Version", opportunity.Version.ToString()), ("AccountId", account.ToString()), ("AccountName", "x"), ("OwnerId", adminId.ToString()),
            ("StatusId", negotiation.ToString()), ("Probability", "10")), $"/opportunities/{opportunity.Id}/edit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await factory.ReloadAsync(opportunity.Id);
        Assert.Equal(80, stored.Probability);
        Assert.Equal(opportunity.Version + 1, stored.Version);
        var changes = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == opportunity.Id && a.EntityType == "Opportunity" && a.Action == AuditAction.Updated).Select(a => a.ChangesJson).SingleAsync());
        Assert.Contains("\"StatusCode\"", changes, StringComparison.Ordinal);
        Assert.Contains("\"negotiation\"", changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_the_current_values_and_nothing_is_overwritten()
    {
        var (factory, client, adminId) = await AdminAsync();
        var account = await factory.AccountAsync(Unique("Acme"), adminId);
        var opportunity = await factory.OpportunityAsync(Unique("Deal"), adminId, account);
        var fields = new (string, string)[] { ("AccountId", account.ToString()), ("AccountName", "x"), ("OwnerId", adminId.ToString()), ("StatusId", opportunity.StatusId.ToString()) };
        var first = await client.PostFormAsync($"/opportunities/{opportunity.Id}/edit", Form("First writer", [("Version", "0"), .. fields]), $"/opportunities/{opportunity.Id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);

        var second = await client.PostFormAsync($"/opportunities/{opportunity.Id}/edit", Form("Second writer", [("Version", "0"), .. fields]), $"/opportunities/{opportunity.Id}/edit");
        var html = await second.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Contains("This opportunity was changed by someone else", html, StringComparison.Ordinal);
        Assert.Contains("value=\"First writer\"", html, StringComparison.Ordinal);
        Assert.Equal("First writer", (await factory.ReloadAsync(opportunity.Id)).Name);
    }

    [Fact]
    public async Task Deleting_removes_the_opportunity()
    {
        var (factory, client, adminId) = await AdminAsync();
        var account = await factory.AccountAsync(Unique("Acme"), adminId);
        var opportunity = await factory.OpportunityAsync(Unique("Deal"), adminId, account);

        var response = await client.PostFormAsync($"/opportunities/{opportunity.Id}/delete", [], $"/opportunities/{opportunity.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/opportunities/{opportunity.Id}")).StatusCode);
    }

    [Fact]
    public async Task Inline_edits_go_through_the_rules_and_answer_with_the_row()
    {
        var (factory, client, adminId) = await AdminAsync();
        var account = await factory.AccountAsync(Unique("Acme"), adminId);
        var opportunity = await factory.OpportunityAsync(Unique("Deal"), adminId, account, "negotiation", budget: 1000m);
        var won = await StatusIdAsync(factory, "won");

        var probability = await client.PostFormAsync($"/opportunities/{opportunity.Id}/inline", [new("version", "0"), new("field", "probability"), new("value", "65")], "/opportunities?view=all");
        var json = JsonDocument.Parse(await probability.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, probability.StatusCode);
        Assert.Equal(65, json.GetProperty("probability").GetInt32());
        Assert.Equal("65 %", json.GetProperty("cells").GetProperty("probability").GetString());

        var lost = await StatusIdAsync(factory, "lost");
        var noReason = await client.PostFormAsync($"/opportunities/{opportunity.Id}/status", [new("version", "1"), new("statusId", lost.ToString())], "/opportunities?view=all");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("Outsold or Cancelled", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var stale = await client.PostFormAsync($"/opportunities/{opportunity.Id}/inline", [new("version", "0"), new("field", "name"), new("value", "Stale")], "/opportunities?view=all");
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);

        var close = await client.PostFormAsync($"/opportunities/{opportunity.Id}/status", [new("version", "1"), new("statusId", won.ToString()), new("closeDate", "2026-11-20")], "/opportunities?view=all");
        Assert.Equal(HttpStatusCode.OK, close.StatusCode);
        var stored = await factory.ReloadAsync(opportunity.Id);
        Assert.Equal((100, "won", 1000m), (stored.Probability!.Value, stored.CloseReasonCode!, stored.CloseRevenueAmount!.Value));
        Assert.NotNull(stored.ClosedAt);
    }

    [Fact]
    public async Task The_grid_filters_sorts_by_amount_numerically_and_totals_the_whole_filtered_set_in_base_currency()
    {
        var (factory, client, adminId) = await AdminAsync();
        await factory.SetRateAsync("EUR", 1.1m);
        var account = await factory.AccountAsync(Unique("Grid"), adminId);
        var tag = Guid.NewGuid().ToString("N")[..6];
        // 900 < 10000 numerically but not as text: the order proves the database compares numbers.
        await factory.OpportunityAsync($"G{tag} small", adminId, account, "negotiation", budget: 900m, probability: 50);
        await factory.OpportunityAsync($"G{tag} large", adminId, account, "negotiation", budget: 10000m, probability: 50);
        await factory.OpportunityAsync($"G{tag} euro", adminId, account, "negotiation", budget: 1000m, currency: "EUR", probability: 50);
        await factory.OpportunityAsync($"G{tag} other status", adminId, account, "needs_analysis", budget: 5000m);

        var html = await client.GetStringAsync($"/opportunities?view=all&name=G{tag}&status=negotiation&sort=budget&dir=desc&size=10&cols=name,budget,baseBudget");

        var large = html.IndexOf($"G{tag} large", StringComparison.Ordinal);
        var euro = html.IndexOf($"G{tag} euro", StringComparison.Ordinal);
        var small = html.IndexOf($"G{tag} small", StringComparison.Ordinal);
        Assert.True(large > 0 && large < euro && euro < small, "Rows are not in descending budget order.");
        Assert.DoesNotContain($"G{tag} other status", html, StringComparison.Ordinal);
        // 900 + 10000 + 1000 EUR × 1.1 = 12000 USD; never 11900 (raw amounts added across currencies).
        Assert.Contains("data-total=\"count\">3<", html, StringComparison.Ordinal);
        Assert.Contains("USD 12,000.00", html, StringComparison.Ordinal);
        Assert.Contains("USD 6,000.00", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rate_change_revalues_open_deals_and_leaves_closed_ones_as_they_closed()
    {
        var (factory, _, adminId) = await AdminAsync();
        await factory.SetRateAsync("CHF", 1.1m);
        var account = await factory.AccountAsync(Unique("Rates"), adminId);
        var open = await factory.OpportunityAsync(Unique("Open"), adminId, account, "negotiation", budget: 1000m, currency: "CHF");
        var won = await factory.OpportunityAsync(Unique("Won"), adminId, account, "won", budget: 1000m, currency: "CHF", closeDate: new DateOnly(2026, 11, 1));

        await factory.SetRateAsync("CHF", 1.25m);

        Assert.Equal(1250m, (await factory.ReloadAsync(open.Id)).BaseBudgetAmount);
        var closed = await factory.ReloadAsync(won.Id);
        Assert.Equal(1100m, closed.BaseBudgetAmount);
        Assert.Equal(1100m, closed.BaseCloseRevenue);
    }

    [Fact]
    public async Task A_sales_rep_only_ever_reaches_their_own_opportunities()
    {
        var (factory, admin, adminId) = await AdminAsync();
        var rep = await factory.CreateUserAsync("rep" + Guid.NewGuid().ToString("N")[..8], RepPassword, [SystemRoles.SalesRep]);
        var other = await factory.CreateUserAsync("rep" + Guid.NewGuid().ToString("N")[..8], RepPassword, [SystemRoles.SalesRep]);
        var account = await factory.AccountAsync(Unique("Shared"), adminId);
        var tag = Guid.NewGuid().ToString("N")[..6];
        var mine = await factory.OpportunityAsync($"R{tag} mine", rep.Id, account, budget: 100m);
        var theirs = await factory.OpportunityAsync($"R{tag} theirs", other.Id, account, budget: 900m);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(rep.UserName!, RepPassword);

        var grid = await client.GetStringAsync($"/opportunities?view=all&name=R{tag}");
        Assert.Contains($"R{tag} mine", grid, StringComparison.Ordinal);
        Assert.DoesNotContain($"R{tag} theirs", grid, StringComparison.Ordinal);
        Assert.Contains("data-total=\"count\">1<", grid, StringComparison.Ordinal);
        Assert.Contains("USD 100.00", grid, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/opportunities/{mine.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/opportunities/{theirs.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/opportunities/{theirs.Id}/edit")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/opportunities/{theirs.Id}/edit", Form("Hijack", ("Version", "0"), ("AccountId", account.ToString())), "/opportunities?view=all")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/opportunities/{theirs.Id}/delete", [], "/opportunities?view=all")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/opportunities/{theirs.Id}/inline", [new("version", "0"), new("field", "name"), new("value", "x")], "/opportunities?view=all")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostFormAsync($"/opportunities/{theirs.Id}/status", [new("version", "0"), new("statusId", "2")], "/opportunities?view=all")).StatusCode);
        var mass = await client.PostFormAsync("/opportunities/mass", [new("action", "delete"), new("ids", theirs.Id.ToString()), new("versions[" + theirs.Id + "]", theirs.Version.ToString()), new("ids", mine.Id.ToString()), new("versions[" + mine.Id + "]", mine.Version.ToString())], "/opportunities?view=all");
        Assert.Equal(HttpStatusCode.Redirect, mass.StatusCode);

        var survivor = await factory.ReloadAsync(theirs.Id);
        Assert.Equal($"R{tag} theirs", survivor.Name);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/opportunities/{mine.Id}")).StatusCode);
        var lookup = await client.GetStringAsync($"/opportunities/lookup/accounts?q=Shared");
        Assert.DoesNotContain("Shared", lookup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mass_change_status_applies_the_rules_to_each_and_reports_the_refusals()
    {
        var (factory, client, adminId) = await AdminAsync();
        var account = await factory.AccountAsync(Unique("Mass"), adminId);
        var withDate = await factory.OpportunityAsync(Unique("Dated"), adminId, account, "negotiation", budget: 10m, closeDate: new DateOnly(2026, 12, 1));
        var withoutDate = await factory.OpportunityAsync(Unique("Undated"), adminId, account, "negotiation", budget: 10m);
        var won = await StatusIdAsync(factory, "won");

        var response = await client.PostFormAsync("/opportunities/mass", [new("returnQuery", "?view=all"), new("action", "status"), new("statusId", won.ToString()), new("ids", withDate.Id.ToString()), new("versions[" + withDate.Id + "]", withDate.Version.ToString()), new("ids", withoutDate.Id.ToString()), new("versions[" + withoutDate.Id + "]", withoutDate.Version.ToString())], "/opportunities?view=all");
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);

        // Closing without a close date uses today, on the mass action as everywhere (spec §3.3).
        Assert.Contains("2 opportunities updated.", page, StringComparison.Ordinal);
        Assert.Equal("won", (await factory.ReloadAsync(withDate.Id)).StatusCode);
        Assert.Equal(new DateOnly(2026, 12, 1), (await factory.ReloadAsync(withDate.Id)).CloseDate);
        var undated = await factory.ReloadAsync(withoutDate.Id);
        Assert.Equal(("won", DateOnly.FromDateTime(DateTime.UtcNow)), (undated.StatusCode, undated.CloseDate!.Value));
    }

    [Fact]
    public async Task Saved_views_are_per_user_and_the_default_one_opens_first()
    {
        var (factory, client, _) = await AdminAsync();
        var name = Unique("Big deals");

        var saved = await client.PostFormAsync("/opportunities/views", [new("name", name), new("query", "?view=all&budgetMin=50000&sort=budget&dir=desc")], "/opportunities?view=all");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var id = await factory.WithDbAsync(db => db.SavedGridViews.Where(v => v.Name == name).Select(v => v.Id).SingleAsync());
        await client.PostFormAsync("/opportunities/views/default", [new("id", id.ToString())], "/opportunities?view=all");
        HttpResponseMessage opened;
        try
        {
            opened = await client.GetAsync("/opportunities");
        }
        finally
        {
            await client.PostFormAsync("/opportunities/views/default", [new("id", "")], "/opportunities?view=all");
        }

        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Contains("budgetMin=50000", opened.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains($"savedView={id}", opened.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var rep = await factory.CreateUserAsync("rep" + Guid.NewGuid().ToString("N")[..8], RepPassword, [SystemRoles.SalesRep]);
        var repClient = factory.CreateBrowserLikeClient();
        await repClient.SignInAsync(rep.UserName!, RepPassword);
        Assert.Equal(HttpStatusCode.OK, (await repClient.GetAsync("/opportunities")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await repClient.PostFormAsync($"/opportunities/views/{id}/delete", [], "/opportunities?view=all")).StatusCode);
    }
}

public sealed class SqliteOpportunityPagesTests(SqliteAppFixture fixture) : OpportunityPagesTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresOpportunityPagesTests(PostgresAppFixture fixture) : OpportunityPagesTests(fixture), IClassFixture<PostgresAppFixture>;
