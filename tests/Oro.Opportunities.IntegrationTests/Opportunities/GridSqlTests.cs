using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.IntegrationTests.Opportunities;

/// <summary>
/// Sorting, filtering and totals of money columns must run in SQL on SQLite (where amounts are
/// scaled integers): the captured SQL is checked, and values that order differently as text prove
/// the database compares numbers.
/// </summary>
public sealed class GridSqlTests
{
    private sealed class CaptureSql : DbCommandInterceptor
    {
        public List<string> Commands { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Commands.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class Rates : IRateSource
    {
        public string BaseCurrency => "USD";

        public decimal? RateToBase(string currency, DateTime? closedAt) => currency == "EUR" ? 1.1m : 1m;
    }

    private sealed class User(int id) : ICurrentUser
    {
        public int? UserId => id;
    }

    [Fact]
    public async Task Sorting_filtering_and_totals_on_amounts_run_in_sql_on_sqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "oro-tests", Guid.NewGuid().ToString("N"));
        var capture = new CaptureSql();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseServiceCollectionExtensions.Configure(options, DatabaseSettings.FromConfiguration(new ConfigurationBuilder().Build(), folder));
        options.AddInterceptors(capture);
        try
        {
            await using var db = new AppDbContext(options.Options);
            await DatabaseInitializer.MigrateAsync(db);
            await DatabaseInitializer.SeedReferenceDataAsync(db);
            var admin = new AppUser { UserName = "owner", NormalizedUserName = "OWNER", IsEnabled = true };
            db.Users.Add(admin);
            await db.SaveChangesAsync();
            db.UserRoles.Add(new() { UserId = admin.Id, RoleId = await db.Roles.Where(r => r.Name == SystemRoles.Administrator).Select(r => r.Id).SingleAsync() });
            var account = new Account("Acme", admin.Id, DateTime.UtcNow);
            db.Accounts.Add(account);
            await db.SaveChangesAsync();
            var open = await db.OpportunityStatuses.SingleAsync(s => s.Code == "in_progress");
            var status = new StatusRef(open.Id, open.Code, open.Label, open.DefaultProbability, StatusKind.Open);
            foreach (var (name, amount, currency) in new[] { ("nine hundred", 900m, "USD"), ("ten thousand", 10000m, "USD"), ("two thousand euro", 2000m, "EUR"), ("ninety", 90m, "USD") })
            {
                db.Opportunities.Add(Opportunity.Create(
                    new OpportunityChange { Name = name, OwnerId = admin.Id, AccountId = account.Id, Status = status, Probability = new(50), Budget = new(new Domain.Money.Money(amount, new CurrencyCode(currency))) },
                    new ChangeContext(_ => status, new Rates(), DateTime.UtcNow, DateOnly.FromDateTime(DateTime.UtcNow))));
            }

            await db.SaveChangesAsync();
            var access = new AccessControl(db, new User(admin.Id));
            using var configurationCache = new Oro.Opportunities.Application.Configuration.ConfigurationCache();
            var clock = new Oro.Opportunities.Application.Common.UserClock(access, new Oro.Opportunities.Application.Configuration.SystemConfiguration(db, configurationCache), TimeProvider.System);
            var query = new OpportunityGridQuery(db, access, clock);
            capture.Commands.Clear();

            var page = await query.RunAsync(new OpportunitySearch { View = "all", Sort = "baseBudget", Dir = "desc", BudgetMin = 100m, Size = 10 });

            Assert.Equal(["ten thousand", "two thousand euro", "nine hundred"], page.Items.Select(i => i.Name));
            Assert.Equal(3, page.Totals.Count);
            Assert.Equal(13100m, page.Totals.BaseBudget);
            Assert.Equal(6550m, page.Totals.WeightedBaseBudget);
            var rows = Assert.Single(capture.Commands, c => c.Contains("ORDER BY", StringComparison.Ordinal) && c.Contains("LIMIT", StringComparison.Ordinal));
            Assert.Matches(@"ORDER BY ""o\d*""\.""BaseBudgetAmount"" DESC", rows);
            Assert.Matches(@"""o\d*""\.""BudgetAmount"" >= @", rows);
            var totals = Assert.Single(capture.Commands, c => c.Contains("GROUP BY", StringComparison.Ordinal));
            Assert.Contains("SUM(\"o\".\"BaseBudgetAmount\")", totals, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
