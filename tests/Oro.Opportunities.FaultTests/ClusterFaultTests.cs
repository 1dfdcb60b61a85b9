using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Oro.Opportunities.FaultTests;

/// <summary>
/// Issue 14's fault suite: two app nodes (real processes) on one PostgreSQL behind Debian's nginx, all on
/// loopback. Signed-in users browse the grid and the board and move cards through nginx while an import
/// runs; the node running the import is killed (SIGKILL) after its first chunk; then PostgreSQL is
/// restarted. Asserted: users stay signed in, the import ends with exactly N rows (none lost, none twice),
/// every acknowledged card move is stored once, board totals equal a recount, and no answer is a 5xx
/// except during the database outage (and the card moves that were in flight on the killed node, which
/// nginx rightly does not replay). The figures (failover time, p95 during failover, recovery) are printed.
/// </summary>
public sealed partial class ClusterFaultTests
{
    private const string AdminPassword = "fault-suite-admin-password";
    private const string CertificatePassword = "fault-suite-certificate";
    private const int ImportRows = 40_000;

    private static readonly string Header =
        "Id,Opportunity name,Expected close date,Probability,Budget Amount,Budget Amount Currency,Budget Amount In Base Currency,Customer need,Close revenue,Close revenue Currency,Close Revenue In Base Currency,Proposed solution,Additional comments,Status Id,Close reason Name,Contact First name,Contact Last name,Lead Lead name,Owner Username,Customer Account Account name,External id";

