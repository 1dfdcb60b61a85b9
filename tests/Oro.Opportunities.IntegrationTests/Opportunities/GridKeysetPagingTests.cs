using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Opportunities;

/// <summary>
/// Issue 14 item 6: deep grid pages without walking the index. Next and Previous carry the edge row's
/// position (keyset), a page jumped to in the second half is read from the end; every way to reach a
/// page shows exactly the rows the plain order puts there, ties of the creation time included.
/// </summary>
public abstract partial class GridKeysetPagingTests(AppFixture fixture)
{
    [Fact]
    public async Task Next_previous_and_jumps_show_exactly_the_rows_of_the_order_ties_included()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var p = "Keyset " + Guid.NewGuid().ToString("N")[..8];
        var account = await factory.AccountAsync(p + " account", adminId);
        var ids = new List<int>();
        for (var i = 0; i < 23; i++)
        {
            ids.Add((await factory.OpportunityAsync($"{p} {i:D2}", adminId, account)).Id);
        }

        // Three deals share each creation time, so pages break inside groups of ties.
        var start = new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            var at = start.AddSeconds(i / 3);
            await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Id == id).ExecuteUpdateAsync(s => s.SetProperty(o => o.CreatedAt, at)));
        }

        foreach (var dir in new[] { "desc", "asc" })
        {
            var expected = (dir == "desc"
                ? ids.Select((id, i) => (id, i)).OrderByDescending(x => x.i / 3).ThenByDescending(x => x.id)
                : ids.Select((id, i) => (id, i)).OrderBy(x => x.i / 3).ThenBy(x => x.id)).Select(x => x.id).ToList();
            var first = $"/opportunities?view=all&name={Uri.EscapeDataString(p)}&size=10&sort=created&dir={dir}";

            // Forward with Next (keyset), then back with Previous (keyset).
            var html = await client.GetStringAsync(first);
            var pages = new List<List<int>> { Rows(html) };
            for (var page = 2; page <= 3; page++)
            {
                var next = Link(html, "Next");
                Assert.Contains("after=", next, StringComparison.Ordinal);
                html = await client.GetStringAsync(next);
                pages.Add(Rows(html));
            }

            Assert.Equal(expected, pages.SelectMany(r => r).ToList());
            var previous = Link(html, "Previous");
            Assert.Contains("before=", previous, StringComparison.Ordinal);
            Assert.Equal(expected.Skip(10).Take(10), Rows(await client.GetStringAsync(previous)));

            // Jumps by number: the second half is read from the end.
            Assert.Equal(expected.Skip(20), Rows(await client.GetStringAsync(first + "&page=3")));
            Assert.Equal(expected.Skip(10).Take(10), Rows(await client.GetStringAsync(first + "&page=2")));

            // A cursor that is not one is ignored: the page is found by its number.
            var bad = await client.GetAsync(first + "&page=2&after=not-a-cursor");
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Equal(expected.Skip(10).Take(10), Rows(await bad.Content.ReadAsStringAsync()));
        }

        // A sort by another column pages by number, from whichever end is nearer.
        var byName = $"/opportunities?view=all&name={Uri.EscapeDataString(p)}&size=10&sort=name&dir=asc";
        var names = Enumerable.Range(0, 23).Select(i => ids[i]).ToList();
        Assert.DoesNotContain("after=", Link(await client.GetStringAsync(byName), "Next"), StringComparison.Ordinal);
        Assert.Equal(names.Skip(20), Rows(await client.GetStringAsync(byName + "&page=3")));
        Assert.Equal(names.Skip(10).Take(10), Rows(await client.GetStringAsync(byName + "&page=2")));
    }

    private static List<int> Rows(string html) =>
        [.. RowPattern().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>The pager's Next or Previous link (found by its rel, whatever icons the link text has).</summary>
    private static string Link(string html, string text) =>
        WebUtility.HtmlDecode(Regex.Match(html, "<a class=\"page-link\" href=\"([^\"]*)\" rel=\"" + (text == "Next" ? "next" : "prev") + "\"").Groups[1].Value);

    [GeneratedRegex("<tr data-id=\"(\\d+)\"")]
    private static partial Regex RowPattern();
}

public sealed class SqliteGridKeysetPagingTests(SqliteAppFixture fixture) : GridKeysetPagingTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresGridKeysetPagingTests(PostgresAppFixture fixture) : GridKeysetPagingTests(fixture), IClassFixture<PostgresAppFixture>;
