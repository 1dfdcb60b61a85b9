using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.IntegrationTests.ImportExport;

/// <summary>
/// OroCRM's export imports here unchanged (issue 5): the sample file of the shared data folder, on
/// a database of its own (its Id column would otherwise update other tests' records).
/// </summary>
public abstract class SampleImportTests(AppFixture fixture)
{
    [Fact]
    public async Task The_oro_export_sample_imports_with_its_owners_accounts_statuses_currencies_and_probabilities()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        var csv = await File.ReadAllTextAsync(SamplePath());

        // Only USD is allowed at first: Validate reports each other currency against its column, and writes nothing.
        var validation = await factory.ImportAsync(client, csv, mode: "validate");
        Assert.Equal(ImportJobState.Completed, validation.State);
        Assert.Equal((8, 4, 0, 4), (validation.RowsRead, validation.RowsCreated, validation.RowsUpdated, validation.RowsFailed));
        var errors = await factory.ErrorsAsync(validation.Id);
        Assert.Equal([3, 5, 8, 9, 9], errors.Select(e => e.Row).ToArray());
        Assert.Equal(
            ["Budget Amount Currency", "Budget Amount Currency", "Budget Amount Currency", "Budget Amount Currency", "Close revenue Currency"],
            errors.Select(e => e.Column ?? "").ToArray());
        Assert.Contains("EUR is not an allowed currency", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Opportunities.CountAsync()));

        await factory.SetRateAsync("EUR", 1.1m);
        await factory.SetRateAsync("GBP", 1.25m);
        await factory.SetRateAsync("CHF", 1.12m);
        var job = await factory.ImportAsync(client, csv);

        Assert.Equal(ImportJobState.Completed, job.State);
        Assert.Equal((8, 8, 0, 0), (job.RowsRead, job.RowsCreated, job.RowsUpdated, job.RowsFailed));
        Assert.Contains("not imported", job.Notices, StringComparison.Ordinal);
        var rows = await factory.WithDbAsync(db =>
            (from o in db.Opportunities
             join a in db.Accounts on o.AccountId equals a.Id
             join u in db.Users on o.OwnerId equals u.Id
             join c0 in db.Contacts on o.ContactId equals c0.Id into cs
             from c in cs.DefaultIfEmpty()
             orderby o.Id
             select new { o.Name, Owner = u.UserName, Account = a.Name, o.StatusCode, o.Probability, o.BudgetAmount, o.BudgetCurrency, o.BaseBudgetAmount, o.CloseDate, o.CloseReasonCode, o.CloseRevenueAmount, o.CloseRevenueCurrency, o.ClosedAt, o.Notes, o.ProposedSolution, Contact = c == null ? null : c.FirstName + " " + c.LastName })
            .ToListAsync());

        Assert.Equal(8, rows.Count);
        Assert.All(rows, r => Assert.Equal("admin", r.Owner));
        Assert.Equal(
            ["needs_analysis", "negotiation", "won", "lost", "identification_alignment", "in_progress", "solution_development", "lost"],
            rows.Select(r => r.StatusCode).ToArray());
        Assert.Equal([20, 80, 100, 0, 10, 0, 50, 0], rows.Select(r => r.Probability ?? -1).ToArray());
        Assert.Equal(["USD", "EUR", "USD", "GBP", "USD", "-", "CHF", "EUR"], rows.Select(r => r.BudgetCurrency ?? "-").ToArray());
        Assert.Equal("Van Dijk Distributie B.V.", rows[1].Account);
        Assert.Equal("Café Müller GmbH", rows[5].Account);
        Assert.Equal(52800.0000m, rows[1].BaseBudgetAmount);
        Assert.Equal("Training: \"Lean sales\" workshop", rows[4].Name);
        Assert.Equal("Multi-line note:\nasked for dates in Q1", rows[4].Notes?.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("Model X2 with 3-year care pack", rows[1].ProposedSolution);
        Assert.Equal(("won", 29500m, "USD"), (rows[2].CloseReasonCode, rows[2].CloseRevenueAmount!.Value, rows[2].CloseRevenueCurrency));
        Assert.NotNull(rows[2].ClosedAt);
        Assert.Equal(("outsold", 0m), (rows[3].CloseReasonCode, rows[3].CloseRevenueAmount!.Value));
        Assert.Equal("cancelled", rows[7].CloseReasonCode);
        Assert.Equal(new DateOnly(2026, 12, 15), rows[0].CloseDate);
        Assert.Equal("Maria Lopez", rows[0].Contact);
        Assert.Null(rows[5].Contact);
        Assert.Equal(7, rows.Select(r => r.Account).Distinct().Count());

        // Acme Corporation appears twice in the file and is created once; every record and new account is audited.
        Assert.Equal(1, await factory.WithDbAsync(db => db.Accounts.CountAsync(a => a.Name == "Acme Corporation")));
        Assert.Equal(8, await factory.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.EntityType == "Opportunity" && a.EntityId > 0)));

        // Importing the same file again updates the records its Ids name, and duplicates nothing else. (On
        // PostgreSQL the Validate run above used sequence values, so the new records did not get ids 1–8.)
        var ids = await factory.WithDbAsync(db => db.Opportunities.Select(o => o.Id).ToListAsync());
        var matching = ids.Count(id => id is >= 1 and <= 8);
        var again = await factory.ImportAsync(client, csv, confirmReimport: true);
        Assert.Equal((8, 8 - matching, matching, 0), (again.RowsRead, again.RowsCreated, again.RowsUpdated, again.RowsFailed));
        Assert.Equal(8 + 8 - matching, await factory.WithDbAsync(db => db.Opportunities.CountAsync()));
    }

    private static string SamplePath() => ImportTestSupport.SamplePath;
}

public sealed class SqliteSampleImportTests(SqliteAppFixture fixture) : SampleImportTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresSampleImportTests(PostgresAppFixture fixture) : SampleImportTests(fixture), IClassFixture<PostgresAppFixture>;
