using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Demo;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.Demo;

/// <summary>
/// The demo data (the <c>seed-demo</c> command's seeder) read back through EF and the real grid:
/// it must obey the closing and currency rules of spec §3 and §7 like data entered by hand.
/// </summary>
public abstract partial class DemoDataTests(AppFixture fixture)
{
    private const int Opportunities = 2_000;

    private static readonly ConcurrentDictionary<OroAppFactory, Lazy<Task<DemoDataResult>>> Seeded = new();

    [Fact]
    public async Task Seeding_creates_the_requested_rows_users_and_currencies()
    {
        var factory = fixture.Start();
        var result = await SeedOnceAsync(factory);

        Assert.Equal(Opportunities, result.Opportunities);
        Assert.Equal(Opportunities / 20, result.Accounts);
        Assert.Equal(Opportunities / 20 * 2, result.Contacts);
        await factory.WithDbAsync(async db =>
        {
            Assert.Equal(Opportunities, await db.Opportunities.CountAsync());
            Assert.Equal(Opportunities / 20, await db.Accounts.CountAsync());
            Assert.Equal(Opportunities / 20 * 2, await db.Contacts.CountAsync());
            Assert.Equal(4, await db.Teams.CountAsync());
            Assert.Equal(["CHF", "EUR", "GBP", "USD"], (await db.AllowedCurrencies.Select(c => c.Code).ToListAsync()).Order());
            Assert.True(await db.ConfigurationRevisions.Select(r => r.Revision).SingleAsync() > 1, "Adding currencies bumps the configuration revision.");

            var roles = await (from u in db.Users
                               join ur in db.UserRoles on u.Id equals ur.UserId
                               join r in db.Roles on ur.RoleId equals r.Id
                               where u.UserName != "admin"
                               select r.Name).ToListAsync();
            Assert.Equal(20, roles.Count(r => r == SystemRoles.SalesRep));
            Assert.Equal(3, roles.Count(r => r == SystemRoles.SalesManager));

            // Every status of the default list is used, and every contact on a deal belongs to the deal's account.
            var statusCodes = await db.Opportunities.Select(o => o.StatusCode).Distinct().ToListAsync();
            Assert.Equal(OpportunityStatus.Defaults().Select(s => s.Code).Order(), statusCodes.Order());
            Assert.False(await db.Opportunities.AnyAsync(o => o.ContactId != null && !db.Contacts.Any(c => c.Id == o.ContactId && c.AccountId == o.AccountId)));
            Assert.True(await db.Opportunities.CountAsync(o => o.ContactId != null) > Opportunities / 2);
        });
    }

    [Fact]
    public async Task Seeding_makes_leads_half_converted_with_their_opportunity_and_some_disqualified()
    {
        var factory = fixture.Start();
        var result = await SeedOnceAsync(factory);

        Assert.Equal(Opportunities / 10, result.Leads);
        await factory.WithDbAsync(async db =>
        {
            var leads = await db.Set<Domain.Leads.Lead>().AsNoTracking().ToListAsync();
            Assert.Equal(Opportunities / 10, leads.Count);
            var qualified = leads.Where(l => l.StatusCode == Domain.Leads.LeadStatus.Qualified).ToList();
            Assert.Equal(Opportunities / 20, qualified.Count);
            Assert.InRange(leads.Count(l => l.StatusCode == Domain.Leads.LeadStatus.Disqualified), Opportunities / 100, Opportunities * 3 / 20);

            // Every converted lead became exactly one opportunity in its account, with its contact.
            var converted = await db.Opportunities.AsNoTracking().Where(o => o.LeadId != null).Select(o => new { o.LeadId, o.AccountId, o.ContactId }).ToListAsync();
            Assert.Equal(qualified.Select(l => l.Id).Order(), converted.Select(o => o.LeadId!.Value).Order());
            Assert.All(qualified, l =>
            {
                var deal = converted.Single(o => o.LeadId == l.Id);
                Assert.Equal((l.AccountId, l.ContactId), ((int?)deal.AccountId, deal.ContactId));
            });
            Assert.All(leads, l => Assert.NotNull(l.Email));
            Assert.All(leads, l => Assert.Single(l.Addresses));
        });
    }

