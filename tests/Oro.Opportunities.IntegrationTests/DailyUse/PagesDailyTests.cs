using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.ImportExport.ImportTestSupport;

namespace Oro.Opportunities.IntegrationTests.DailyUse;

/// <summary>
/// The pages in daily use (issue 13): the change history for people, one money format, close reason
/// labels, the pager, Export Grid, the probability that no longer follows the status, the home page.
/// </summary>
public abstract partial class PagesDailyTests(AppFixture fixture)
{
    private const string Password = "pages-test-password-1";

    private static string Invariant(long value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<(OroAppFactory Factory, HttpClient Client, int UserId, string DisplayName)> RepAsync()
    {
        var factory = fixture.Start();
        var name = "pages" + Guid.NewGuid().ToString("N")[..8];
        var user = await factory.CreateUserAsync(name, Password, [SystemRoles.SalesRep]);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(name, Password);
        return (factory, client, user.Id, $"{user.FirstName} {user.LastName}");
    }

    /// <summary>The change history section of a view page, as text (entities decoded).</summary>
    private static string HistoryOf(string html)
    {
        var start = html.IndexOf("data-testid=\"history\"", StringComparison.Ordinal);
        Assert.True(start >= 0, "The view page has no change history.");
        return WebUtility.HtmlDecode(Tags().Replace(html[start..], " "));
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [Fact]
    public async Task The_history_shows_labels_display_names_and_money_with_its_currency_and_hides_internal_fields()
    {
        var (factory, client, userId, displayName) = await RepAsync();
        await factory.SetRateAsync("JPY", 0.0067m);
        var account = await factory.AccountAsync(Unique("History account"), userId);
        var name = Unique("History deal");

        var open = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "in_progress").Select(s => s.Id).SingleAsync());
        var created = await client.PostFormAsync("/opportunities/create", [new("OwnerId", Invariant(userId)), new("Name", name), new("AccountId", Invariant(account)), new("StatusId", Invariant(open)), new("BudgetAmount", "100"), new("BudgetCurrency", "USD")], "/opportunities/create");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var deal = await factory.WithDbAsync(db => db.Opportunities.AsNoTracking().SingleAsync(o => o.Name == name));
        var budget = await client.PostFormAsync($"/opportunities/{deal.Id}/inline", [new("version", Invariant(deal.Version)), new("field", "budget"), new("value", "5000"), new("currency", "JPY")], "/opportunities");
        Assert.Equal(HttpStatusCode.OK, budget.StatusCode);
        var lost = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "lost").Select(s => s.Id).SingleAsync());
        var closed = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", Invariant(deal.Version + 1)), new("statusId", Invariant(lost)), new("closeReason", "outsold")], "/opportunities");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        var externalId = "EXT-" + Guid.NewGuid().ToString("N")[..8];
        var job = await factory.ImportAsync(client, $"Id,Opportunity name,External id\r\n{deal.Id},{name},{externalId}\r\n");
        Assert.Equal(1, job.RowsUpdated);

        var page = await client.GetStringAsync($"/opportunities/{deal.Id}");
        var history = Spaces().Replace(HistoryOf(page), " ");

        Assert.Contains($"{displayName} · Created", history, StringComparison.Ordinal);
        Assert.Contains($"{displayName} · Changed", history, StringComparison.Ordinal);
        Assert.Contains("Budget amount : USD 100.00 → JPY 5,000", history, StringComparison.Ordinal);
        Assert.Contains("Status : Open → Closed Lost", history, StringComparison.Ordinal);
        Assert.Contains("Close reason : — → Outsold", history, StringComparison.Ordinal);
        Assert.Contains("Close revenue : — → USD 0.00", history, StringComparison.Ordinal);
        Assert.Contains("Opportunity name : — → " + name, history, StringComparison.Ordinal);
        foreach (var internalName in new[] { "ClosedAt", "Closed at", "StatusCode", "External id", "ExternalId", "outsold", "CloseReasonCode", "Updated", "OwnerId", "BudgetCurrency", "5000.0000" })
        {
            Assert.DoesNotContain(internalName, history, StringComparison.Ordinal);
        }

        // The External id is on the page, where it belongs, rather than in the history.
        Assert.Contains(externalId, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Money_has_one_format_everywhere_and_close_reasons_show_their_labels()
    {
        var (factory, client, userId, _) = await RepAsync();
        await factory.SetRateAsync("JPY", 0.0067m);
        var account = await factory.AccountAsync(Unique("Yen account"), userId);
        var tag = Guid.NewGuid().ToString("N")[..8];
        var deal = await factory.OpportunityAsync($"Yen {tag}", userId, account, "lost", budget: 5000m, currency: "JPY", closeDate: new DateOnly(2026, 1, 5), closeReason: "outsold");

        var grid = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities?view=all&name={tag}&cols=name,budget,closeReason"));
        var accountPage = WebUtility.HtmlDecode(await client.GetStringAsync($"/accounts/{account}"));
        var view = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities/{deal.Id}"));

        foreach (var html in new[] { grid, accountPage, view })
        {
            Assert.Contains("JPY 5,000", html, StringComparison.Ordinal);
            Assert.DoesNotContain("JPY 5,000.00", html, StringComparison.Ordinal);
        }

        Assert.Matches(@"data-col=""closeReason""[^>]*>\s*<span class=""cell-text"" title=""Outsold"" data-cell-text>Outsold</span>", grid);
    }

    [Fact]
    public async Task The_pager_shows_the_range_first_and_last_pages_and_jumps_to_a_page()
    {
        var (factory, client, userId, _) = await RepAsync();
        var account = await factory.AccountAsync(Unique("Pager account"), userId);
        var tag = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 12; i++)
        {
            await factory.OpportunityAsync($"Pager {tag} {i:00}", userId, account);
        }

        var second = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities?view=all&name={tag}&size=10&page=2"));
        var beyond = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities?view=all&name={tag}&size=10&page=99"));

        Assert.Contains("11–12 of 12", second, StringComparison.Ordinal);
        Assert.Contains("Page 2 of 2", second, StringComparison.Ordinal);
        Assert.Matches(@"href=""[^""]*page=1""[^>]*aria-label=""First page""", second);
        Assert.Matches(@"href=""[^""]*page=2""[^>]*aria-label=""Last page""", second);
        Assert.Matches(@"<input class=""form-control form-control-sm page-number"" type=""number"" id=""page-number"" name=""page"" min=""1"" max=""2""", second);
        Assert.Contains("11–12 of 12", beyond, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_grid_writes_the_rows_in_the_grids_order_in_the_import_format_or_the_visible_columns()
    {
        var (factory, client, userId, _) = await RepAsync();
        var account = await factory.AccountAsync(Unique("Export account"), userId);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await factory.OpportunityAsync($"Export {tag} thirty", userId, account, budget: 30m);
        await factory.OpportunityAsync($"Export {tag} ten", userId, account, budget: 10m);
        await factory.OpportunityAsync($"Export {tag} twenty", userId, account, "lost", budget: 20m, closeDate: new DateOnly(2026, 2, 1), closeReason: "cancelled");

        var import = ParseCsv(await client.GetStringAsync($"/opportunities/export?view=all&name={tag}&sort=budget&dir=asc"));
        var visible = ParseCsv(await client.GetStringAsync($"/opportunities/export?view=all&name={tag}&sort=budget&dir=desc&format=visible&cols=name,budget,closeReason"));

        Assert.Equal(Header.Split(','), import[0]);
        Assert.Equal([$"Export {tag} ten", $"Export {tag} twenty", $"Export {tag} thirty"], import.Skip(1).Select(r => r[1]));
        Assert.Equal(["Opportunity name", "Budget amount", "Budget amount currency", "Close reason"], visible[0]);
        Assert.Equal([$"Export {tag} thirty", "30.00", "USD", ""], visible[1]);
        Assert.Equal([$"Export {tag} twenty", "20.00", "USD", "Cancelled"], visible[2]);
        Assert.Equal($"Export {tag} ten", visible[3][0]);
        Assert.Equal(4, visible.Count);
    }

    [Fact]
    public async Task A_probability_entered_by_hand_is_marked_and_use_the_status_default_brings_it_back()
    {
        var (factory, client, userId, _) = await RepAsync();
        var account = await factory.AccountAsync(Unique("Manual account"), userId);
        var deal = await factory.OpportunityAsync(Unique("Manual deal"), userId, account, "negotiation", probability: 35);
        Assert.Equal(35, deal.Probability);

        var grid = await client.GetStringAsync($"/opportunities?view=all&name={Uri.EscapeDataString(deal.Name)}");
        Assert.Matches(@"data-manual-marker(?! hidden)", grid);
        Assert.Contains("entered by hand", await client.GetStringAsync($"/opportunities/{deal.Id}"), StringComparison.Ordinal);
        Assert.Contains("Entered by hand: it no longer follows the status (default 80 %)", WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities/{deal.Id}/edit")), StringComparison.Ordinal);

        var refused = await client.PostFormAsync($"/opportunities/{deal.Id}/inline", [new("version", "0"), new("field", "probability"), new("value", "150")], "/opportunities");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        using (var error = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()))
        {
            Assert.Equal("The probability is a whole percent from 0 to 100.", error.RootElement.GetProperty("error").GetString());
        }

        var reset = await client.PostFormAsync($"/opportunities/{deal.Id}/inline", [new("version", "0"), new("field", "probability"), new("value", "")], "/opportunities");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        using var row = JsonDocument.Parse(await reset.Content.ReadAsStringAsync());
        Assert.Equal(80, row.RootElement.GetProperty("probability").GetInt32());
        Assert.False(row.RootElement.GetProperty("probabilityManual").GetBoolean());
        Assert.Equal(80, (await factory.ReloadAsync(deal.Id)).Probability);

        // From now on it follows the status again.
        var proposal = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == "solution_development").Select(s => new { s.Id, s.DefaultProbability }).SingleAsync());
        var moved = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", "1"), new("statusId", Invariant(proposal.Id))], "/opportunities");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(proposal.DefaultProbability, (await factory.ReloadAsync(deal.Id)).Probability);
    }

    [Fact]
    public async Task The_home_page_lists_my_deals_closing_this_month_my_overdue_deals_and_my_imports()
    {
        var (factory, client, userId, _) = await RepAsync();
        var today = new UserTime(DateTime.UtcNow, TimeZones.Find(await factory.WithDbAsync(async db =>
            (await db.Settings.Where(s => s.Key == "localization.time_zone").Select(s => s.Value).FirstOrDefaultAsync()) ?? "UTC")) ?? TimeZoneInfo.Utc).Today;
        var monthEnd = new DateOnly(today.Year, today.Month, 1).AddMonths(1).AddDays(-1);
        var account = await factory.AccountAsync(Unique("Home account"), userId);
        var tag = Guid.NewGuid().ToString("N")[..8];
        await factory.OpportunityAsync($"Closing {tag}", userId, account, closeDate: monthEnd, budget: 1000m);
        await factory.OpportunityAsync($"Late {tag}", userId, account, closeDate: today.AddDays(-3));
        await factory.OpportunityAsync($"Next month {tag}", userId, account, closeDate: monthEnd.AddDays(1));
        await factory.ImportAsync(client, Csv(Row(Unique("Home import"), Unique("Home import account"))));

        var home = WebUtility.HtmlDecode(await client.GetStringAsync("/"));

        Assert.Contains($"Closing {tag}", home, StringComparison.Ordinal);
        Assert.Contains($"Late {tag}", home, StringComparison.Ordinal);
        Assert.DoesNotContain($"Next month {tag}", home, StringComparison.Ordinal);
        Assert.Contains("Recent imports", home, StringComparison.Ordinal);
        Assert.Contains("opportunities.csv", home, StringComparison.Ordinal);
        Assert.DoesNotContain("come with the reporting work", home, StringComparison.Ordinal);
        Assert.DoesNotContain("not built yet", home, StringComparison.Ordinal);
    }
}

public sealed class SqlitePagesDailyTests(SqliteAppFixture fixture) : PagesDailyTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresPagesDailyTests(PostgresAppFixture fixture) : PagesDailyTests(fixture), IClassFixture<PostgresAppFixture>;