    [Fact(Timeout = 480_000)]
    public async Task Two_nodes_behind_nginx_keep_users_signed_in_and_every_row_exactly_once_through_a_killed_node_and_a_PostgreSQL_restart()
    {
        ClusterEnvironment.EnsureAvailable();
        var suite = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("oro-fault-").FullName;
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("The cluster fault suite runs on Linux (Debian's nginx and PostgreSQL).");
        }
        else
        {
            // The postgres user must reach the private cluster's folder inside it.
            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var report = new StringBuilder();
        void Say(string line)
        {
            report.AppendLine(line);
            TestContext.Current.TestOutputHelper?.WriteLine(line);
        }

        try
        {
            await using var postgres = await PrivatePostgres.StartAsync(folder);
            await postgres.CreateDatabaseAsync("oro_fault");
            var database = postgres.ConnectionString("oro_fault");
            var (pfx, certificatePem, keyPem, thumbprint) = Certificates(folder);
            var settings = new Dictionary<string, string>
            {
                ["Database__Provider"] = "PostgreSql",
                ["ConnectionStrings__Default"] = database,
                ["Oro__Admin__Password"] = AdminPassword,
                ["BackgroundJobs__ServerEnabled"] = "true",
                ["Import__ChunkSize"] = "1000",
                ["SignIn__PerAddressPermitLimit"] = "100000",
                ["SignIn__PerUserNamePermitLimit"] = "100000",
                ["Serilog__MinimumLevel__Default"] = "Warning",
                ["DataProtection__CertificatePath"] = pfx,
                ["DataProtection__CertificatePassword"] = CertificatePassword,
                ["AllowedHosts"] = "localhost;127.0.0.1",
            };

            var seeded = Stopwatch.StartNew();
            await ClusterEnvironment.RunAsync("dotnet", [ClusterEnvironment.WebDll, "seed-demo", "--opportunities", "3000", "--password", "fault-suite-demo-password"],
                environment: AppNode.StartInfo(settings, Path.Combine(folder, "seed")).Environment.Where(e => e.Value is not null).ToDictionary(e => e.Key, e => e.Value!),
                timeout: TimeSpan.FromMinutes(3));
            await using var node1 = new AppNode("node1", ClusterEnvironment.FreePort(), settings, folder);
            await using var node2 = new AppNode("node2", ClusterEnvironment.FreePort(), settings, folder);
            await node1.StartAsync(TimeSpan.FromSeconds(120));
            await node2.StartAsync(TimeSpan.FromSeconds(120));
            var nodes = new[] { node1, node2 };
            await using var nginx = await NginxProxy.StartAsync(folder, nodes.Select(n => n.Port), certificatePem, keyPem);
            Say($"Cluster up in {seeded.Elapsed.TotalSeconds:0.0} s: PostgreSQL :{postgres.Port} (private), node1 :{node1.Port}, node2 :{node2.Port}, nginx https :{nginx.Port}; 3,000 demo deals.");

            // Users sign in through nginx over HTTPS; the cookie is Secure because nginx said the request came over HTTPS.
            var clock = Stopwatch.StartNew();
            var recorder = new Recorder(clock);
            var users = new List<User>();
            for (var i = 0; i < 4; i++)
            {
                users.Add(await User.SignInAsync(nginx.Port, thumbprint, recorder));
            }

            Assert.All(users, u => Assert.True(u.SecureCookie, "The sign-in cookie must be Secure behind nginx's HTTPS (X-Forwarded-Proto)."));

            var cards = await CardsAsync(database);
            var openStatuses = await OpenStatusesAsync(database);
            var initialVersions = cards.ToDictionary(c => c.Id, c => c.Version);
            using var stop = new CancellationTokenSource();
            var moves = new ConcurrentDictionary<int, MoveTally>();
            var drivers = new List<Task>
            {
                Task.Run(() => ReadLoopAsync(users[0], cards, stop.Token)),
                Task.Run(() => ReadLoopAsync(users[1], cards, stop.Token)),
            };
            drivers.AddRange(cards.Take(4).Select((card, i) => Task.Run(() => MoveLoopAsync(users[2 + (i % 2)], card, openStatuses, database, moves.GetOrAdd(card.Id, _ => new MoveTally()), stop.Token))));

            // The import, uploaded through nginx (whichever node receives it; its file goes into the database).
            var prefix = "Fault " + Guid.NewGuid().ToString("N")[..6];
            var csv = new StringBuilder(Header).Append("\r\n");
            for (var i = 1; i <= ImportRows; i++)
            {
                csv.Append(CultureInfo.InvariantCulture, $",{prefix} {i:D6},,,{i % 997 * 10},USD,,,,,,,,{(i % 2 == 0 ? "negotiation" : "needs_analysis")},,,,,,{prefix} account {i % 40},\r\n");
            }

            var jobId = await users[0].UploadAsync(Encoding.UTF8.GetBytes(csv.ToString()));
            drivers.Add(Task.Run(() => ProgressLoopAsync(users[0], jobId, stop.Token)));

            // Kill the node running the import once its first chunk is committed.
            var (victimName, committedAtKill) = await WaitForAsync(async () =>
            {
                var job = await JobAsync(database, jobId);
                return job.LastCommittedRow > 1 && job.Owner is not null ? (job.Owner, job.LastCommittedRow) : default;
            }, TimeSpan.FromSeconds(90), "the import's first committed chunk");
            var victim = nodes.Single(n => n.Name == victimName);
            var survivor = nodes.Single(n => n != victim);
            var killAt = clock.Elapsed;
            victim.Kill();
            Say($"Killed {victim.Name} (SIGKILL) at {killAt.TotalSeconds:0.0} s, holding the import after row {committedAtKill:N0} of {ImportRows + 1:N0}.");

            var (resumedBy, resumedAfter) = await WaitForAsync(async () =>
            {
                var job = await JobAsync(database, jobId);
                return job.Owner is { } owner && owner != victim.Name ? (owner, job.LastCommittedRow) : default;
            }, TimeSpan.FromSeconds(75), "another node taking the import over");
            var takeoverAt = clock.Elapsed;
            var failover = takeoverAt - killAt;
            Say($"Failover: {survivor.Name} took the import over {failover.TotalSeconds:0.0} s after the kill (resumes after row {resumedAfter:N0}).");
            Assert.Equal(survivor.Name, resumedBy);
            Assert.True(failover < TimeSpan.FromSeconds(60), $"The import was taken over after {failover.TotalSeconds:0.0} s (limit: a minute).");

            // PostgreSQL restarts while the resumed import runs and users keep working.
            var outageStart = clock.Elapsed;
            await postgres.StopServerAsync();
            var stoppedAt = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(3));
            var healthDuringOutage = await users[0].GetAsync("/health", "health");
            await postgres.StartServerAsync();
            var databaseBack = clock.Elapsed;
            await WaitForAsync(async () => (await users[0].GetAsync("/health", "health")) == HttpStatusCode.OK ? "up" : null, TimeSpan.FromSeconds(30), "/health after the restart");
            var recoveredAt = clock.Elapsed;
            Say($"PostgreSQL restart: down {outageStart.TotalSeconds:0.0}–{databaseBack.TotalSeconds:0.0} s (stop took {(stoppedAt - outageStart).TotalSeconds:0.0} s); /health meanwhile {(int)healthDuringOutage}; healthy again {(recoveredAt - databaseBack).TotalSeconds:0.0} s after the server accepted connections.");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, healthDuringOutage);
            Assert.True(recoveredAt - databaseBack < TimeSpan.FromSeconds(10), "The nodes took more than 10 s to recover.");

