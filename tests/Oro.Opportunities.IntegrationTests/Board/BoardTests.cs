using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Board;

/// <summary>The Kanban board over HTTP: totals, moves through the rules, permissions, conflicts and paging.</summary>
public abstract partial class BoardTests(AppFixture fixture)
{
    private const string RepPassword = "sales-rep-password-1";

    private async Task<(OroAppFactory Factory, HttpClient Client, int AdminId, string Tag, int Account)> SetUpAsync()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var tag = Guid.NewGuid().ToString("N")[..8];
        var account = await factory.AccountAsync("Board " + tag, adminId);
        return (factory, client, adminId, tag, account);
    }

    private static Task<int> StatusIdAsync(OroAppFactory factory, string code) =>
        factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Code == code).Select(s => s.Id).SingleAsync());

    /// <summary><paramref name="count"/> deals of 10 USD in one status, named "B{tag} 00", "B{tag} 01"… (their ids, in that order).</summary>
    private static async Task<List<int>> DealsAsync(OroAppFactory factory, string tag, int ownerId, int account, string status, int count)
    {
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await factory.OpportunityAsync($"B{tag} {i:00}", ownerId, account, status, 10m)).Id);
        }

        return ids;
    }

    /// <summary>A column header's count and exact sums (the title of each compact figure).</summary>
    private static (int Count, string Budget, string Weighted) Totals(string html, int statusId)
    {
        var start = html.IndexOf($"class=\"board-column\" data-status-id=\"{statusId}\"", StringComparison.Ordinal);
        var section = html[start..html.IndexOf("</header>", start, StringComparison.Ordinal)];
        string Exact(string attribute) => WebUtility.HtmlDecode(Regex.Match(section, attribute + @" title=""([^""]*)""").Groups[1].Value);
        return (int.Parse(Regex.Match(section, @"data-total-count>([^<]*)<").Groups[1].Value), Exact("data-total-budget"), Exact("data-total-weighted"));
    }

    /// <summary>A sum as a header shows it exactly: rounded to the cent (USD's minor units).</summary>
    private static string Usd(decimal amount) =>
        "USD " + decimal.Round(amount, 2, MidpointRounding.AwayFromZero).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Column_totals_equal_an_independent_computation_over_the_filtered_set_in_base_currency()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        await factory.SetRateAsync("GBP", 1.25m);
        var negotiation = await StatusIdAsync(factory, "negotiation");
        var deals = new (decimal Amount, string Currency, int Probability)[] { (1000m, "USD", 80), (2000m, "GBP", 60), (333.33m, "USD", 80), (100m, "GBP", 80) };
        foreach (var (amount, currency, probability) in deals)
        {
            await factory.OpportunityAsync($"B{tag}", adminId, account, "negotiation", amount, currency, probability: probability);
        }

        // More cards than one page: totals must still cover all of them.
        for (var i = 0; i < 25; i++)
        {
            await factory.OpportunityAsync($"B{tag}", adminId, account, "negotiation", 10m, "USD", probability: 50);
        }

        var html = await client.GetStringAsync($"/opportunities/board?name=B{tag}");

        var expectedSum = deals.Sum(d => d.Amount * (d.Currency == "GBP" ? 1.25m : 1m)) + 250m;
        var expectedWeighted = deals.Sum(d => d.Amount * (d.Currency == "GBP" ? 1.25m : 1m) * d.Probability / 100m) + 125m;
        var (count, budget, weighted) = Totals(html, negotiation);
        Assert.Equal(29, count);
        Assert.Equal(Usd(expectedSum), budget);
        Assert.Equal(Usd(expectedWeighted), weighted);
        Assert.Equal(20, Regex.Count(html, "class=\"board-card "));
    }

    [Fact]
    public async Task Moving_into_won_without_a_close_date_closes_today_and_into_lost_without_a_reason_is_refused()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        var deal = await factory.OpportunityAsync($"B{tag}", adminId, account, "negotiation", 500m);
        var won = await StatusIdAsync(factory, "won");
        var lost = await StatusIdAsync(factory, "lost");
        var board = $"?name=B{tag}";

        var undated = await factory.OpportunityAsync($"B{tag} undated", adminId, account, "negotiation", 700m);
        var noDate = await client.PostFormAsync($"/opportunities/{undated.Id}/status", [new("version", "0"), new("statusId", won.ToString()), new("board", board)], "/opportunities/board");
        var noReason = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", "0"), new("statusId", lost.ToString()), new("closeDate", "2026-11-26"), new("board", board)], "/opportunities/board");
        var ok = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", "0"), new("statusId", lost.ToString()), new("closeDate", "2026-11-26"), new("closeReason", "cancelled"), new("board", board), new("fromStatusId", deal.StatusId.ToString())], "/opportunities/board");

        // Closing without a close date uses today (spec §3.3); a lost deal still needs its reason.
        Assert.Equal(HttpStatusCode.OK, noDate.StatusCode);
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), (await factory.ReloadAsync(undated.Id)).CloseDate);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.Contains("Outsold or Cancelled", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var json = JsonDocument.Parse(await ok.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains($"B{tag}", json.GetProperty("cardHtml").GetString(), StringComparison.Ordinal);
        var totals = json.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("statusId").GetInt32(), t => t.GetProperty("count").GetInt32());
        Assert.Equal(1, totals[lost]);
        Assert.Equal(0, totals[deal.StatusId]);
        var stored = await factory.ReloadAsync(deal.Id);
        Assert.Equal(("lost", "cancelled", 0), (stored.StatusCode, stored.CloseReasonCode!, stored.Probability!.Value));
    }

    [Fact]
    public async Task Totals_answered_after_a_chain_of_moves_equal_an_independent_recount()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        await factory.SetRateAsync("GBP", 1.25m);
        var ids = new List<(int Id, long Version, int Status)>();
        foreach (var (amount, currency, probability) in new (decimal, string, int)[] { (1000m, "USD", 35), (333.33m, "GBP", 70), (12.5m, "USD", 5), (999.99m, "GBP", 0) })
        {
            var deal = await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", amount, currency, probability: probability);
            ids.Add((deal.Id, deal.Version, deal.StatusId));
        }

        var statuses = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Kind == Domain.Statuses.StatusKind.Open).OrderBy(s => s.SortOrder).Select(s => s.Id).ToListAsync());
        var board = $"?name=B{tag}";
        await client.GetStringAsync("/opportunities/board" + board); // caches the totals the moves then adjust
        JsonElement last = default;
        for (var step = 0; step < 8; step++)
        {
            var (id, version, status) = ids[step % ids.Count];
            var target = statuses[(statuses.IndexOf(status) + 1 + step % 2) % statuses.Count];
            var response = await client.PostFormAsync($"/opportunities/{id}/status", [new("version", version.ToString()), new("statusId", target.ToString()), new("fromStatusId", status.ToString()), new("board", board)], "/opportunities/board");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            last = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            var row = last.GetProperty("row");
            ids[step % ids.Count] = (id, row.GetProperty("version").GetInt64(), row.GetProperty("statusId").GetInt32());

            await AssertTotalsAreARecountAsync(factory, tag, last);
        }
    }

    [Fact]
    public async Task Moves_made_on_another_instance_are_followed_from_the_log_without_counting_again()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        await using var other = new OroAppFactory(factory.Provider, factory.SameDatabase());
        var otherClient = other.CreateBrowserLikeClient();
        await otherClient.SignInAsync("admin", OroAppFactory.AdminPassword);
        var ids = new List<(int Id, long Version, int Status)>();
        foreach (var (amount, probability) in new (decimal, int)[] { (1000m, 35), (333.33m, 70), (12.5m, 5) })
        {
            var deal = await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", amount, "USD", probability: probability);
            ids.Add((deal.Id, deal.Version, deal.StatusId));
        }

        var statuses = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Kind == Domain.Statuses.StatusKind.Open).OrderBy(s => s.SortOrder).Select(s => s.Id).ToListAsync());
        var board = $"?name=B{tag}";
        await client.GetStringAsync("/opportunities/board" + board); // each instance counts once
        await otherClient.GetStringAsync("/opportunities/board" + board);
        var live = (factory.Services.GetRequiredService<Application.Board.LiveBoardTotals>(), other.Services.GetRequiredService<Application.Board.LiveBoardTotals>());
        var counted = (live.Item1.Counts, live.Item2.Counts);

        // The instances take turns: every move follows moves the answering instance did not make.
        for (var step = 0; step < 8; step++)
        {
            var (id, version, status) = ids[step % ids.Count];
            var target = statuses[(statuses.IndexOf(status) + 1 + step % 2) % statuses.Count];
            var response = await (step % 2 == 0 ? client : otherClient).PostFormAsync($"/opportunities/{id}/status", [new("version", version.ToString()), new("statusId", target.ToString()), new("fromStatusId", status.ToString()), new("board", board)], "/opportunities/board" + board);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            var row = answer.GetProperty("row");
            ids[step % ids.Count] = (id, row.GetProperty("version").GetInt64(), row.GetProperty("statusId").GetInt32());
            await AssertTotalsAreARecountAsync(factory, tag, answer);
        }

        Assert.Equal(counted, (live.Item1.Counts, live.Item2.Counts));

        // Anything else written meanwhile is not in the log: the next answer counts again, and is right.
        var edit = await client.PostFormAsync($"/opportunities/{ids[0].Id}/inline", [new("version", ids[0].Version.ToString()), new("field", "probability"), new("value", "99")], "/opportunities");
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        var (lastId, lastVersion, lastStatus) = ids[1];
        var again = await otherClient.PostFormAsync($"/opportunities/{lastId}/status", [new("version", lastVersion.ToString()), new("statusId", statuses[(statuses.IndexOf(lastStatus) + 1) % statuses.Count].ToString()), new("fromStatusId", lastStatus.ToString()), new("board", board)], "/opportunities/board" + board);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await AssertTotalsAreARecountAsync(factory, tag, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.Clone());
        Assert.Equal(counted.Item2 + 1, live.Item2.Counts);
    }

    /// <summary>Every column total a move answered equals a count made now, independently of the app.</summary>
    private static async Task AssertTotalsAreARecountAsync(OroAppFactory factory, string tag, JsonElement answer)
    {
        foreach (var column in answer.GetProperty("totals").EnumerateArray())
        {
            var statusId = column.GetProperty("statusId").GetInt32();
            var expected = await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"B{tag}" && o.StatusId == statusId)
                .Select(o => new { o.BaseBudgetAmount, o.Probability }).ToListAsync());
            var sum = expected.Sum(e => e.BaseBudgetAmount ?? 0m);
            var weighted = expected.Sum(e => (e.BaseBudgetAmount ?? 0m) * (e.Probability ?? 0) / 100m);
            Assert.Equal(expected.Count, column.GetProperty("count").GetInt32());
            Assert.Equal(Usd(sum), column.GetProperty("budget").GetString());
            Assert.Equal(Usd(weighted), column.GetProperty("weighted").GetString());
        }
    }

    [Fact]
    public async Task Totals_stay_exact_under_concurrent_moves_and_edits_made_beside_the_board()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        await factory.SetRateAsync("GBP", 1.25m);
        var statuses = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Kind == Domain.Statuses.StatusKind.Open).OrderBy(s => s.SortOrder).Select(s => s.Id).ToListAsync());
        var cards = new List<(int Id, long Version, int Status)>();
        for (var i = 0; i < 12; i++)
        {
            var deal = await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", 100.01m * (i + 1), i % 3 == 0 ? "GBP" : "USD", probability: (i * 7) % 101);
            cards.Add((deal.Id, deal.Version, deal.StatusId));
        }

        var board = $"?name=B{tag}";
        await client.GetStringAsync("/opportunities/board" + board);

        // Four managers move their own three cards at once; one of them also edits a budget from the grid
        // (a change the board's journal does not hold), so the totals must be counted again meanwhile.
        var workers = Enumerable.Range(0, 4).Select(async worker =>
        {
            var own = cards.Skip(worker * 3).Take(3).ToArray();
            for (var step = 0; step < 9; step++)
            {
                var (id, version, status) = own[step % 3];
                if (worker == 0 && step == 4)
                {
                    var edit = await client.PostFormAsync($"/opportunities/{id}/inline", [new("version", version.ToString()), new("field", "budget"), new("value", "4321.5"), new("currency", "GBP")], "/opportunities");
                    Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
                    version = JsonDocument.Parse(await edit.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
                }

                var target = statuses[(statuses.IndexOf(status) + 1 + step) % statuses.Count];
                var response = await client.PostFormAsync($"/opportunities/{id}/status", [new("version", version.ToString()), new("statusId", target.ToString()), new("fromStatusId", status.ToString()), new("board", board)], "/opportunities/board");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var row = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("row");
                own[step % 3] = (id, row.GetProperty("version").GetInt64(), row.GetProperty("statusId").GetInt32());
            }
        });
        await Task.WhenAll(workers);

        var html = await client.GetStringAsync("/opportunities/board" + board);
        var all = await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"B{tag}").Select(o => new { o.StatusId, o.BaseBudgetAmount, o.Probability }).ToListAsync());
        foreach (var statusId in statuses)
        {
            var expected = all.Where(o => o.StatusId == statusId).ToList();
            var sum = expected.Sum(e => e.BaseBudgetAmount ?? 0m);
            var weighted = expected.Sum(e => (e.BaseBudgetAmount ?? 0m) * (e.Probability ?? 0) / 100m);
            var (count, budget, weightedText) = Totals(html, statusId);
            Assert.Equal(expected.Count, count);
            Assert.Equal(Usd(sum), budget);
            Assert.Equal(Usd(weighted), weightedText);
        }

        Assert.Equal(12, all.Count);
        Assert.Contains(all, o => o.BaseBudgetAmount == 5401.875m);
    }

    [Fact]
    public async Task A_stale_move_gets_a_conflict_with_the_card_in_its_true_column()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        var deal = await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", 500m);
        var needs = await StatusIdAsync(factory, "needs_analysis");
        var negotiation = await StatusIdAsync(factory, "negotiation");

        var first = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", "0"), new("statusId", needs.ToString()), new("board", "?")], "/opportunities/board");
        var second = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", "0"), new("statusId", negotiation.ToString()), new("board", "?")], "/opportunities/board");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var json = JsonDocument.Parse(await second.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("changed by someone else", json.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(needs, json.GetProperty("board").GetProperty("row").GetProperty("statusId").GetInt32());
        Assert.Equal("needs_analysis", (await factory.ReloadAsync(deal.Id)).StatusCode);
    }

    [Fact]
    public async Task Concurrent_moves_of_one_card_have_exactly_one_winner()
    {
        var (factory, _, adminId, tag, account) = await SetUpAsync();
        var deal = await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", 500m);
        var targets = new[] { "identification_alignment", "needs_analysis", "solution_development", "negotiation" };
        var clients = new List<HttpClient>();
        foreach (var _ in targets)
        {
            var c = factory.CreateBrowserLikeClient();
            await c.SignInAsync("admin", OroAppFactory.AdminPassword);
            clients.Add(c);
        }

        var tokens = await Task.WhenAll(clients.Select(c => c.GetAntiforgeryTokenAsync("/opportunities/board")));
        var ids = await Task.WhenAll(targets.Select(t => StatusIdAsync(factory, t)));
        var responses = await Task.WhenAll(clients.Select((c, i) => c.PostAsync($"/opportunities/{deal.Id}/status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["version"] = "0", ["statusId"] = ids[i].ToString(), ["__RequestVerificationToken"] = tokens[i],
        }))));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(targets.Length - 1, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, (await factory.ReloadAsync(deal.Id)).Version);
    }

    [Fact]
    public async Task Paging_a_column_across_a_concurrent_move_neither_duplicates_nor_skips_a_card()
    {
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        var open = await StatusIdAsync(factory, "in_progress");
        var ids = await DealsAsync(factory, tag, adminId, account, "in_progress", 45);

        var html = await client.GetStringAsync($"/opportunities/board?name=B{tag}");
        var seen = CardIds(html).ToList();
        var cursor = Regex.Match(html, $"data-status-id=\"{open}\"[\\s\\S]*?data-cursor=\"([^\"]+)\"").Groups[1].Value;
        Assert.Equal(20, seen.Count);

        // Meanwhile someone moves a card of the first page and one not yet loaded out of the column.
        var needs = await StatusIdAsync(factory, "needs_analysis");
        await client.PostFormAsync($"/opportunities/{seen[3]}/status", [new("version", "0"), new("statusId", needs.ToString())], "/opportunities/board");
        var notYetLoaded = ids.Except(seen).First();
        await client.PostFormAsync($"/opportunities/{notYetLoaded}/status", [new("version", "0"), new("statusId", needs.ToString())], "/opportunities/board");

        while (!string.IsNullOrEmpty(cursor))
        {
            var response = await client.GetAsync($"/opportunities/board/column?name=B{tag}&statusId={open}&cursor={Uri.EscapeDataString(cursor)}");
            seen.AddRange(CardIds(await response.Content.ReadAsStringAsync()));
            cursor = response.Headers.GetValues("X-Next-Cursor").Single();
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        var expected = ids.Where(id => id != notYetLoaded).ToHashSet();
        Assert.True(expected.SetEquals(seen), "Every card still in the column, and those loaded before the move, appear exactly once.");
    }

    [Fact]
    public async Task A_sales_rep_sees_only_their_own_cards_and_totals_and_cannot_move_others()
    {
        var (factory, admin, adminId, tag, account) = await SetUpAsync();
        var rep = await factory.CreateUserAsync("rep" + Guid.NewGuid().ToString("N")[..8], RepPassword, [SystemRoles.SalesRep]);
        var mine = await factory.OpportunityAsync($"B{tag} mine", rep.Id, account, "in_progress", 100m);
        var theirs = await factory.OpportunityAsync($"B{tag} theirs", adminId, account, "in_progress", 900m);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(rep.UserName!, RepPassword);

        var html = await client.GetStringAsync($"/opportunities/board?name=B{tag}");
        var move = await client.PostFormAsync($"/opportunities/{theirs.Id}/status", [new("version", "0"), new("statusId", "2"), new("board", "?")], "/opportunities/board");

        Assert.Contains($"B{tag} mine", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"B{tag} theirs", html, StringComparison.Ordinal);
        Assert.Equal((1, "USD 100.00"), (Totals(html, mine.StatusId).Count, Totals(html, mine.StatusId).Budget));
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        Assert.Equal("in_progress", (await factory.ReloadAsync(theirs.Id)).StatusCode);
        _ = admin;
    }

    [Fact]
    public async Task A_card_carries_only_its_own_markup_the_move_menu_and_the_delete_token_come_once_per_board()
    {
        // Page weight (issue 14): with 140 cards, a Move to… list and a delete form with its own token on
        // every card made the board 744 kB. Both are the board's now: one menu template, one delete form.
        var (factory, client, adminId, tag, account) = await SetUpAsync();
        var negotiation = await StatusIdAsync(factory, "negotiation");
        var ids = await DealsAsync(factory, tag, adminId, account, "negotiation", 6);

        var html = await client.GetStringAsync($"/opportunities/board?name=B{tag}");

        Assert.Equal(6, CardIds(html).Count());
        Assert.Single(Regex.Matches(html, $"data-move-to=\"{negotiation}\""));
        Assert.Single(Regex.Matches(html, "<form id=\"board-delete\""));
        Assert.True(Regex.Count(html, "name=\"__RequestVerificationToken\"") < ids.Count, "a token per card");
        foreach (var id in ids)
        {
            Assert.Contains($"form=\"board-delete\" formaction=\"/opportunities/{id}/delete\"", html, StringComparison.Ordinal);
        }

        // The shared form deletes the card it was submitted for and returns to the board with its filters.
        var deleted = await client.PostFormAsync($"/opportunities/{ids[0]}/delete", [new("returnUrl", $"/opportunities/board?name=B{tag}")], "/opportunities/board");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(5, CardIds(await client.GetStringAsync($"/opportunities/board?name=B{tag}")).Count());
    }

    [Fact]
    public async Task A_user_who_may_not_edit_gets_a_read_only_board()
    {
        var (factory, _, adminId, tag, account) = await SetUpAsync();
        var roleName = "Viewer " + tag;
        await factory.WithDbAsync(async db =>
        {
            var role = new Data.Identity.AppRole(roleName) { NormalizedName = roleName.ToUpperInvariant() };
            db.Roles.Add(role);
            await db.SaveChangesAsync();
            db.RolePermissions.Add(new RolePermission(role.Id, SecuredEntity.Opportunity, PermissionAction.View, AccessLevel.All));
            await db.SaveChangesAsync();
        });
        var viewer = await factory.CreateUserAsync("viewer" + tag, RepPassword, [roleName]);
        var deal = await factory.OpportunityAsync($"B{tag}", adminId, account, "in_progress", 100m);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(viewer.UserName!, RepPassword);

        var html = await client.GetStringAsync($"/opportunities/board?name=B{tag}");
        var move = await client.PostFormAsync($"/opportunities/{deal.Id}/status", [new("version", "0"), new("statusId", "2")], "/opportunities/board");

        Assert.Contains("data-can-edit=\"false\"", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"read-only\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-move-menu", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, move.StatusCode);
    }

    private static IEnumerable<int> CardIds(string html) =>
        CardIdPattern().Matches(html).Select(m => int.Parse(m.Groups[1].Value));

    [GeneratedRegex("class=\"board-card card shadow-sm\" data-id=\"(\\d+)\"")]
    private static partial Regex CardIdPattern();
}

public sealed class SqliteBoardTests(SqliteAppFixture fixture) : BoardTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresBoardTests(PostgresAppFixture fixture) : BoardTests(fixture), IClassFixture<PostgresAppFixture>;
