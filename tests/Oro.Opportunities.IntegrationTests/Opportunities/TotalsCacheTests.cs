using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Opportunities;

/// <summary>Cached grid and board totals are dropped after any write, also one made by another app instance.</summary>
public sealed class TotalsCacheTests
{
    [Fact]
    public async Task Totals_cached_by_one_instance_follow_a_write_made_through_another()
    {
        await using var first = new OroAppFactory(DatabaseProvider.Sqlite);
        _ = first.Server;
        await using var second = new OroAppFactory(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Database:DataDirectory"] = first.DataFolder });
        _ = second.Server;
        var client = first.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await first.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await first.AccountAsync("Cache test", adminId);
        await first.OpportunityAsync("C one", adminId, account, budget: 100m);

        var before = await client.GetStringAsync("/opportunities?view=all&name=C%20");
        var boardBefore = await client.GetStringAsync("/opportunities/board?name=C%20");
        await second.OpportunityAsync("C two", adminId, account, budget: 50m);
        var after = await client.GetStringAsync("/opportunities?view=all&name=C%20");
        var boardAfter = await client.GetStringAsync("/opportunities/board?name=C%20");

        Assert.Contains("data-total=\"count\">1<", before, StringComparison.Ordinal);
        Assert.Contains("data-total=\"count\">2<", after, StringComparison.Ordinal);
        Assert.Contains("USD 150.00", after, StringComparison.Ordinal);
        Assert.Contains("USD 100.00", boardBefore, StringComparison.Ordinal);
        Assert.Contains("USD 150.00", boardAfter, StringComparison.Ordinal);
    }
}
