using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.IntegrationTests.Infrastructure;
using static Oro.Opportunities.IntegrationTests.ImportExport.ImportTestSupport;

namespace Oro.Opportunities.IntegrationTests.ImportExport;

/// <summary>Import over HTTP and the job runner (issue 5): errors, chunks, cancel, resume, idempotency, bad input.</summary>
public abstract class ImportTests(AppFixture fixture)
{
    protected async Task<(OroAppFactory Factory, HttpClient Client)> AdminAsync()
    {
        var factory = fixture.Start();
        var client = factory.CreateBrowserLikeClient();
        await client.SignInAsync("admin", OroAppFactory.AdminPassword);
        return (factory, client);
    }

    private static Task<List<string>> NamesAsync(OroAppFactory factory, string prefix) =>
        factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name.StartsWith(prefix)).OrderBy(o => o.Id).Select(o => o.Name).ToListAsync());

    [Fact]
    public async Task Validate_reports_exactly_the_errors_that_import_skips_and_writes_nothing()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Parity");
        var account = Unique("Parity account");
        var csv = Csv(
            Row($"{p} ok 1", account, probability: "30", budget: "1000.50", status: "needs_analysis"),
            Row($"{p} won", account, status: "won"),
            Row($"{p} lost", account, status: "lost", closeDate: "2026-01-10"),
            Row($"{p} negative", account, budget: "-5"),
            Row($"{p} number", account, budget: "12,34.5x"),
            Row($"{p} date", account, closeDate: "31/12/2026"),
            Row($"{p} iso", account, budget: "10", currency: "XYZ"),
            Row($"{p} allowed", account, budget: "10", currency: "JPY"),
            Row($"{p} owner", account, owner: "nobody-" + Guid.NewGuid().ToString("N")[..6]),
            Row($"{p} status", account, status: "maybe"),
            Row(p + new string('n', 300), account),
            Row($"{p} probability", account, probability: "150"),
            Row($"{p} \"quoted\" ok 2", account, notes: "line one\nline two, with comma", first: "Ann", last: p),
            Row($"{p} no account", ""),
            Row($"{p} lost won", account, status: "lost", closeDate: "2026-01-10", reason: "won"));
        var options = new ImportOptions { ChunkSize = 4 };

        var validation = await factory.ImportAsync(client, csv, mode: "validate", options: options);
        var validationErrors = await factory.ErrorsAsync(validation.Id);
        Assert.Empty(await NamesAsync(factory, p));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Accounts.CountAsync(a => a.Name == account)));

        var import = await factory.ImportAsync(client, csv, options: options);
        var importErrors = await factory.ErrorsAsync(import.Id);

        Assert.Equal(ImportJobState.Completed, validation.State);
        Assert.Equal(ImportJobState.Completed, import.State);
        // A won row without a close date closes today, as on every path (spec §3.3).
        Assert.Equal((15, 3, 0, 12), (validation.RowsRead, validation.RowsCreated, validation.RowsUpdated, validation.RowsFailed));
        Assert.Equal((15, 3, 0, 12), (import.RowsRead, import.RowsCreated, import.RowsUpdated, import.RowsFailed));
        Assert.Equal(
            validationErrors.Select(e => (e.Row, e.Column, e.Value, e.Message)).ToList(),
            importErrors.Select(e => (e.Row, e.Column, e.Value, e.Message)).ToList());
        Assert.Equal(
            [
                (4, "Close reason Name"), (5, "Budget Amount"), (6, "Budget Amount"), (7, "Expected close date"),
                (8, "Budget Amount Currency"), (9, "Budget Amount Currency"), (10, "Owner Username"), (11, "Status Id"), (12, "Opportunity name"),
                (13, "Probability"), (15, "Customer Account Account name"), (16, "Close reason Name"),
            ],
            importErrors.Select(e => (e.Row, e.Column ?? "")).ToArray());
        Assert.Contains("cannot be negative", importErrors.Single(e => e.Row == 5).Message, StringComparison.Ordinal);
        Assert.Equal("31/12/2026", importErrors.Single(e => e.Row == 7).Value);
        Assert.Contains("JPY is not an allowed currency", importErrors.Single(e => e.Row == 9).Message, StringComparison.Ordinal);

        // The valid rows are stored, the others are not; the quoted row keeps its quotes, comma and line break.
        Assert.Equal([$"{p} ok 1", $"{p} won", $"{p} \"quoted\" ok 2"], await NamesAsync(factory, p));
        var quoted = await factory.WithDbAsync(db => db.Opportunities.SingleAsync(o => o.Name == $"{p} \"quoted\" ok 2"));
        Assert.Equal("line one\nline two, with comma", quoted.Notes);
        var contact = await factory.WithDbAsync(db => db.Contacts.SingleAsync(c => c.Id == quoted.ContactId));
        Assert.Equal(("Ann", p, quoted.AccountId), (contact.FirstName, contact.LastName, contact.AccountId));
    }

    [Fact]
    public async Task Imported_records_get_the_same_audit_entry_as_records_saved_through_ef()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Audit");
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var accountId = await factory.AccountAsync(p + " account", adminId);
        var viaEf = await factory.OpportunityAsync(p, adminId, accountId, "negotiation", budget: 1234.5m, closeDate: new DateOnly(2026, 10, 1));

        await factory.ImportAsync(client, Csv(Row(p, p + " account", status: "negotiation", budget: "1234.5", closeDate: "2026-10-01", notes: null)));

        var imported = await factory.WithDbAsync(db => db.Opportunities.SingleAsync(o => o.Name == p && o.Id != viaEf.Id));
        Assert.Equal((viaEf.BudgetAmount, viaEf.BaseBudgetAmount, viaEf.Probability, viaEf.AccountId), (imported.BudgetAmount, imported.BaseBudgetAmount, imported.Probability, imported.AccountId));
        var audits = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Opportunity" && (a.EntityId == viaEf.Id || a.EntityId == imported.Id))
            .OrderBy(a => a.EntityId).ToListAsync());
        Assert.Equal(2, audits.Count);
        Assert.All(audits, a => Assert.Equal(Domain.Auditing.AuditAction.Created, a.Action));
        Assert.Equal(adminId, audits[1].UserId);
        Assert.Equal(audits[0].ChangesJson, audits[1].ChangesJson);
        Assert.Contains("\"Field\":\"BudgetAmount\"", audits[1].ChangesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_error_report_lists_row_column_value_and_message_as_a_csv_download()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Report");
        var job = await factory.ImportAsync(client, Csv(
            Row($"{p} ok", Unique("Acc")),
            Row($"{p} bad", Unique("Acc"), probability: "=1+1"),
            Row($"{p} worse", Unique("Acc"), closeDate: "tomorrow", budget: "abc")));

        var response = await client.GetAsync($"/opportunities/import/{job.Id}/errors.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? response.Headers.GetValues("Content-Disposition").Single(), StringComparison.Ordinal);
        var rows = ParseCsv(await response.Content.ReadAsStringAsync());
        Assert.Equal(["Row", "Column", "Value", "Message"], rows[0]);
        Assert.Equal(4, rows.Count);
        Assert.Equal(["3", "Probability", "'=1+1"], rows[1][..3]);
        Assert.Contains("whole percent", rows[1][3], StringComparison.Ordinal);
        Assert.Equal(["4", "Expected close date", "tomorrow"], rows[2][..3]);
        Assert.Equal(["4", "Budget Amount", "abc"], rows[3][..3]);

        var page = await client.GetStringAsync($"/opportunities/import/{job.Id}");
        Assert.Contains("Download error report", page, StringComparison.Ordinal);
        Assert.Contains("tomorrow", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunk_that_fails_half_way_leaves_none_of_its_rows_and_the_job_says_how_far_it_got()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Atomic");
        var csv = Csv([.. Enumerable.Range(1, 7).Select(i => Row($"{p} {i}", $"{p} account {i}", first: "First", last: $"{p} {i}"))]);

        var job = await factory.ImportAsync(client, csv, options: new ImportOptions { ChunkSize = 3 },
            faults: new FailingChunk(2, () => new InvalidOperationException("disk on fire")));

        Assert.Equal(ImportJobState.Failed, job.State);
        Assert.Equal(4, job.LastCommittedRow);
        Assert.Equal((3, 3), (job.RowsRead, job.RowsCreated));
        Assert.Contains("Rows up to 4 were imported", job.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("disk on fire", job.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal([$"{p} 1", $"{p} 2", $"{p} 3"], await NamesAsync(factory, p));
        Assert.Equal(3, await factory.WithDbAsync(db => db.Accounts.CountAsync(a => a.Name.StartsWith(p))));
        Assert.Equal(3, await factory.WithDbAsync(db => db.Contacts.CountAsync(c => c.LastName.StartsWith(p))));
        var page = await client.GetStringAsync($"/opportunities/import/{job.Id}");
        Assert.Contains("Rows up to 4 were imported", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupted_import_resumes_after_its_last_committed_chunk_without_duplicates()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Resume");
        var csv = Csv([.. Enumerable.Range(1, 7).Select(i => Row($"{p} {i}", $"{p} account"))]);
        var id = JobIdFrom(await client.UploadAsync(csv));
        var options = new ImportOptions { ChunkSize = 3 };

        // A shut-down in the middle of chunk 2: the host's token cancels, the job stays Running.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            factory.RunJobAsync(id, options, new FailingChunk(2, () => new OperationCanceledException("host stopping"))));
        var interrupted = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Running, 4), (interrupted.State, interrupted.LastCommittedRow));
        Assert.Equal(3, (await NamesAsync(factory, p)).Count);

        await factory.RunJobAsync(id, options);

        var job = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Completed, 2), (job.State, job.Attempts));
        Assert.Equal((7, 7, 0), (job.RowsRead, job.RowsCreated, job.RowsFailed));
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"{p} {i}").ToArray(), (await NamesAsync(factory, p)).ToArray());
        Assert.Contains("Resumed after an interruption", await client.GetStringAsync($"/opportunities/import/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_stops_after_the_chunk_being_written_and_keeps_what_was_committed()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Cancel");
        var csv = Csv([.. Enumerable.Range(1, 9).Select(i => Row($"{p} {i}", $"{p} account"))]);
        var id = JobIdFrom(await client.UploadAsync(csv));
        var jobPage = await client.GetStringAsync($"/opportunities/import/{id}");
        Assert.Contains("data-testid=\"cancel\"", jobPage, StringComparison.Ordinal);

        await factory.RunJobAsync(id, new ImportOptions { ChunkSize = 3 }, new BetweenChunks(1, async () =>
        {
            var response = await client.PostFormAsync($"/opportunities/import/{id}/cancel", [], $"/opportunities/import/{id}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }));

        var job = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Cancelled, 4, 3), (job.State, job.LastCommittedRow, job.RowsCreated));
        Assert.Equal(3, (await NamesAsync(factory, p)).Count);
        Assert.Contains("Rows up to 4 were imported", await client.GetStringAsync($"/opportunities/import/{id}"), StringComparison.Ordinal);

        // A job cancelled before it started never runs.
        var queued = JobIdFrom(await client.UploadAsync(Csv(Row($"{p} never", $"{p} account"))));
        await client.PostFormAsync($"/opportunities/import/{queued}/cancel", [], $"/opportunities/import/{queued}");
        await factory.RunJobAsync(queued);
        Assert.Equal(ImportJobState.Cancelled, (await factory.JobAsync(queued)).State);
        Assert.DoesNotContain($"{p} never", await NamesAsync(factory, p));
    }

    [Fact]
    public async Task Card_moves_made_while_an_import_runs_all_succeed_and_the_board_totals_stay_exact()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Beside");
        var adminId = await factory.WithDbAsync(db => db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync());
        var account = await factory.AccountAsync(p + " account", adminId);
        var statuses = await factory.WithDbAsync(db => db.OpportunityStatuses.Where(s => s.Kind == Domain.Statuses.StatusKind.Open).OrderBy(s => s.SortOrder).Select(s => s.Id).ToListAsync());
        var cards = new List<(int Id, long Version, int Status)>();
        for (var i = 0; i < 4; i++)
        {
            var deal = await factory.OpportunityAsync($"{p} card {i}", adminId, account, "in_progress", 1000m + i, "USD", probability: 10 * i);
            cards.Add((deal.Id, deal.Version, deal.StatusId));
        }

        var board = "?name=" + Uri.EscapeDataString(p);
        await client.GetStringAsync("/opportunities/board" + board);
        var csv = Csv([.. Enumerable.Range(1, 1500).Select(i => Row($"{p} row {i}", $"{p} account", budget: (i * 3.5m).ToString(System.Globalization.CultureInfo.InvariantCulture), status: i % 2 == 0 ? "negotiation" : "needs_analysis"))]);
        var id = JobIdFrom(await client.UploadAsync(csv));

        // The import writes 30 chunks while four managers keep moving cards on a board that shows the imported rows too.
        var import = factory.RunJobAsync(id, new ImportOptions { ChunkSize = 50 });
        var statusCodes = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var movers = Enumerable.Range(0, 4).Select(async worker =>
        {
            var (cardId, version, status) = cards[worker];
            var step = 0;
            while (!import.IsCompleted || step < 3)
            {
                var target = statuses[(statuses.IndexOf(status) + 1 + step++) % statuses.Count];
                var response = await client.PostFormAsync($"/opportunities/{cardId}/status", [new("version", version.ToString()), new("statusId", target.ToString()), new("fromStatusId", status.ToString()), new("board", board)], "/opportunities/board");
                statusCodes.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var row = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("row");
                    (version, status) = (row.GetProperty("version").GetInt64(), row.GetProperty("statusId").GetInt32());
                }
            }
        });
        await Task.WhenAll(movers.Append(import));

        Assert.All(statusCodes, code => Assert.Equal(HttpStatusCode.OK, code));
        var job = await factory.JobAsync(id);
        Assert.Equal((ImportJobState.Completed, 1500, 0), (job.State, job.RowsCreated, job.RowsFailed));

        var html = await client.GetStringAsync("/opportunities/board" + board);
        var all = await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name.StartsWith(p)).Select(o => new { o.StatusId, o.BaseBudgetAmount }).ToListAsync());
        Assert.Equal(1504, all.Count);
        foreach (var statusId in statuses)
        {
            var start = html.IndexOf($"class=\"board-column\" data-status-id=\"{statusId}\"", StringComparison.Ordinal);
            var header = html[start..html.IndexOf("</header>", start, StringComparison.Ordinal)];
            var count = System.Text.RegularExpressions.Regex.Match(header, "data-total-count>([^<]*)<").Groups[1].Value;
            // The header shows a compact sum ("USD 1.80 M") with the exact one, to the cent, in its title.
            var budget = System.Text.RegularExpressions.Regex.Match(header, "data-total-budget title=\"([^\"]*)\"").Groups[1].Value;
            var expected = all.Where(o => o.StatusId == statusId).ToList();
            Assert.Equal(expected.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), count);
            Assert.Equal("USD " + decimal.Round(expected.Sum(o => o.BaseBudgetAmount ?? 0m), 2, MidpointRounding.AwayFromZero).ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture), budget);
        }
    }

    [Fact]
    public async Task Re_importing_rows_with_external_ids_updates_them_instead_of_duplicating()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Ext");
        var account = Unique("Ext account");
        string File(string budget) => Csv(
            Row($"{p} a", account, externalId: $"{p}-a".Replace(' ', '-'), budget: budget),
            Row($"{p} b", account, externalId: $"{p}-b".Replace(' ', '-'), budget: budget, status: "negotiation"));

        var first = await factory.ImportAsync(client, File("100"));
        var second = await factory.ImportAsync(client, File("250.25"));

        Assert.Equal((2, 0), (first.RowsCreated, first.RowsUpdated));
        Assert.Equal((0, 2, 0), (second.RowsCreated, second.RowsUpdated, second.RowsFailed));
        var stored = await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name.StartsWith(p)).OrderBy(o => o.Name).ToListAsync());
        Assert.Equal(2, stored.Count);
        Assert.All(stored, o => Assert.Equal(250.25m, o.BudgetAmount));
        Assert.Equal(80, stored[1].Probability);
        var audit = await factory.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityType == "Opportunity" && a.EntityId == stored[0].Id).Select(a => a.Action).ToListAsync());
        Assert.Equal([Domain.Auditing.AuditAction.Created, Domain.Auditing.AuditAction.Updated], audit);

        // The same external id twice in one file: the second row updates the record the first created.
        var twice = await factory.ImportAsync(client, Csv(
            Row($"{p} c", account, externalId: $"{p}-c".Replace(' ', '-'), budget: "1"),
            Row($"{p} c2", account, externalId: $"{p}-c".Replace(' ', '-'), budget: "2")));
        Assert.Equal((1, 1), (twice.RowsCreated, twice.RowsUpdated));
        var c = await factory.WithDbAsync(db => db.Opportunities.SingleAsync(o => o.ExternalId == $"{p}-c".Replace(' ', '-')));
        Assert.Equal(($"{p} c2", 2m), (c.Name, c.BudgetAmount!.Value));
    }

    [Fact]
    public async Task Matching_by_name_is_an_option_and_updates_the_visible_record_of_that_name()
    {
        var (factory, client) = await AdminAsync();
        var name = Unique("Named deal");
        var account = Unique("Named account");
        await factory.ImportAsync(client, Csv(Row(name, account, budget: "5")));

        var with = await factory.ImportAsync(client, Csv(Row(name, account, budget: "7")), matchByName: true);
        var without = await factory.ImportAsync(client, Csv(Row(name, account, budget: "6")));

        Assert.Equal((0, 1), (with.RowsCreated, with.RowsUpdated));
        Assert.Equal((1, 0), (without.RowsCreated, without.RowsUpdated));
        var budgets = await factory.WithDbAsync(db => db.Opportunities.Where(o => o.Name == name).OrderBy(o => o.Id).Select(o => o.BudgetAmount).ToListAsync());
        Assert.Equal([7m, 6m], budgets.Select(b => b!.Value).ToArray());

        // Two records of that name now: matching by name refuses to guess (issue 13 item 11).
        var ambiguous = await factory.ImportAsync(client, Csv(Row(name, account, budget: "8")), matchByName: true);
        Assert.Equal((0, 0, 1), (ambiguous.RowsCreated, ambiguous.RowsUpdated, ambiguous.RowsFailed));
    }

    [Fact]
    public async Task Bad_files_end_with_a_clear_message_and_never_a_500()
    {
        var (factory, client) = await AdminAsync();
        var p = Unique("Bad");

        async Task<ImportJob> RunAsync(byte[] bytes, string fileName = "file.csv")
        {
            var id = JobIdFrom(await client.UploadAsync(bytes, fileName: fileName));
            await factory.RunJobAsync(id);
            var page = await client.GetAsync($"/opportunities/import/{id}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            return await factory.JobAsync(id);
        }

        // Not CSV: binary content.
        var binary = await RunAsync([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]);
        Assert.Equal(ImportJobState.Failed, binary.State);
        Assert.Contains("not a CSV text file", binary.ErrorMessage, StringComparison.Ordinal);

        // Missing required column.
        var missing = await RunAsync(Encoding.UTF8.GetBytes("Id,Name,Budget\r\n1,x,2\r\n"));
        Assert.Equal(ImportJobState.Failed, missing.State);
        Assert.Contains("no \"Opportunity name\" column", missing.ErrorMessage, StringComparison.Ordinal);

        // Header only.
        var headerOnly = await RunAsync(Encoding.UTF8.GetBytes(Header + "\r\n"));
        Assert.Contains("no data rows", headerOnly.ErrorMessage, StringComparison.Ordinal);

        // Unknown columns are ignored with a notice; a UTF-8 BOM is fine.
        var unknown = await RunAsync([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes($"Opportunity name,Customer Account Account name,Colour\r\n{p} unknown,{p} acc,blue\r\n")]);
        Assert.Equal((ImportJobState.Completed, 1), (unknown.State, unknown.RowsCreated));
        Assert.Contains("Unknown column ignored: \"Colour\"", unknown.Notices, StringComparison.Ordinal);

        // Wrong encoding (Latin-1 "Café"), a cell too long, a row with too many values, an unclosed quote at the end.
        var latin1 = Encoding.Latin1.GetBytes($"{Row($"{p} Caf\u00e9", $"{p} acc")}\r\n");
        var mixed = await RunAsync([
            .. Encoding.UTF8.GetBytes(Header + "\r\n"),
            .. latin1,
            .. Encoding.UTF8.GetBytes(Row($"{p} long", $"{p} acc", need: new string('x', 20_001)) + "\r\n"),
            .. Encoding.UTF8.GetBytes(Row($"{p} extra", $"{p} acc") + ",surplus\r\n"),
            .. Encoding.UTF8.GetBytes(Row($"{p} fine", $"{p} acc") + "\r\n"),
            .. Encoding.UTF8.GetBytes($",\"{p} open quote,{p} acc\r\n"),
        ]);
        Assert.Equal(ImportJobState.Completed, mixed.State);
        Assert.Equal((5, 1, 4), (mixed.RowsRead, mixed.RowsCreated, mixed.RowsFailed));
        var errors = await factory.ErrorsAsync(mixed.Id);
        Assert.Equal((2, "Opportunity name"), (errors[0].Row, errors[0].Column));
        Assert.Contains("not valid UTF-8", errors[0].Message, StringComparison.Ordinal);
        Assert.Equal((3, "Customer need"), (errors[1].Row, errors[1].Column));
        Assert.Contains("at most 20,000", errors[1].Message, StringComparison.Ordinal);
        Assert.Equal(4, errors[2].Row);
        Assert.Contains("has 22 values but the header has 21", errors[2].Message, StringComparison.Ordinal);
        Assert.Equal(6, errors[3].Row);
    }

    [Fact]
    public async Task The_upload_form_refuses_empty_wrongly_named_and_oversized_files_on_the_page()
    {
        var (_, client) = await AdminAsync();

        var empty = await client.UploadAsync([]);
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Contains("The file is empty.", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var spreadsheet = await client.UploadAsync("a,b", fileName: "deals.xlsx");
        Assert.Equal(HttpStatusCode.OK, spreadsheet.StatusCode);
        Assert.Contains("Choose a .csv file", await spreadsheet.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var page = await client.GetStringAsync("/opportunities/import");
        Assert.Contains("at most <strong>100 MB</strong>", page, StringComparison.Ordinal);

        // A small limit for the rest of this test (one host for the whole class: a second host would share Hangfire's global storage).
        var factory = fixture.Start();
        var cache = factory.Services.GetRequiredService<IOptionsMonitorCache<ImportOptions>>();
        cache.TryRemove(Options.DefaultName);
        cache.TryAdd(Options.DefaultName, new ImportOptions { MaxUploadBytes = 2048 });
        try
        {
            Assert.Contains("at most <strong>2 KB</strong>", await client.GetStringAsync("/opportunities/import"), StringComparison.Ordinal);

            var over = await client.UploadAsync(Csv([.. Enumerable.Range(1, 100).Select(i => Row($"Row {i}", "Acc"))]));
            Assert.Equal(HttpStatusCode.OK, over.StatusCode);
            Assert.Contains("larger than the 2 KB limit", await over.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            var huge = await client.UploadAsync(new byte[2 * 1024 * 1024]);
            Assert.Equal(HttpStatusCode.Redirect, huge.StatusCode);
            Assert.Equal("/opportunities/import?error=too-large", huge.Headers.Location?.OriginalString);
            Assert.Contains("larger than the 2 KB limit", await client.GetStringAsync(huge.Headers.Location!.OriginalString), StringComparison.Ordinal);
        }
        finally
        {
            cache.TryRemove(Options.DefaultName);
        }
    }
}

public sealed class SqliteImportTests(SqliteAppFixture fixture) : ImportTests(fixture), IClassFixture<SqliteAppFixture>;

public sealed class PostgresImportTests(PostgresAppFixture fixture) : ImportTests(fixture), IClassFixture<PostgresAppFixture>;
