using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Board;

/// <summary>The board's filters and views (the grid's), what its header says is applied, and what a card shows.</summary>
public abstract partial class BoardTests
{
    /// <summary>The ids of the statuses whose column the board shows (a status the view leaves out is rendered hidden).</summary>
    private static HashSet<int> ShownColumns(string html) =>
        ColumnPattern().Matches(html).Where(m => !m.Groups[2].Value.Contains(" hidden", StringComparison.Ordinal)).Select(m => int.Parse(m.Groups[1].Value)).ToHashSet();

    [Fact]
    public async Task The_open_view_shows_only_open_columns_and_its_totals_count_the_open_deals_matching_the_name()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        var open = await factory.OpportunityAsync($"B{tag} open", adminId, account, "in_progress", 1000m);
        var negotiating = await factory.OpportunityAsync($"B{tag} negotiating", adminId, account, "negotiation", 2000.01m, probability: 30);
        var won = await factory.OpportunityAsync($"B{tag} won", adminId, account, "won", 5000m);
        await factory.OpportunityAsync($"Other {tag}", adminId, account, "in_progress", 700m);
        var statuses = await factory.WithDbAsync(db => db.OpportunityStatuses.Select(s => new { s.Id, s.Kind }).ToListAsync());
        var openIds = statuses.Where(s => s.Kind == Domain.Statuses.StatusKind.Open).Select(s => s.Id).ToHashSet();

        var html = await client.GetStringAsync($"/opportunities/board?view=open&name=B{tag}");
        var all = await client.GetStringAsync($"/opportunities/board?view=all&name=B{tag}");

        Assert.True(openIds.SetEquals(ShownColumns(html)), "The Open view shows the open statuses only.");
        Assert.Equal(statuses.Count, ShownColumns(all).Count);
        Assert.Equal(new[] { negotiating.Id, open.Id }.Order(), CardIds(html).Order());
        Assert.Equal((1, "USD 1,000.00", "USD 0.00"), Totals(html, open.StatusId));

        // 2,000.01 × 30 % = 600.003: shown to the cent, never with three decimals.
        Assert.Equal((1, "USD 2,000.01", "USD 600.00"), Totals(html, negotiating.StatusId));
        Assert.Equal(0, Totals(html, won.StatusId).Count);
        Assert.Equal((1, "USD 5,000.00"), (Totals(all, won.StatusId).Count, Totals(all, won.StatusId).Budget));
        Assert.Contains("USD 2.00 K</abbr>", html, StringComparison.Ordinal);

        // The header says what is applied; Move to… still offers the closed statuses, as leaving the view.
        var text = WebUtility.HtmlDecode(html);
        Assert.Contains("data-testid=\"applied-view\">Open Opportunities<", text, StringComparison.Ordinal);
        Assert.Contains($"Name contains “B{tag}”", text, StringComparison.Ordinal);
        Assert.Matches(new Regex($"data-move-to=\"{won.StatusId}\" data-leaves-view=\"true\""), html);
        Assert.Contains("<kbd>M</kbd> moves it.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("@if", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grid_and_board_carry_the_view_and_filters_both_ways_and_a_card_deleted_on_the_board_returns_to_them()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        var deal = await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", 10m);

        // The grid without a view shows Open: the board it links to says so.
        var grid = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities?name=B{tag}"));
        Assert.Contains($"href=\"/opportunities/board?view=open&name=B{tag}\"", grid, StringComparison.Ordinal);

        var board = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities/board?view=open&name=B{tag}&sort=name&dir=asc"));
        Assert.Contains($"href=\"/opportunities?view=open&name=B{tag}&sort=name&dir=asc\"", board, StringComparison.Ordinal);
        var returnUrl = Regex.Match(board, "name=\"returnUrl\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal($"/opportunities/board?view=open&name=B{tag}&sort=name&dir=asc", returnUrl);

        var deleted = await client.PostFormAsync($"/opportunities/{deal.Id}/delete", [new("returnUrl", returnUrl)], "/opportunities/board");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(returnUrl, deleted.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_filter_form_as_submitted_with_any_owner_filters_the_board_and_the_grid_without_a_warning()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", 10m);
        const string Empty = "&nameOp=contains&account=&contact=&email=&owner=&team=&createdFrom=&closeTo=&budgetMin=&budgetCurrency=&probabilityMax=&closeReason=";

        var board = await client.GetAsync($"/opportunities/board?view=open&name=B{tag}{Empty}");
        var grid = await client.GetAsync($"/opportunities?view=open&name=B{tag}{Empty}");

        foreach (var response in new[] { board, grid })
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.DoesNotContain("is not valid", html, StringComparison.Ordinal);
        }

        Assert.Single(CardIds(await board.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_saved_view_names_the_board_only_while_its_filters_are_applied()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", 10m);
        var saved = await client.PostFormAsync("/opportunities/views", [new("name", $"Mine {tag}"), new("query", $"?view=open&name=B{tag}")], "/opportunities");
        var location = saved.Headers.Location!.OriginalString;
        var id = Regex.Match(location, @"savedView=(\d+)").Groups[1].Value;

        var asSaved = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities/board?view=open&name=B{tag}&savedView={id}"));
        var bare = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities/board?savedView={id}"));

        Assert.Contains($"data-testid=\"applied-view\">Mine {tag}<", asSaved, StringComparison.Ordinal);
        Assert.Contains($"href=\"/opportunities/board?view=open&name=B{tag}&savedView={id}\"", asSaved, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"applied-view\">All Opportunities<", bare, StringComparison.Ordinal);
        Assert.DoesNotContain($">Mine {tag}</button>", bare, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_card_shows_its_close_date_as_overdue_its_owner_and_the_days_in_its_status()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        var late = await factory.OpportunityAsync($"B{tag} late", adminId, account, "negotiation", 10m, closeDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3));
        var fresh = await factory.OpportunityAsync($"B{tag} fresh", adminId, account, "negotiation", 10m, closeDate: DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3));
        await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Id == late.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.StageEnteredAt, DateTime.UtcNow.AddDays(-12).AddHours(-1))));
        var owner = await factory.WithDbAsync(db => db.Users.Where(u => u.Id == adminId).Select(u => new { u.FirstName, u.LastName, u.UserName }).SingleAsync());
        var ownerName = $"{owner.FirstName} {owner.LastName}".Trim() is { Length: > 0 } full ? full : owner.UserName!;

        var html = WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities/board?name=B{tag}"));

        string Card(int id) => Regex.Match(html, $"data-id=\"{id}\"[\\s\\S]*?</article>").Value;
        Assert.Contains("data-overdue>", Card(late.Id), StringComparison.Ordinal);
        // As read: the date is kept on one line (its own span) when the card is too narrow for both.
        Assert.Contains("Overdue " + DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-3).ToString("yyyy-MM-dd"), Regex.Replace(Card(late.Id), "<[^>]+>", string.Empty), StringComparison.Ordinal);
        Assert.DoesNotContain("Overdue", Card(fresh.Id), StringComparison.Ordinal);
        Assert.Contains("12 days in Negotiation", Card(late.Id), StringComparison.Ordinal);
        Assert.Contains("0 days in Negotiation", Card(fresh.Id), StringComparison.Ordinal);
        Assert.Contains($"title=\"Owner: {ownerName}\"", Card(late.Id), StringComparison.Ordinal);
    }

    [GeneratedRegex("<section class=\"board-column\" data-status-id=\"(\\d+)\"([^>]*)>")]
    private static partial Regex ColumnPattern();
}