    [Fact]
    public async Task Won_and_lost_deals_carry_their_closing_data_and_open_deals_none()
    {
        var factory = fixture.Start();
        await SeedOnceAsync(factory);
        await factory.WithDbAsync(async db =>
        {
            var won = await db.Opportunities.Where(o => o.StatusCode == OpportunityStatus.WonCode).ToListAsync();
            var lost = await db.Opportunities.Where(o => o.StatusCode == OpportunityStatus.LostCode).ToListAsync();
            var open = await db.Opportunities.Where(o => o.StatusCode != OpportunityStatus.WonCode && o.StatusCode != OpportunityStatus.LostCode).ToListAsync();
            Assert.InRange(won.Count, Opportunities * 15 / 100, Opportunities * 25 / 100);
            Assert.InRange(lost.Count, Opportunities * 10 / 100, Opportunities * 20 / 100);

            Assert.All(won, o =>
            {
                Assert.NotNull(o.ClosedAt);
                Assert.NotNull(o.CloseDate);
                Assert.Equal(CloseReason.WonCode, o.CloseReasonCode);
                Assert.Equal(100, o.Probability);
                Assert.NotNull(o.CloseRevenueAmount);
                Assert.Equal(o.BudgetAmount, o.CloseRevenueAmount);
                Assert.Equal(o.BudgetCurrency, o.CloseRevenueCurrency);
                Assert.True(o.ClosedAt >= o.CreatedAt, "A deal closes after it was created.");
            });
            Assert.All(lost, o =>
            {
                Assert.NotNull(o.ClosedAt);
                Assert.NotNull(o.CloseDate);
                Assert.Contains(o.CloseReasonCode, new[] { CloseReason.OutsoldCode, CloseReason.CancelledCode });
                Assert.Equal(0, o.Probability);
                Assert.Equal(0m, o.CloseRevenueAmount);
                Assert.Equal("USD", o.CloseRevenueCurrency);
                Assert.Equal(0m, o.BaseCloseRevenue);
            });
            Assert.All(open, o =>
            {
                Assert.Null(o.ClosedAt);
                Assert.Null(o.CloseReasonCode);
                Assert.Null(o.CloseRevenueAmount);
                Assert.InRange(o.BudgetAmount!.Value, 1_000m, 500_000m);
            });

            // Open deals follow the current rates (spec §7): base = budget × rate, to the fourth decimal.
            var rates = (await db.CurrencyRates.ToListAsync())
                .GroupBy(r => r.CurrencyCode)
                .ToDictionary(g => g.Key, g => g.OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).First().RateToBase);
            Assert.Equal(4, open.Select(o => o.BudgetCurrency).Distinct().Count());
            Assert.All(open, o => Assert.InRange(o.BaseBudgetAmount!.Value - (o.BudgetAmount!.Value * rates[o.BudgetCurrency!]), -0.0001m, 0.0001m));

            // Some probabilities were entered by hand; most follow the status default.
            var defaults = await db.OpportunityStatuses.ToDictionaryAsync(s => s.Code, s => s.DefaultProbability);
            var manual = open.Count(o => o.Probability != defaults[o.StatusCode]);
            Assert.InRange(manual, 1, open.Count / 4);
        });
    }

    [Fact]
    public async Task The_grid_shows_every_demo_deal_to_the_admin_and_only_own_open_deals_to_a_sales_rep()
    {
        var factory = fixture.Start();
        var result = await SeedOnceAsync(factory);

        var admin = factory.CreateBrowserLikeClient();
        await admin.SignInAsync("admin", OroAppFactory.AdminPassword);
        Assert.Equal(Opportunities, await GridCountAsync(admin, "/opportunities?view=all"));

        // The demo users sign in with the demo password; a rep's default view is their own open deals.
        var rep = result.Users.First(u => u.Role == SystemRoles.SalesRep);
        var expected = await factory.WithDbAsync(db =>
            db.Opportunities.CountAsync(o => o.ClosedAt == null && db.Users.Any(u => u.Id == o.OwnerId && u.UserName == rep.UserName)));
        Assert.True(expected > 0);
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync(rep.UserName, DemoDataOptions.DefaultPassword);
        Assert.Equal(expected, await GridCountAsync(client, "/opportunities"));
    }

    private static async Task<int> GridCountAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = CountPattern().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, "The grid footer shows the count.");
        return int.Parse(Regex.Replace(match.Groups[1].Value, "[^0-9]", string.Empty), CultureInfo.InvariantCulture);
    }

    private static Task<DemoDataResult> SeedOnceAsync(OroAppFactory factory) =>
        Seeded.GetOrAdd(factory, f => new Lazy<Task<DemoDataResult>>(() => SeedAsync(f, new DemoDataOptions(Opportunities)))).Value;

    internal static async Task<DemoDataResult> SeedAsync(OroAppFactory factory, DemoDataOptions options)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DemoDataSeeder>().SeedAsync(options);
    }

    [GeneratedRegex("data-total=\"count\">([^<]+)<")]
    private static partial Regex CountPattern();
}

