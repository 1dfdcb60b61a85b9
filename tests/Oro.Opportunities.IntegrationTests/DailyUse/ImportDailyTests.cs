using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.ImportExport.ImportTestSupport;

namespace Oro.Opportunities.IntegrationTests.DailyUse;

/// <summary>
/// Import in daily use (issue 13 items 11 and 12): a file imported before is not imported again
/// without a word, name matching refuses ambiguous names, and the failed rows come back as a file
/// that imports as it is once fixed.
/// </summary>
public abstract class ImportDailyTests(AppFixture fixture)
{
    private async Task<(OroAppFactory Factory, HttpClient Client)> AdminAsync()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        return (factory, client);
    }

    private static Task<int> CountAsync(OroAppFactory factory, string name) =>
        factory.WithDbAsync(db => db.Opportunities.CountAsync(o => o.Name == name));

    [Fact]
    public async Task Importing_a_file_again_waits_for_confirmation_and_says_when_and_by_whom()
    {
        var (factory, client) = await AdminAsync();
        var name = Unique("Twice");
        var csv = Csv(Row(name, Unique("Twice account"), budget: "100"));
        var first = await factory.ImportAsync(client, csv);
        Assert.Equal(ImportJobState.Completed, first.State);
        Assert.Equal(64, first.FileHash!.Length);

        var again = JobIdFrom(await client.UploadAsync(csv, fileName: "renamed.csv"));
        var held = await factory.JobAsync(again);
        Assert.Equal(ImportJobState.AwaitingConfirmation, held.State);
        Assert.Equal(first.FileHash, held.FileHash);
        await factory.RunJobAsync(again);
        Assert.Equal(ImportJobState.AwaitingConfirmation, (await factory.JobAsync(again)).State);
        Assert.Equal(1, await CountAsync(factory, name));

        var page = await client.GetStringAsync($"/opportunities/import/{again}");
        Assert.Contains("This file was imported before", page, StringComparison.Ordinal);
        Assert.Contains($"import #{first.Id}", page, StringComparison.Ordinal);
        Assert.Matches("imported on <time [^>]+>[0-9-]+ [0-9:]+</time> by <strong>[^<]+</strong>", page);
        Assert.Contains("creates every other row a second time", page, StringComparison.Ordinal);

        var confirmed = await client.PostFormAsync($"/opportunities/import/{again}/confirm", [], $"/opportunities/import/{again}");
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.Equal(ImportJobState.Queued, (await factory.JobAsync(again)).State);
        await factory.RunJobAsync(again);
        Assert.Equal(ImportJobState.Completed, (await factory.JobAsync(again)).State);
        Assert.Equal(2, await CountAsync(factory, name));
    }

    [Fact]
    public async Task A_held_import_can_be_dropped_and_writes_nothing_and_a_validation_is_never_held()
    {
        var (factory, client) = await AdminAsync();
        var name = Unique("Dropped");
        var csv = Csv(Row(name, Unique("Dropped account")));
        await factory.ImportAsync(client, csv);

        var validation = await factory.ImportAsync(client, csv, mode: "validate");
        Assert.Equal(ImportJobState.Completed, validation.State);
        Assert.Contains("This file (identical content) was imported before", await client.GetStringAsync($"/opportunities/import/{validation.Id}"), StringComparison.Ordinal);

        var again = JobIdFrom(await client.UploadAsync(csv));
        Assert.Equal(ImportJobState.AwaitingConfirmation, (await factory.JobAsync(again)).State);
        var dropped = await client.PostFormAsync($"/opportunities/import/{again}/cancel", [], $"/opportunities/import/{again}");
        Assert.Equal(HttpStatusCode.Redirect, dropped.StatusCode);
        Assert.Equal(ImportJobState.Cancelled, (await factory.JobAsync(again)).State);
        await factory.RunJobAsync(again);
        Assert.Equal(1, await CountAsync(factory, name));

        // A file that differs by one byte is another file.
        var changed = await factory.ImportAsync(client, csv + Row(Unique("Dropped extra"), "x") + "\r\n");
        Assert.Equal(ImportJobState.Completed, changed.State);
    }

    [Fact]
    public async Task Name_matching_refuses_a_name_that_several_records_have_instead_of_updating_one()
    {
        var (factory, client) = await AdminAsync();
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await factory.AccountAsync(Unique("Twins account"), adminId);
        var twin = Unique("Twin");
        var first = await factory.OpportunityAsync(twin, adminId, account, budget: 1m);
        var second = await factory.OpportunityAsync(twin, adminId, account, budget: 2m);
        var single = Unique("Single");
        var only = await factory.OpportunityAsync(single, adminId, account, budget: 3m);

        var job = await factory.ImportAsync(client, Csv(Row(twin, "", budget: "99"), Row(single, "", budget: "77")), matchByName: true);

        Assert.Equal(1, job.RowsUpdated);
        Assert.Equal(0, job.RowsCreated);
        Assert.Equal(1, job.RowsFailed);
        var error = Assert.Single(await factory.ErrorsAsync(job.Id));
        Assert.Equal(2, error.Row);
        Assert.Equal(OpportunityCsv.Name, error.Column);
        Assert.Contains($"2 opportunities you can see are named \"{twin}\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(1m, (await factory.ReloadAsync(first.Id)).BudgetAmount);
        Assert.Equal(2m, (await factory.ReloadAsync(second.Id)).BudgetAmount);
        Assert.Equal(77m, (await factory.ReloadAsync(only.Id)).BudgetAmount);
    }

    [Fact]
    public async Task The_failed_rows_come_back_with_their_errors_and_import_as_they_are_once_fixed()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Round");
        var account = Unique("Round account");
        var csv = Csv(
            Row($"{p} good", account, probability: "30"),
            Row($"{p} bad probability", account, probability: "150", notes: "=HYPERLINK(\"x\")"),
            Row($"{p} lost", account, status: "lost", closeDate: "2026-01-10"),
            Row($"{p} good 2", account));
        var job = await factory.ImportAsync(client, csv);
        Assert.Equal(2, job.RowsCreated);
        Assert.Equal(2, job.RowsFailed);

        var response = await client.GetAsync($"/opportunities/import/{job.Id}/errors-with-data.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        var rows = ParseCsv(text);
        Assert.Equal([.. Header.Split(','), OpportunityCsv.ImportErrors], rows[0]);
        Assert.Equal(3, rows.Count);
        var probability = Array.IndexOf(rows[0], OpportunityCsv.Probability);
        var reason = Array.IndexOf(rows[0], OpportunityCsv.CloseReason);
        var notes = Array.IndexOf(rows[0], OpportunityCsv.Notes);
        Assert.Equal($"{p} bad probability", rows[1][1]);
        Assert.Equal("150", rows[1][probability]);
        Assert.Equal("'=HYPERLINK(\"x\")", rows[1][notes]);
        Assert.StartsWith("Row 3: Probability \"150\": The probability is a whole percent", rows[1][^1], StringComparison.Ordinal);
        Assert.StartsWith("Row 4: Close reason Name: Closing as lost needs", rows[2][^1], StringComparison.Ordinal);

        // The page says what the file holds: the rows as they were, but for the apostrophe before a formula-like cell.
        var page = System.Text.RegularExpressions.Regex.Replace(WebUtility.HtmlDecode(await client.GetStringAsync($"/opportunities/import/{job.Id}")), @"\s+", " ");
        Assert.DoesNotContain("exactly as they were", page, StringComparison.Ordinal);
        Assert.Contains("a cell that starts with =, +, - or @ gets a leading apostrophe (')", page, StringComparison.Ordinal);

        // Fixed in a spreadsheet, imported as it is: the errors column is ignored without a notice.
        rows[1][probability] = "40";
        rows[2][reason] = "outsold";
        var fixedFile = string.Join("\r\n", rows.Select(r => string.Join(',', r.Select(Quote)))) + "\r\n";
        var again = await factory.ImportAsync(client, fixedFile);

        Assert.Equal(ImportJobState.Completed, again.State);
        Assert.Equal(2, again.RowsCreated);
        Assert.Equal(0, again.RowsFailed);
        Assert.DoesNotContain(OpportunityCsv.ImportErrors, again.Notices ?? string.Empty, StringComparison.Ordinal);
        var fixedDeal = await factory.WithDbAsync(db => db.Opportunities.SingleAsync(o => o.Name == $"{p} bad probability"));
        Assert.Equal(40, fixedDeal.Probability);
        Assert.Equal("=HYPERLINK(\"x\")", fixedDeal.Notes);
        Assert.Equal("outsold", await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == $"{p} lost").Select(o => o.CloseReasonCode).SingleAsync()));
        Assert.Single(ParseCsv(await client.GetStringAsync($"/opportunities/import/{again.Id}/errors-with-data.csv")));
    }

    [Fact]
    public async Task A_validation_also_gives_the_failed_rows_and_says_it_is_a_dry_run()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Dry");
        var job = await factory.ImportAsync(client, Csv(Row($"{p} ok", Unique("Dry account")), Row($"{p} bad", Unique("Dry account"), budget: "abc")), mode: "validate");

        var page = await client.GetStringAsync($"/opportunities/import/{job.Id}");
        Assert.Contains("Validation (a dry run)", page, StringComparison.Ordinal);
        Assert.Contains("Checked up to row", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Committed up to row", page, StringComparison.Ordinal);
        Assert.Contains("row 1 is the header", page, StringComparison.Ordinal);
        var rows = ParseCsv(await client.GetStringAsync($"/opportunities/import/{job.Id}/errors-with-data.csv"));
        Assert.Equal(2, rows.Count);
        Assert.Equal($"{p} bad", rows[1][1]);
    }

    [Fact]
    public async Task The_jobs_page_lists_imports_with_who_and_progress_and_no_file_paths()
    {
        var (factory, client) = await AdminAsync();
        var job = await factory.ImportAsync(client, Csv(Row(Unique("Jobs page"), Unique("Jobs account"))));

        var response = await client.GetAsync("/system/jobs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"/opportunities/import/{job.Id}", html, StringComparison.Ordinal);
        Assert.Contains("Import of opportunities.csv", html, StringComparison.Ordinal);
        Assert.DoesNotContain(factory.DataFolder, html, StringComparison.Ordinal);
        Assert.DoesNotContain("jobs.db", html, StringComparison.Ordinal);
        Assert.DoesNotContain(job.UploadId.ToString(), html, StringComparison.Ordinal);
        Assert.Contains("<main", html, StringComparison.Ordinal);
    }
}

public sealed class SqliteImportDailyTests(SqliteAppFixture fixture) : ImportDailyTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresImportDailyTests(PostgresAppFixture fixture) : ImportDailyTests(fixture), IClassFixture<PostgresAppFixture>;
