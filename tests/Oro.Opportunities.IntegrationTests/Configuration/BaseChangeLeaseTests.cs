using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.IntegrationTests.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Configuration;

/// <summary>
/// Issue 14: a background base-currency change is a job row with a lease, seen by every node. The
/// change is one transaction that also marks the row Completed, so a lost node's run left nothing and
/// the node that takes it over runs it again from the start; the settings page on any node shows it.
/// </summary>
public abstract class BaseChangeLeaseTests(AppFixture fixture)
{
    [Fact]
    public async Task A_queued_change_runs_under_a_lease_and_a_lost_nodes_change_is_run_again_by_another_node_exactly_once()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        await factory.SetRateAsync("EUR", 1.25m);
        var account = await factory.AccountAsync("Lease account", adminId);
        var usd = await factory.OpportunityAsync("Lease USD deal", adminId, account, "in_progress", 1000m, "USD");
        var eur = await factory.OpportunityAsync("Lease EUR deal", adminId, account, "in_progress", 400m, "EUR");
        Assert.Equal(500m, eur.BaseBudgetAmount);

        // The path Hangfire takes: the queued row, claimed and run on this node.
        var first = await QueueAsync(factory, "EUR", adminId);
        using (var scope = factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<BaseCurrencyChangeRunner>().RunAsync(first);
        }

        var done = await RowAsync(factory, first);
        Assert.Equal((BaseCurrencyChangeState.Completed, null), (done.State, done.LeaseOwner));
        Assert.True(done.Revalued >= 2);
        Assert.Equal("EUR", await BaseAsync(factory));
        Assert.Equal(800m, (await factory.ReloadAsync(usd.Id)).BaseBudgetAmount);
        Assert.Equal(400m, (await factory.ReloadAsync(eur.Id)).BaseBudgetAmount);

        // A change back to USD whose node died mid-way: the row still says Running, held by node-a.
        var usdRows = await factory.WithDbAsync(db => db.CurrencyRates.CountAsync(r => r.CurrencyCode == "USD" && r.BaseCurrencyCode == "USD"));
        var second = await QueueAsync(factory, "USD", adminId);
        await factory.WithDbAsync(db => db.BaseCurrencyChangeJobs.Where(j => j.Id == second).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, BaseCurrencyChangeState.Running)
            .SetProperty(j => j.Attempts, 1)
            .SetProperty(j => j.LeaseOwner, "node-a")
            .SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddMinutes(1))));

        // Every node's settings page shows it running, on node-a; nobody takes over a live lease.
        var running = await client.GetStringAsync("/system/configuration/currency");
        Assert.Contains("data-testid=\"base-change-running\"", running, StringComparison.Ordinal);
        Assert.Contains("Running on node node-a", running, StringComparison.Ordinal);
        Assert.Empty(await JobLeaseTests.WatchdogRoundAsync(factory));

        await factory.WithDbAsync(db => db.BaseCurrencyChangeJobs.Where(j => j.Id == second).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpiresAt, DateTime.UtcNow.AddSeconds(-1))));
        Assert.Equal([second], await JobLeaseTests.WatchdogRoundAsync(factory));

        var taken = await RowAsync(factory, second);
        Assert.Equal((BaseCurrencyChangeState.Completed, 2), (taken.State, taken.Attempts));
        Assert.Contains("node node-a lost (no heartbeat since", taken.History, StringComparison.Ordinal);
        Assert.Contains("started again on node", taken.History, StringComparison.Ordinal);
        Assert.Equal("USD", await BaseAsync(factory));
        Assert.Equal(1000m, (await factory.ReloadAsync(usd.Id)).BaseBudgetAmount);
        Assert.Equal(500m, (await factory.ReloadAsync(eur.Id)).BaseBudgetAmount);

        // The rate history is re-expressed once (the change commits once): one new USD→USD row.
        Assert.Equal(usdRows + 1, await factory.WithDbAsync(db => db.CurrencyRates.CountAsync(r => r.CurrencyCode == "USD" && r.BaseCurrencyCode == "USD")));
        Assert.Contains("data-testid=\"base-change-done\"", await client.GetStringAsync("/system/configuration/currency"), StringComparison.Ordinal);
    }

    private static async Task<int> QueueAsync(OroAppFactory factory, string target, int adminId) =>
        await factory.WithDbAsync(async db =>
        {
            var job = new BaseCurrencyChangeJob(target, nameof(CurrencyDisplay.Code), await ConfigurationCache.ReadRevisionAsync(db, CancellationToken.None), adminId, 2, DateTime.UtcNow);
            db.BaseCurrencyChangeJobs.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });

    private static Task<BaseCurrencyChangeJob> RowAsync(OroAppFactory factory, int id) =>
        factory.WithDbAsync(db => db.BaseCurrencyChangeJobs.AsNoTracking().SingleAsync(j => j.Id == id));

    private static Task<string> BaseAsync(OroAppFactory factory) =>
        factory.WithDbAsync(db => db.Settings.AsNoTracking().Where(s => s.Key == SettingKeys.BaseCurrency).Select(s => s.Value).SingleAsync());
}

public sealed class SqliteBaseChangeLeaseTests(SqliteAppFixture fixture) : BaseChangeLeaseTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresBaseChangeLeaseTests(PostgresAppFixture fixture) : BaseChangeLeaseTests(fixture), IClassFixture<PostgresAppFixture>;
