using System.Data.Common;
using System.Globalization;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.Configuration.ConfigurationTestHelpers;

namespace Oro.Opportunities.IntegrationTests.Configuration;

/// <summary>
/// "Money that never drifts" (issue 9, spec §7): after a sequence of rates entered now and in the
/// past, closes and reopens through the app's HTTP endpoints and a change of the base currency, every
/// stored base value equals amount × the rate that applies to it, rounded to 4 decimals half away from
/// zero. The check reads the opportunities, rates and settings tables with plain ADO.NET and does the
/// rate lookup and the arithmetic here in C# decimal — none of the application's code.
/// </summary>
public abstract class MoneyReconciliationTests(DatabaseProvider provider)
{
    // Amounts whose product with 1.005 lies exactly halfway between two 4-decimal values; in double
    // arithmetic 300 × 1.005 is 301.49999999999997, so a REAL-based SQLite update rounds them down.
    private const decimal SmallMidpoint = 0.03m;
    private const decimal LargeMidpoint = 123_456_789.01m;

    [Fact]
    public async Task Every_base_value_equals_amount_times_the_applicable_rate_after_past_rates_closes_reopens_and_a_base_change()
    {
        await using var factory = Start();
        var client = await factory.AdminClientAsync();
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await factory.AccountAsync("Reconciliation Ltd", adminId);
        var today = DateTime.UtcNow.Date;

        await factory.SetRateAsync("EUR", 1.1m);
        await factory.SetRateAsync("GBP", 1.25m);

        // Deals closed in the past (as an import of history would create them) and open deals.
        var closedLongAgo = await ClosedDealAsync(factory, account, adminId, "EUR", SmallMidpoint, today.AddDays(-10).AddHours(9));
        var closedMidway = await ClosedDealAsync(factory, account, adminId, "EUR", LargeMidpoint, today.AddDays(-5).AddHours(9));
        var closedRecently = await ClosedDealAsync(factory, account, adminId, "EUR", 2_500.75m, today.AddDays(-2).AddHours(9));
        var closedGbp = await ClosedDealAsync(factory, account, adminId, "GBP", 999.99m, today.AddDays(-4).AddHours(9));
        var closedUsd = await ClosedDealAsync(factory, account, adminId, "USD", 1_000m, today.AddDays(-4).AddHours(9));
        var open = new List<int>();
        foreach (var (currency, amount) in new[] { ("EUR", SmallMidpoint), ("EUR", LargeMidpoint), ("EUR", 10_000m), ("GBP", 77.77m), ("USD", 5_000m), ("GBP", 0.01m) })
        {
            open.Add((await factory.OpportunityAsync($"Open {currency} {amount}", adminId, account, budget: amount, currency: currency)).Id);
        }

        await AssertReconcilesAsync(factory);

        // A rate dated 6 days ago becomes EUR's earliest rate: every EUR deal closed before today's
        // rate takes it (the midpoint amounts included); open deals keep the current rate.
        var impact = await SaveRatesAsync(factory, client, today.AddDays(-6), ("EUR", "1.005"));
        Assert.Contains("re-values the <strong>3</strong> closed deals", impact, StringComparison.Ordinal);
        await SaveRatesAsync(factory, client, today.AddDays(-6), ("EUR", "1.005"), confirmed: true);
        Assert.Equal(Round(SmallMidpoint * 1.005m), (await factory.ReloadAsync(closedLongAgo)).BaseBudgetAmount);
        Assert.Equal(1.1m * 10_000m, (await factory.ReloadAsync(open[2])).BaseBudgetAmount);
        await AssertReconcilesAsync(factory);

        // A rate dated 3 days ago re-values only the deal closed 2 days ago.
        var versions = await VersionsAsync(factory);
        await SaveRatesAsync(factory, client, today.AddDays(-3), ("EUR", "1.3"), confirmed: true);
        var changed = (await VersionsAsync(factory)).Where(v => versions[v.Key] != v.Value).Select(v => v.Key).ToList();
        Assert.Equal([closedRecently], changed);
        await AssertReconcilesAsync(factory);

        // Rates entered now re-value the open deals only.
        await SaveRatesAsync(factory, client, null, ("EUR", "1.2"), ("GBP", "1.2345678901"));
        await AssertReconcilesAsync(factory);

        // Close and reopen through the status endpoint (the grid and the board use it).
        await ChangeStatusAsync(factory, client, open[0], "won");
        await ChangeStatusAsync(factory, client, open[3], "won");
        await ChangeStatusAsync(factory, client, closedMidway, "in_progress");
        await ChangeStatusAsync(factory, client, closedGbp, "in_progress");
        await AssertReconcilesAsync(factory);

        // Change the base to EUR through the confirmation step.
        var preview = await client.GetStringAsync($"{CurrencyPage}/change-base?to=EUR&display=Code&revision={await factory.RevisionAsync()}");
        Assert.Contains("data-testid=\"change-base-deals\">11<", preview, StringComparison.Ordinal);
        var done = await client.FollowAsync(await CurrencyConfigurationTests.ConfirmBaseChangeAsync(factory, client, "EUR", "Code"));
        Assert.Contains("The base currency is now EUR", done, StringComparison.Ordinal);
        await AssertReconcilesAsync(factory);
        foreach (var id in (await factory.WithDbAsync(db => db.Opportunities.AsNoTracking().Where(o => o.BudgetCurrency == "EUR").ToListAsync())).Select(o => o.Id))
        {
            var deal = await factory.ReloadAsync(id);
            Assert.Equal(deal.BudgetAmount, deal.BaseBudgetAmount); // a deal in the base currency is worth exactly its amount
        }

        // Life goes on in the new base: a rate now, a past rate, a close and a reopen.
        await SaveRatesAsync(factory, client, null, ("USD", "0.9"));
        await SaveRatesAsync(factory, client, today.AddDays(-4), ("GBP", "1.1"), confirmed: true);
        await ChangeStatusAsync(factory, client, open[4], "won");
        await ChangeStatusAsync(factory, client, open[0], "in_progress");
        await AssertReconcilesAsync(factory);

        // The re-valuations are in the deal's history, readable.
        var history = await client.GetStringAsync($"/opportunities/{closedLongAgo}");
        Assert.Contains("Re-valued", history, StringComparison.Ordinal);
        Assert.Contains("Base currency changed from USD to EUR", history, StringComparison.Ordinal);
        Assert.Contains("Budget in base currency", history, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 23: the rates form posts every currency; back-dating the one the user changed (GBP) re-values
    /// only its deals. An untouched currency (EUR, posted with the rate the form showed) is not
    /// back-dated (before: 107 closed EUR deals nobody touched were re-valued), and the confirmation
    /// counts only what will happen.
    /// </summary>
    [Fact]
    public async Task Back_dating_one_currency_leaves_the_untouched_ones_and_the_confirmation_counts_only_it()
    {
        await using var factory = Start();
        var client = await factory.AdminClientAsync();
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await factory.AccountAsync("Back-dating Ltd", adminId);
        var today = DateTime.UtcNow.Date;
        await factory.SetRateAsync("EUR", 1.1m);
        await factory.SetRateAsync("GBP", 1.25m);
        var eur = await ClosedDealAsync(factory, account, adminId, "EUR", 1_000m, today.AddDays(-5).AddHours(9));
        var gbp = await ClosedDealAsync(factory, account, adminId, "GBP", 1_000m, today.AddDays(-5).AddHours(9));
        var before = await VersionsAsync(factory);

        var impact = await SaveRatesAsync(factory, client, today.AddDays(-6), ("EUR", "1.1"), ("GBP", "1.3"));
        Assert.Contains("GBP: re-values the <strong>1</strong> closed deal", impact, StringComparison.Ordinal);
        Assert.DoesNotContain("EUR: re-values", impact, StringComparison.Ordinal);
        await SaveRatesAsync(factory, client, today.AddDays(-6), [("EUR", "1.1"), ("GBP", "1.3")], confirmed: true);

        Assert.Equal(before[eur], (await factory.ReloadAsync(eur)).Version);
        Assert.Equal(1_100m, (await factory.ReloadAsync(eur)).BaseBudgetAmount);
        Assert.Equal(1_300m, (await factory.ReloadAsync(gbp)).BaseBudgetAmount);
        await AssertReconcilesAsync(factory);
    }

    [Fact]
    public async Task A_new_rate_re_values_open_deals_exactly_half_away_from_zero()
    {
        await using var factory = Start();
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await factory.AccountAsync("Exact Ltd", adminId);
        await factory.SetRateAsync("EUR", 1.1m);
        var small = await factory.OpportunityAsync("Small", adminId, account, budget: SmallMidpoint, currency: "EUR");
        var large = await factory.OpportunityAsync("Large", adminId, account, budget: LargeMidpoint, currency: "EUR");

        await factory.SetRateAsync("EUR", 1.005m);

        // 0.03 × 1.005 = 0.03015 and 123,456,789.01 × 1.005 = 124,074,072.95505: both exactly halfway.
        Assert.Equal(0.0302m, (await factory.ReloadAsync(small.Id)).BaseBudgetAmount);
        Assert.Equal(124_074_072.9551m, (await factory.ReloadAsync(large.Id)).BaseBudgetAmount);
        await AssertReconcilesAsync(factory);
    }

    [Fact]
    public async Task After_a_base_change_the_grid_footer_board_headers_and_account_totals_are_all_in_the_new_base()
    {
        await using var factory = Start();
        var client = await factory.AdminClientAsync();
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await factory.AccountAsync("Totals GmbH", adminId);
        await factory.SetRateAsync("EUR", 1.1m);
        await factory.SetRateAsync("GBP", 1.25m);
        await factory.OpportunityAsync("Open EUR", adminId, account, budget: 1_000m, currency: "EUR");
        await factory.OpportunityAsync("Open GBP", adminId, account, budget: 2_000m, currency: "GBP");
        await factory.OpportunityAsync("Open USD", adminId, account, budget: 500m, currency: "USD");
        await ClosedDealAsync(factory, account, adminId, "GBP", 300m, DateTime.UtcNow.Date.AddDays(-3));
        await factory.SetRateAsync("GBP", 1.3m);

        // Fill the totals caches in the old base first: they must not survive the change.
        await client.GetStringAsync("/opportunities?view=all");
        await client.GetStringAsync("/opportunities/board");
        await client.GetStringAsync($"/accounts/{account}");
        await client.FollowAsync(await CurrencyConfigurationTests.ConfirmBaseChangeAsync(factory, client, "EUR", "Code"));

        var (baseCurrency, rows) = await IndependentValuesAsync(factory);
        Assert.Equal("EUR", baseCurrency);
        var grid = await client.GetStringAsync("/opportunities?view=all");
        var board = await client.GetStringAsync("/opportunities/board");
        var accountPage = await client.GetStringAsync($"/accounts/{account}");

        // Pages show money in the currency's minor digits (one format everywhere, issue 13): to the cent.
        static decimal Cents(decimal value) => decimal.Round(value, 2, MidpointRounding.AwayFromZero);
        Assert.Equal(("EUR", Cents(rows.Sum(r => r.ExpectedBudget ?? 0m))), Amount(grid, "data-total=\"budget\">"));
        var open = rows.Where(r => r.ClosedAt is null).ToList();
        Assert.Equal(("EUR", Cents(open.Sum(r => r.ExpectedBudget ?? 0m))), Amount(board[board.IndexOf("data-kind=\"Open\"", StringComparison.Ordinal)..], "data-total-budget title=\""));
        Assert.Equal(("EUR", Cents(open.Sum(r => r.ExpectedBudget ?? 0m))), Amount(accountPage, "data-testid=\"open-amount\">"));
        Assert.Equal(("EUR", Cents(rows.Where(r => r.StatusCode == "won").Sum(r => r.ExpectedRevenue ?? 0m))), Amount(accountPage, "data-testid=\"won-amount\">"));
    }

    /// <summary>The amount shown right after <paramref name="marker"/>: its currency code and value.</summary>
    private static (string Currency, decimal Value) Amount(string html, string marker)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"No {marker} on the page");
        var end = marker.EndsWith('"') ? html.IndexOf('"', at + marker.Length) : html.IndexOf('<', at + marker.Length);
        var text = html[(at + marker.Length)..end].Trim();
        var parts = text.Split(' ', 2);
        return (parts[0], decimal.Parse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture));
    }

    private OroAppFactory Start()
    {
        if (provider == DatabaseProvider.PostgreSql)
        {
            PostgresServer.EnsureAvailable();
        }

        return new OroAppFactory(provider);
    }

    private static decimal Round(decimal value) => decimal.Round(value, 4, MidpointRounding.AwayFromZero);

    private static async Task<int> ClosedDealAsync(OroAppFactory factory, int accountId, int ownerId, string currency, decimal amount, DateTime closedAt)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var snapshot = await scope.ServiceProvider.GetRequiredService<ISystemConfiguration>().GetAsync();
        var deal = Opportunity.Create(
            new OpportunityChange
            {
                Name = $"Won {currency} {amount} at {closedAt:yyyy-MM-dd}",
                OwnerId = ownerId,
                AccountId = accountId,
                Status = snapshot.StatusByCodeOrLabel("won")!,
                Budget = new(new Domain.Money.Money(amount, new CurrencyCode(currency))),
                CloseDate = new(DateOnly.FromDateTime(closedAt)),
            },
            snapshot.ChangeContext(new Oro.Opportunities.Application.Common.UserTime(closedAt, TimeZoneInfo.Utc)));
        db.Opportunities.Add(deal);
        await db.SaveChangesAsync();
        return deal.Id;
    }

    private static Task<Dictionary<int, long>> VersionsAsync(OroAppFactory factory) =>
        factory.WithDbAsync(db => db.Opportunities.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Version));

    private static async Task<string> SaveRatesAsync(OroAppFactory factory, HttpClient client, DateTime? effectiveFrom, params (string Code, string ToBase)[] rates) =>
        await SaveRatesAsync(factory, client, effectiveFrom, rates, confirmed: false);

    private static async Task<string> SaveRatesAsync(OroAppFactory factory, HttpClient client, DateTime? effectiveFrom, (string Code, string ToBase) rate, bool confirmed) =>
        await SaveRatesAsync(factory, client, effectiveFrom, [rate], confirmed);

    private static async Task<string> SaveRatesAsync(OroAppFactory factory, HttpClient client, DateTime? effectiveFrom, (string Code, string ToBase)[] rates, bool confirmed)
    {
        var fields = Fields(
            ("Rates.Revision", Text(await factory.RevisionAsync())),
            ("Rates.EffectiveFrom", effectiveFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty),
            ("Rates.Confirmed", confirmed ? "true" : "false"));
        foreach (var (code, toBase) in rates)
        {
            fields.AddRange(Fields(
                ("Rates.Items.Index", code),
                ($"Rates.Items[{code}].Code", code),
                ($"Rates.Items[{code}].RateToBase", toBase),
                ($"Rates.Items[{code}].RateFromBase", string.Empty),
                ($"Rates.Items[{code}].Entered", "ToBase")));
        }

        var response = await client.PostFormAsync(CurrencyPage + "/rates", fields, tokenPage: CurrencyPage);
        if (effectiveFrom is not null && !confirmed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the confirmation step
            return await response.Content.ReadAsStringAsync();
        }

        return await client.FollowAsync(response);
    }

    private static async Task ChangeStatusAsync(OroAppFactory factory, HttpClient client, int id, string statusCode)
    {
        var deal = await factory.ReloadAsync(id);
        var status = await factory.StatusAsync(statusCode);
        var response = await client.PostFormAsync($"/opportunities/{id}/status", Fields(
            ("version", Text(deal.Version)),
            ("statusId", Text(status.Id)),
            ("fromStatusId", Text(deal.StatusId)),
            ("closeDate", DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))), tokenPage: "/opportunities");
        Assert.True(response.IsSuccessStatusCode, $"{statusCode} for {id}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The independent check: raw reads, the lookup and the arithmetic here, every row compared.</summary>
    private async Task AssertReconcilesAsync(OroAppFactory factory)
    {
        var (baseCurrency, rows) = await IndependentValuesAsync(factory);
        var checkedAmounts = 0;
        foreach (var row in rows)
        {
            foreach (var (name, amount, currency, stored, expected) in new[]
                     {
                         ("budget", row.Budget, row.BudgetCurrency, row.StoredBudget, row.ExpectedBudget),
                         ("close revenue", row.Revenue, row.RevenueCurrency, row.StoredRevenue, row.ExpectedRevenue),
                     })
            {
                if (amount is null)
                {
                    Assert.True(stored is null, $"Deal {row.Id}: a base {name} without an amount");
                    continue;
                }

                Assert.True(expected == stored, $"Deal {row.Id} ({(row.ClosedAt is null ? "open" : "closed " + row.ClosedAt.Value.ToString("O", CultureInfo.InvariantCulture))}): base {name} {stored}, expected {amount} {currency} = {expected} {baseCurrency}");
                checkedAmounts++;
            }
        }

        Assert.True(checkedAmounts > 0, "The check read the amounts.");
    }

    private sealed record IndependentRow(
        int Id, string StatusCode, DateTime? ClosedAt,
        decimal? Budget, string? BudgetCurrency, decimal? StoredBudget, decimal? ExpectedBudget,
        decimal? Revenue, string? RevenueCurrency, decimal? StoredRevenue, decimal? ExpectedRevenue);

    /// <summary>Every opportunity with its stored base values and the ones computed here from the raw amounts and the rate history.</summary>
    private async Task<(string BaseCurrency, List<IndependentRow> Rows)> IndependentValuesAsync(OroAppFactory factory)
    {
        var connectionString = await factory.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using DbConnection connection = provider == DatabaseProvider.Sqlite ? new SqliteConnection(connectionString) : new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var sqlite = provider == DatabaseProvider.Sqlite;

        // Without a stored setting the base is USD (spec §7's default).
        var baseCurrency = (string?)await ScalarAsync(connection, "SELECT \"Value\" FROM \"Settings\" WHERE \"Key\" = 'currency.base'") ?? "USD";
        var rates = new List<(long Id, string Currency, DateTime From, decimal Rate)>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT \"Id\", \"CurrencyCode\", \"EffectiveFrom\", \"RateToBase\" FROM \"CurrencyRates\" WHERE \"BaseCurrencyCode\" = '{baseCurrency}'";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rates.Add((reader.GetInt64(0), reader.GetString(1).Trim(), Moment(reader.GetValue(2)), sqlite ? decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture) : reader.GetDecimal(3)));
            }
        }

        // The rate in effect at t: the greatest EffectiveFrom <= t (ties: greatest id); before the first row, the earliest row.
        decimal RateAt(string currency, DateTime? closedAt)
        {
            if (currency == baseCurrency)
            {
                return 1m;
            }

            var rows = rates.Where(r => r.Currency == currency).ToList();
            Assert.True(rows.Count > 0, $"No rate of {currency} against {baseCurrency}");
            var moment = closedAt ?? DateTime.MaxValue;
            var inEffect = rows.Where(r => r.From <= moment).OrderByDescending(r => r.From).ThenByDescending(r => r.Id).FirstOrDefault();
            return inEffect != default ? inEffect.Rate : rows.OrderBy(r => r.From).ThenByDescending(r => r.Id).First().Rate;
        }

        var result = new List<IndependentRow>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT \"Id\", \"ClosedAt\", \"BudgetAmount\", \"BudgetCurrency\", \"BaseBudgetAmount\", \"CloseRevenueAmount\", \"CloseRevenueCurrency\", \"BaseCloseRevenue\", \"StatusCode\" FROM \"Opportunities\"";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                DateTime? closedAt = reader.IsDBNull(1) ? null : Moment(reader.GetValue(1));
                decimal? Amount(int ordinal) => reader.IsDBNull(ordinal) ? null : Money(reader, ordinal, sqlite);
                string? Code(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal).Trim();
                decimal? Expected(int amount, int currency) => Amount(amount) is decimal value ? Round(value * RateAt(Code(currency)!, closedAt)) : null;
                result.Add(new IndependentRow(
                    reader.GetInt32(0), reader.GetString(8), closedAt,
                    Amount(2), Code(3), Amount(4), Expected(2, 3),
                    Amount(5), Code(6), Amount(7), Expected(5, 6)));
            }
        }

        return (baseCurrency, result);
    }

    private static decimal Money(DbDataReader reader, int ordinal, bool sqlite) =>
        sqlite ? reader.GetInt64(ordinal) / 10_000m : reader.GetDecimal(ordinal);

    private static DateTime Moment(object value) => value switch
    {
        DateTime d => DateTime.SpecifyKind(d.ToUniversalTime(), DateTimeKind.Utc),
        string s => DateTime.SpecifyKind(DateTime.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc),
        _ => throw new InvalidOperationException($"Unexpected date value {value}"),
    };

    private static async Task<object?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}

public sealed class SqliteMoneyReconciliationTests() : MoneyReconciliationTests(DatabaseProvider.Sqlite);

public sealed class PostgresMoneyReconciliationTests() : MoneyReconciliationTests(DatabaseProvider.PostgreSql);