            // The killed node comes back (as systemd would restart it) while the import finishes, and serves again.
            var rejoining = victim.StartAsync(TimeSpan.FromSeconds(150));
            var finished = await WaitForAsync(async () =>
            {
                var job = await JobAsync(database, jobId);
                return job.State is "Completed" or "Failed" or "Cancelled" ? job : null;
            }, TimeSpan.FromSeconds(180), "the import to finish");
            await rejoining;
            var rejoinedAt = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(3));
            await stop.CancelAsync();
            await Task.WhenAll(drivers);
            var end = clock.Elapsed;

            // Users are still signed in, on whichever node answers.
            foreach (var user in users)
            {
                Assert.Equal(HttpStatusCode.OK, await user.GetAsync("/opportunities", "final"));
                Assert.Equal(HttpStatusCode.OK, await user.GetAsync("/opportunities/board", "final"));
            }

            Assert.DoesNotContain(recorder.Samples, s => s.SignedOut);

            // The import: exactly N rows, none lost, none twice.
            Assert.True(finished.State == "Completed", $"The import ended {finished.State}: {finished.Error}");
            var (count, distinct) = await ImportedAsync(database, prefix);
            Say($"Import: {finished.Created:N0} created of {ImportRows:N0} rows; {count:N0} stored, {distinct:N0} distinct names: lost {ImportRows - distinct}, duplicated {count - distinct}.");
            Assert.Equal((ImportRows, ImportRows, ImportRows, 0), (finished.Read, finished.Created, count, finished.Failed));
            Assert.Equal(ImportRows, distinct);
            Assert.Contains($"node {victim.Name} lost", finished.History, StringComparison.Ordinal);
            Assert.Equal(0, await ScalarAsync(database, "SELECT count(*) FROM \"FileChunks\""));

            // Card moves: every acknowledged move is stored once; unknown outcomes were applied at most once.
            var versions = await VersionsAsync(database, [.. moves.Keys]);
            var applied = 0;
            foreach (var (cardId, tally) in moves)
            {
                var delta = versions[cardId] - initialVersions[cardId];
                applied += (int)delta;
                Assert.InRange(delta, tally.Acknowledged, tally.Acknowledged + tally.Unknown);
                Assert.Equal(delta, await StatusAuditsAsync(database, cardId));
            }

            Say($"Card moves: {moves.Values.Sum(t => t.Acknowledged):N0} acknowledged, {moves.Values.Sum(t => t.Refused)} refused as stale, {moves.Values.Sum(t => t.Unknown)} without an answer; {applied:N0} stored (version and audit trail agree).");

            // Board totals (either node) equal a recount.
            var recount = await StatusCountsAsync(database);
            for (var i = 0; i < 2; i++)
            {
                var board = await users[0].GetStringAsync("/opportunities/board?view=all");
                var shown = BoardColumn().Matches(board).ToDictionary(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), m => int.Parse(m.Groups[2].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture));
                Assert.NotEmpty(shown);
                foreach (var (status, total) in shown)
                {
                    Assert.Equal(recount.GetValueOrDefault(status), total);
                }
            }

            // No 5xx outside the database outage, except POSTs in flight on the node at the moment it was killed.
            // A POST nginx forwarded on a kept-alive connection in the moment the process was being torn down
            // (before nginx saw the node fail) is the same case: nginx answers 502 and rightly does not send a
            // non-idempotent request again (a CI run met one 30 ms after the kill). Such moves are still checked
            // below to be stored at most once.
            var outageEnd = recoveredAt + TimeSpan.FromSeconds(1);
            var samples = recorder.Samples.ToList();
            bool InOutage(Sample s) => s.End >= outageStart && s.Start <= outageEnd;
            // The same holds for a GET whose answer the node had begun to send when it died (a CI run met a grid
            // request cut off 0.15 s before the kill returned): nginx cannot retry an answer already under way.
            bool InFlightAtKill(Sample s) =>
                (s.Start <= killAt && s.End >= killAt)
                || (s.Status is 502 or 0 && s.Start >= killAt && s.Start <= killAt + TimeSpan.FromSeconds(1));
            var errors = samples.Where(s => s.Status is >= 500 or 0).ToList();
            var duringOutage = errors.Where(InOutage).ToList();
            var atKill = errors.Where(s => !InOutage(s) && InFlightAtKill(s)).ToList();
            var unexpected = errors.Except(duringOutage).Except(atKill).ToList();
            var failoverWindow = samples.Where(s => s.Start >= killAt && s.Start <= takeoverAt).Select(s => s.Milliseconds).Order().ToList();
            var outageWindow = samples.Where(InOutage).ToList();
            var before = samples.Where(s => s.End < killAt).Select(s => s.Milliseconds).Order().ToList();
            Say($"Requests: {samples.Count:N0} through nginx in {end.TotalSeconds:0} s; p95 before the kill {Percentile(before, 0.95):0} ms.");
            Say($"During failover ({failover.TotalSeconds:0.0} s): {failoverWindow.Count:N0} requests, p50 {Percentile(failoverWindow, 0.5):0} ms, p95 {Percentile(failoverWindow, 0.95):0} ms, max {failoverWindow.LastOrDefault():0} ms, 5xx {errors.Count(s => s.Start >= killAt && s.Start <= takeoverAt)}.");
            Say($"During the database outage: {outageWindow.Count:N0} requests, {duringOutage.Count} answered 503/5xx, slowest {outageWindow.Select(s => s.Milliseconds).DefaultIfEmpty().Max():0} ms.");
            Say($"5xx outside the outage: {atKill.Count} requests in flight on {victim.Name} when it was killed or sent to it as it died (not replayed by nginx), {unexpected.Count} others. {victim.Name} rejoined at {rejoinedAt.TotalSeconds:0.0} s.");
            Say($"Suite: {suite.Elapsed.TotalSeconds:0} s.");
            Assert.True(unexpected.Count == 0, "Unexpected 5xx: " + string.Join("; ", unexpected.Take(10).Select(s => $"{s.Method} {s.Kind} {s.Status} at {s.Start.TotalSeconds:0.00} s")));
            Assert.True(atKill.Count <= 2 * users.Count, $"{atKill.Count} requests failed at the kill (at most two per user: one in flight, one sent as the node died).");
            Assert.True(outageWindow.Select(s => s.Milliseconds).DefaultIfEmpty().Max() < 10_000, "A request hung during the database outage.");
        }
        finally
        {
            Directory.CreateDirectory(Path.Combine(ClusterEnvironment.RepositoryRoot, "TestResults"));
            await File.WriteAllTextAsync(Path.Combine(ClusterEnvironment.RepositoryRoot, "TestResults", "fault-suite.txt"), report.ToString());
            if (Environment.GetEnvironmentVariable("ORO_KEEP_FAULT_LOGS") != "1")
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (IOException)
                {
                }
            }
            else
            {
                TestContext.Current.TestOutputHelper?.WriteLine("Logs kept in " + folder);
            }
        }
    }

    /// <summary>A self-signed certificate for localhost: nginx's HTTPS and the data-protection keys' encryption.</summary>
    private static (string Pfx, string CertificatePem, string KeyPem, string Thumbprint) Certificates(string folder)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var pfx = Path.Combine(folder, "data-protection.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, CertificatePassword));
        return (pfx, certificate.ExportCertificatePem(), rsa.ExportPkcs8PrivateKeyPem(), certificate.GetCertHashString());
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await probe() is { } value && !EqualityComparer<T>.Default.Equals(value, default))
                {
                    return value;
                }
            }
            catch (NpgsqlException) when (clock.Elapsed < timeout)
            {
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            }

            await Task.Delay(50);
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    private static async Task ReadLoopAsync(User user, IReadOnlyList<Card> cards, CancellationToken stop)
    {
        var random = new Random(user.GetHashCode());
        string[] pages = ["/opportunities", "/opportunities?view=all", "/opportunities/board?view=all", "/opportunities?view=all&sort=budget&dir=desc"];
        while (!stop.IsCancellationRequested)
        {
            var path = random.Next(5) switch
            {
                4 => $"/opportunities/{cards[random.Next(cards.Count)].Id}",
                var i => i == 1 ? $"/opportunities?view=all&page={random.Next(1, 100)}" : pages[i],
            };
            await user.GetAsync(path, path.Contains("board", StringComparison.Ordinal) ? "board" : "grid");
            await Delay(20, stop);
        }
    }

    private static async Task ProgressLoopAsync(User user, int jobId, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await user.GetAsync($"/opportunities/import/{jobId}/progress", "progress", json: true);
            await Delay(500, stop);
        }
    }

    private static async Task MoveLoopAsync(User user, Card card, List<int> statuses, string database, MoveTally tally, CancellationToken stop)
    {
        var (version, status) = (card.Version, card.StatusId);
        var step = 0;
        while (!stop.IsCancellationRequested)
        {
            var target = statuses[(statuses.IndexOf(status) + 1 + step++ % 2) % statuses.Count];
            var (code, body) = await user.MoveAsync(card.Id, version, status, target);
            if (code == HttpStatusCode.OK)
            {
                var row = JsonDocument.Parse(body).RootElement.GetProperty("row");
                (version, status) = (row.GetProperty("version").GetInt64(), row.GetProperty("statusId").GetInt32());
                tally.Acknowledged++;
            }
            else
            {
                if (code == HttpStatusCode.Conflict)
                {
                    tally.Refused++;
                }
                else
                {
                    tally.Unknown++;
                }

                // Read the card again (as the board does after a refusal), waiting out a database outage.
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        (version, status) = await CardAsync(database, card.Id);
                        break;
                    }
                    catch (NpgsqlException)
                    {
                        await Delay(200, stop);
                    }
                }
            }

            await Delay(30, stop);
        }
    }

    private static async Task Delay(int milliseconds, CancellationToken stop)
    {
        try
        {
            await Task.Delay(milliseconds, stop);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(database + ";Pooling=false;Timeout=3");
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<Card>> CardsAsync(string database)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand("""SELECT "Id", "StatusId", "Version" FROM "Opportunities" WHERE "ClosedAt" IS NULL ORDER BY "Id" LIMIT 40""", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var cards = new List<Card>();
        while (await reader.ReadAsync())
        {
            cards.Add(new Card(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt64(2)));
        }

        return cards;
    }

    private static async Task<(long Version, int StatusId)> CardAsync(string database, int id)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand("""SELECT "Version", "StatusId" FROM "Opportunities" WHERE "Id" = $1""", connection) { Parameters = { new() { Value = id } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt32(1));
    }

    private static async Task<List<int>> OpenStatusesAsync(string database)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand("""SELECT "Id" FROM "OpportunityStatuses" WHERE "Kind" = 'Open' ORDER BY "SortOrder" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<int>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private static async Task<JobRow> JobAsync(string database, int id)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(
            """SELECT "State", "LeaseOwner", "LastCommittedRow", "RowsRead", "RowsCreated", "RowsFailed", "ErrorMessage", "History" FROM "ImportJobs" WHERE "Id" = $1""", connection)
        { Parameters = { new() { Value = id } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
        return new JobRow(reader.GetString(0), Text(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5), Text(6), Text(7) ?? string.Empty);
    }

    private static async Task<(long Count, long Distinct)> ImportedAsync(string database, string prefix)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand("""SELECT count(*), count(DISTINCT "Name") FROM "Opportunities" WHERE "Name" LIKE $1""", connection) { Parameters = { new() { Value = prefix + " %" } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<int, long>> VersionsAsync(string database, int[] ids)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand("""SELECT "Id", "Version" FROM "Opportunities" WHERE "Id" = ANY($1)""", connection) { Parameters = { new() { Value = ids } } };
        await using var reader = await command.ExecuteReaderAsync();
        var versions = new Dictionary<int, long>();
        while (await reader.ReadAsync())
        {
            versions[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return versions;
    }

    /// <summary>The card's audit entries that changed its status (demo data has no history: all of them are the suite's moves).</summary>
    private static async Task<long> StatusAuditsAsync(string database, int id)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(
            """SELECT count(*) FROM "AuditEntries" WHERE "EntityType" = 'Opportunity' AND "EntityId" = $1 AND "Action" = 'Updated' AND "ChangesJson" LIKE '%"Field":"StatusCode"%'""", connection)
        { Parameters = { new() { Value = id } } };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<int, int>> StatusCountsAsync(string database)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand("""SELECT "StatusId", count(*) FROM "Opportunities" GROUP BY "StatusId" """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var counts = new Dictionary<int, int>();
        while (await reader.ReadAsync())
        {
            counts[reader.GetInt32(0)] = (int)reader.GetInt64(1);
        }

        return counts;
    }

    [GeneratedRegex("<section class=\"board-column\" data-status-id=\"(\\d+)\"[\\s\\S]*?data-total-count>([\\d,]+)<")]
    private static partial Regex BoardColumn();

    private sealed record Card(int Id, int StatusId, long Version);

    private sealed record JobRow(string State, string? Owner, int LastCommittedRow, int Read, int Created, int Failed, string? Error, string History);

    private sealed class MoveTally
    {
        public int Acknowledged { get; set; }

        public int Refused { get; set; }

        public int Unknown { get; set; }
    }
}
