using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;
using Microsoft.Data.Sqlite;

namespace Oro.Opportunities.Benchmarks;

/// <summary>
/// Import / export figures of issue 5 on SQLite: generates an N-row CSV in OroCRM's columns, starts the
/// built web app (Hangfire on) on a fresh data folder, and measures through HTTP, end to end: Validate,
/// Import and Export rows/s with the server's memory growth sampled during each. Beside them, in the
/// same run, the raw floor: CsvHelper parsing the same file, and a plain prepared, batched insert of the
/// same rows into a copy of the Opportunities table with its indexes.
/// </summary>
internal static class ImportBenchmark
{
    private const int Port = 5198;

    private static readonly string[] ParameterNames = ["$name", "$account", "$status", "$code", "$budget", "$close", "$reason", "$need", "$notes", "$ext", "$now"];

    public static async Task RunAsync(int rowCount)
    {
        var work = Path.Combine(Path.GetTempPath(), "oro-bench-import", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var csvPath = Path.Combine(work, "opportunities.csv");
        Generate(csvPath, rowCount);
        var warmUpPath = Path.Combine(work, "warm-up.csv");
        Generate(warmUpPath, 3000, "warm");
        var fileMb = new FileInfo(csvPath).Length / (1024.0 * 1024);
        using var host = new AppProcess(Port, environment: LogEnvironment());
        Console.WriteLine($"Import/export benchmark ({host.Configuration} build, {Environment.ProcessorCount} cores, SQLite): {rowCount:N0} rows, {fileMb:F1} MB CSV");
        Console.WriteLine();

        try
        {
            using var running = await host.StartAsync();
            var app = running.Process;
            using var client = await host.SignInAsync(AppProcess.AdminUserName, AppProcess.AdminPassword);
            var results = new List<(string Name, int Rows, double Seconds, double? WallSeconds, double GrowthMb, string Note)>();

            // Warm-up (JIT, caches, Hangfire's first job) on other names, not measured.
            await RunJobAsync(client, app, warmUpPath, "validate");
            await RunJobAsync(client, app, warmUpPath, "import");

            var validate = await RunJobAsync(client, app, csvPath, "validate");
            results.Add(("Validate (dry run, job time)", validate.Rows, validate.JobSeconds, validate.WallSeconds, validate.GrowthMb, $"{validate.Failed} failed"));
            var import = await RunJobAsync(client, app, csvPath, "import");
            results.Add(("Import (job time)", import.Rows, import.JobSeconds, import.WallSeconds, import.GrowthMb, $"{import.Created:N0} created, {import.Failed} failed"));
            var reimport = await RunJobAsync(client, app, csvPath, "import");
            results.Add(("Re-import (all rows match by External id)", reimport.Rows, reimport.JobSeconds, reimport.WallSeconds, reimport.GrowthMb, $"{reimport.Updated:N0} updated"));

            var export = await ExportAsync(client, app);
            results.Add(("Export (streamed, to first byte " + export.FirstByteMs.ToString("F0", CultureInfo.InvariantCulture) + " ms)", export.Rows, export.Seconds, null, export.GrowthMb, $"{export.Bytes / (1024.0 * 1024):F1} MB"));

            // Reliability: an import beside eight managers moving cards on the board. Every move must
            // succeed (no "database is locked"); how long moves wait behind the import's chunks is printed.
            var besidePath = Path.Combine(work, "beside.csv");
            Generate(besidePath, rowCount, "beside");
            var importDone = new TaskCompletionSource();
            var moves = BoardMoves.RunWhileAsync(client, 8, importDone.Task);
            await Task.Delay(2500); // the moves' warm-up
            (int Rows, int Created, int Updated, int Failed, double JobSeconds, double WallSeconds, double GrowthMb) beside;
            try
            {
                beside = await RunJobAsync(client, app, besidePath, "import");
            }
            finally
            {
                importDone.SetResult();
            }

            var moved = await moves;
            results.Add(("Import beside 8 clients moving cards", beside.Rows, beside.JobSeconds, beside.WallSeconds, beside.GrowthMb, $"{beside.Created:N0} created, {beside.Failed} failed"));

            var parse = ParseFloor(csvPath);
            results.Add(("Floor: CsvHelper parse (strings)", parse.Rows, parse.Seconds, null, parse.GrowthMb, "benchmark process"));
            var insert = InsertFloor(csvPath, Path.Combine(host.DataFolder, "oro-opportunities.db"), Path.Combine(work, "floor.db"));
            results.Add(("Floor: parse + prepared batched insert", insert.Rows, insert.Seconds, null, insert.GrowthMb, "20 cols, same indexes, 2,000/tx"));

            Console.WriteLine($"{"what",-50} {"rows",9} {"seconds",8} {"rows/s",9} {"wall s",7} {"mem +MB",8}  note");
            foreach (var (name, rows, secondsTaken, wall, growth, note) in results)
            {
                Console.WriteLine($"{name,-50} {rows,9:N0} {secondsTaken,8:F2} {rows / secondsTaken,9:N0} {(wall is double w ? w.ToString("F2", CultureInfo.InvariantCulture) : "-"),7} {growth,8:F0}  {note}");
            }

            Console.WriteLine();
            Console.WriteLine($"Card moves during that import: {moved.Count:N0} moves, {moved.RequestsPerSecond:F0}/s, p50 {moved.P50:F1} ms, p95 {moved.P95:F1} ms, p99 {moved.P99:F1} ms, {moved.Errors} failed.");
            Console.WriteLine($"Import vs insert floor: {import.Rows / import.JobSeconds / (insert.Rows / insert.Seconds):P0}; export target 100,000 rows/s, import target 20,000 rows/s.");
            Console.WriteLine("Job time = the job's own start→finish; wall = upload start → progress endpoint reports done (includes the upload and Hangfire's 1 s queue poll).");
            Console.WriteLine("mem +MB = the server's peak working set during the phase minus its working set just before it (sampled every 20 ms).");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Rows like a real export: 2,000 accounts, 5,000 contacts, mostly open deals, some won and lost, every row with an External id.</summary>
    private static void Generate(string path, int rows, string prefix = "bench")
    {
        string[] statuses = ["in_progress", "identification_alignment", "needs_analysis", "solution_development", "negotiation", "won", "lost"];
        using var writer = CsvWriter.ToFile(path);
        writer.WriteHeader(["Id", "Opportunity name", "Expected close date", "Probability", "Budget Amount", "Budget Amount Currency", "Budget Amount In Base Currency", "Customer need", "Close revenue", "Close revenue Currency", "Close Revenue In Base Currency", "Proposed solution", "Additional comments", "Status Id", "Close reason Name", "Contact First name", "Contact Last name", "Lead Lead name", "Owner Username", "Customer Account Account name", "External id"]);
        var random = new Random(42);
        for (var i = 1; i <= rows; i++)
        {
            var status = statuses[i % 10 < 8 ? i % 5 : 5 + (i % 2)];
            var closeDate = new DateOnly(2026, 1, 1).AddDays(random.Next(0, 700));
            var budget = Math.Round((decimal)random.NextDouble() * 100_000m, 2);
            writer.WriteField(string.Empty);
            writer.WriteField($"Deal {i:D6} for customer {i % 2000}");
            writer.WriteField(closeDate, "yyyy-MM-dd");
            writer.WriteField(string.Empty);
            writer.WriteField(budget, "0.0000");
            writer.WriteField("USD");
            writer.WriteField(string.Empty);
            writer.WriteField(i % 3 == 0 ? "Wants to cut delivery costs by 10 %" : string.Empty);
            writer.WriteField(string.Empty);
            writer.WriteField(string.Empty);
            writer.WriteField(string.Empty);
            writer.WriteField(string.Empty);
            writer.WriteField(i % 7 == 0 ? "Call back next week, \"urgent\"" : string.Empty);
            writer.WriteField(status);
            writer.WriteField(status == "lost" ? "outsold" : status == "won" ? "won" : string.Empty);
            writer.WriteField($"First{i % 5000}");
            writer.WriteField($"{prefix}-last{i % 5000}");
            writer.WriteField(string.Empty);
            writer.WriteField("admin");
            writer.WriteField($"{prefix} customer {i % 2000} Ltd");
            writer.WriteField($"{prefix}-{i:D7}");
            writer.EndRecord();
        }
    }

    private static async Task<(int Rows, int Created, int Updated, int Failed, double JobSeconds, double WallSeconds, double GrowthMb)> RunJobAsync(HttpClient client, Process app, string csvPath, string mode)
    {
        await Task.Delay(500);
        GC.Collect();
        var sampler = new MemorySampler(app);
        var clock = Stopwatch.StartNew();
        var html = await client.GetStringAsync("/opportunities/import");
        var token = AppProcess.AntiforgeryToken(html);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        content.Add(new StringContent(mode), "Mode");
        var file = new StreamContent(File.OpenRead(csvPath));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        content.Add(file, "File", "opportunities.csv");
        using var response = await client.PostAsync("/opportunities/import", content);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}.");
        }

        var jobUrl = response.Headers.Location!.OriginalString;
        while (true)
        {
            using var progress = JsonDocument.Parse(await client.GetStringAsync(jobUrl + "/progress"));
            var data = progress.RootElement;
            if (data.GetProperty("finished").GetBoolean())
            {
                var wall = clock.Elapsed.TotalSeconds;
                var growth = sampler.Stop();
                if (data.GetProperty("state").GetString() != "Completed")
                {
                    throw new InvalidOperationException($"The {mode} job ended {data.GetProperty("state").GetString()}: see {jobUrl}.");
                }

                return (data.GetProperty("rowsRead").GetInt32(), data.GetProperty("created").GetInt32(), data.GetProperty("updated").GetInt32(),
                    data.GetProperty("failed").GetInt32(), data.GetProperty("elapsedSeconds").GetDouble(), wall, growth);
            }

            await Task.Delay(50);
        }
    }

    private static async Task<(int Rows, long Bytes, double Seconds, double FirstByteMs, double GrowthMb)> ExportAsync(HttpClient client, Process app)
    {
        await Task.Delay(500);
        var sampler = new MemorySampler(app);
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync("/opportunities/export", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0;
        var lines = 0;
        double firstByte = -1;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            if (firstByte < 0)
            {
                firstByte = clock.Elapsed.TotalMilliseconds;
            }

            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        var seconds = clock.Elapsed.TotalSeconds;

        // Quoted line breaks inside cells are few here; the count is the number of records, header excluded.
        return (lines - 1, bytes, seconds, firstByte, sampler.Stop());
    }

    private static (int Rows, double Seconds, double GrowthMb) ParseFloor(string csvPath)
    {
        GC.Collect();
        var before = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        var rows = 0;
        long length = 0;
        using (var reader = CsvReader.FromFile(csvPath, CsvReaderOptions.Default with { Separator = ',' }))
        {
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    length += reader.GetString(i).Length;
                }

                rows++;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(length);
        return (rows, seconds, (Process.GetCurrentProcess().PeakWorkingSet64 - before) / (1024.0 * 1024));
    }

    /// <summary>The Opportunities table and its indexes, copied from the app's database, filled by a prepared insert in transactions of 2,000 rows.</summary>
    private static (int Rows, double Seconds, double GrowthMb) InsertFloor(string csvPath, string appDb, string floorDb)
    {
        var schema = new List<string>();
        using (var source = new SqliteConnection($"Data Source={appDb};Mode=ReadOnly"))
        {
            source.Open();
            using var command = source.CreateCommand();
            command.CommandText = "SELECT sql FROM sqlite_master WHERE tbl_name = 'Opportunities' AND sql IS NOT NULL ORDER BY type DESC";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                schema.Add(reader.GetString(0));
            }
        }

        using var db = new SqliteConnection($"Data Source={floorDb};Pooling=False;Foreign Keys=False");
        db.Open();
        foreach (var sql in schema.Prepend("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"))
        {
            using var create = db.CreateCommand();
            create.CommandText = sql;
            create.ExecuteNonQuery();
        }

        var before = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        using var insert = db.CreateCommand();
        insert.CommandText = """
            INSERT INTO Opportunities (Name, OwnerId, AccountId, ContactId, StatusId, StatusCode, Probability, BudgetAmount, BudgetCurrency, BaseBudgetAmount,
              CloseDate, CloseRevenueAmount, CloseRevenueCurrency, BaseCloseRevenue, CloseReasonCode, CustomerNeed, ProposedSolution, Notes, ExternalId,
              CreatedAt, UpdatedAt, ClosedAt, Version)
            VALUES ($name, 1, $account, NULL, $status, $code, 20, $budget, 'USD', $budget, $close, NULL, NULL, NULL, $reason, $need, NULL, $notes, $ext,
              $now, $now, NULL, 0)
            """;
        var parameters = ParameterNames
            .Select(n => insert.Parameters.Add(new SqliteParameter(n, null))).ToArray();
        insert.Prepare();
        var rows = 0;
        SqliteTransaction? transaction = null;
        var now = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        using (var reader = CsvReader.FromFile(csvPath, CsvReaderOptions.Default with { Separator = ',' }))
        {
            while (reader.Read())
            {
                if (rows % 2000 == 0)
                {
                    transaction?.Commit();
                    transaction?.Dispose();
                    transaction = db.BeginTransaction();
                    insert.Transaction = transaction;
                }

                parameters[0].Value = reader.GetString(1);
                parameters[1].Value = 1 + (rows % 2000);
                parameters[2].Value = 1;
                parameters[3].Value = reader.GetString(13);
                parameters[4].Value = (long)(decimal.Parse(reader.GetString(4), CultureInfo.InvariantCulture) * 10_000m);
                parameters[5].Value = reader.GetString(2);
                parameters[6].Value = reader.IsEmpty(14) ? DBNull.Value : reader.GetString(14);
                parameters[7].Value = reader.IsEmpty(7) ? DBNull.Value : reader.GetString(7);
                parameters[8].Value = reader.IsEmpty(12) ? DBNull.Value : reader.GetString(12);
                parameters[9].Value = reader.GetString(20);
                parameters[10].Value = now;
                insert.ExecuteNonQuery();
                rows++;
            }
        }

        transaction?.Commit();
        transaction?.Dispose();
        var seconds = clock.Elapsed.TotalSeconds;
        return (rows, seconds, (Process.GetCurrentProcess().PeakWorkingSet64 - before) / (1024.0 * 1024));
    }

    /// <summary>With ORO_BENCH_LOG set, the app writes the importer's per-chunk timings to that file, for profiling.</summary>
    private static Dictionary<string, string>? LogEnvironment() =>
        Environment.GetEnvironmentVariable("ORO_BENCH_LOG") is { Length: > 0 } log
            ? new()
            {
                ["Logging__File__Path"] = log,
                ["Serilog__MinimumLevel__Override__Oro.Opportunities.Application.ImportExport"] = "Debug",
                ["Serilog__MinimumLevel__Override__Microsoft.EntityFrameworkCore.Database.Command"] = Environment.GetEnvironmentVariable("ORO_BENCH_SQL_LOG") ?? "Warning",
            }
            : null;

    /// <summary>Samples another process's working set until stopped; returns the peak growth in MB.</summary>
    private sealed class MemorySampler
    {
        private readonly Process process;
        private readonly long baseline;
        private readonly Thread thread;
        private long peak;
        private volatile bool stopped;

        public MemorySampler(Process process)
        {
            this.process = process;
            process.Refresh();
            baseline = process.WorkingSet64;
            peak = baseline;
            thread = new Thread(() =>
            {
                while (!stopped)
                {
                    this.process.Refresh();
                    peak = Math.Max(peak, this.process.WorkingSet64);
                    Thread.Sleep(20);
                }
            }) { IsBackground = true };
            thread.Start();
        }

        public double Stop()
        {
            stopped = true;
            thread.Join();
            return (peak - baseline) / (1024.0 * 1024);
        }
    }
}