public sealed class SqliteDemoDataTests(SqliteAppFixture fixture) : DemoDataTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresDemoDataTests(PostgresAppFixture fixture) : DemoDataTests(fixture), IClassFixture<PostgresAppFixture>;

/// <summary>A database with opportunities is left alone unless asked to append; the same seed gives the same data.</summary>
public abstract class DemoDataAppendTests(AppFixture fixture)
{
    [Fact]
    public async Task A_second_run_is_refused_without_append_and_repeats_the_same_data_with_it()
    {
        var factory = fixture.Start();
        var first = await DemoDataTests.SeedAsync(factory, new DemoDataOptions(200));
        var firstAccounts = await AccountNamesAsync(factory);

        var refused = await Assert.ThrowsAsync<DemoDataException>(() => DemoDataTests.SeedAsync(factory, new DemoDataOptions(200)));
        Assert.Contains("--append", refused.Message, StringComparison.Ordinal);
        Assert.Equal(200, await factory.WithDbAsync(db => db.Opportunities.CountAsync()));

        var second = await DemoDataTests.SeedAsync(factory, new DemoDataOptions(200, Append: true));
        Assert.Equal(400, await factory.WithDbAsync(db => db.Opportunities.CountAsync()));
        Assert.All(second.Users, u => Assert.False(u.Created, "The demo users of the first run are reused."));
        Assert.Equal(first.Users.Select(u => u.UserName), second.Users.Select(u => u.UserName));

        // Same seed, same draws: the appended accounts repeat the first run's names, with new ids.
        var allAccounts = await AccountNamesAsync(factory);
        Assert.Equal(20, allAccounts.Count);
        Assert.Equal(firstAccounts, allAccounts.Skip(10));
        Assert.Equal(20, await factory.WithDbAsync(db => db.Contacts.CountAsync(c => c.AccountId > 10)));
        Assert.Equal(200, await factory.WithDbAsync(db => db.Opportunities.CountAsync(o => o.AccountId > 10)));

        // The demo rows took explicit ids; the next account saved the normal way still gets a fresh one.
        var next = await factory.WithDbAsync(async db =>
        {
            var owner = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
            var account = new Account("Saved after the demo data", owner, DateTime.UtcNow);
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });
        Assert.Equal(21, next);
    }

    private static Task<List<string>> AccountNamesAsync(OroAppFactory factory) =>
        factory.WithDbAsync(db => db.Accounts.OrderBy(a => a.Id).Select(a => a.Name).ToListAsync());
}

public sealed class SqliteDemoDataAppendTests(SqliteAppFixture fixture) : DemoDataAppendTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresDemoDataAppendTests(PostgresAppFixture fixture) : DemoDataAppendTests(fixture), IClassFixture<PostgresAppFixture>;
