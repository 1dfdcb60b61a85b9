using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Oro.Opportunities.Benchmarks;

/// <summary>
/// Issue 14 item 6: one node against two nodes behind nginx, on one PostgreSQL, in one run. It seeds a
/// database (seed-demo), starts node 1 and node 2 on it and Debian's nginx in front (plain HTTP on loopback,
/// the proxy rules of deploy/nginx), then loads the same pages through node 1 alone and through nginx,
/// and says where the CPU went in each phase: the app processes, PostgreSQL's backends, nginx, and this
/// load generator (all on the same 2 cores), read from /proc.
/// </summary>
internal static partial class ClusterBenchmark
{
    private static readonly string[] NginxPaths = ["/usr/sbin/nginx", "/usr/bin/nginx"];

    public static async Task RunAsync(string postgres, int opportunities, int clients, int seconds, string? only = null)
    {
        var nginxPath = NginxPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (apt-get install nginx).");
        var environment = new Dictionary<string, string> { ["BackgroundJobs__ServerEnabled"] = "false" };
        using var first = new AppProcess(5193, postgres, environment);
        using var second = new AppProcess(5194, postgres, environment, sharedDatabase: first.DatabaseName);
        Console.WriteLine($"Cluster benchmark ({first.Configuration} build, {Environment.ProcessorCount} cores, {clients} clients, {seconds} s per page, {opportunities:N0} opportunities, PostgreSQL)");
        using (await first.StartAsync())
        {
        }

        var seeded = await first.SeedDemoAsync(opportunities);
        Console.WriteLine($"seed-demo: {seeded.Elapsed.TotalSeconds:F1} s ({seeded.Summary})");
        using var node1 = await first.StartAsync();
        using var node2 = await second.StartAsync();
        var folder = Directory.CreateTempSubdirectory("oro-bench-nginx-").FullName;
        var nginxPort = 5195;
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            {{(Environment.UserName == "root" ? "user root;" : string.Empty)}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/b; proxy_temp_path {{folder}}/p; fastcgi_temp_path {{folder}}/f; uwsgi_temp_path {{folder}}/u; scgi_temp_path {{folder}}/s;
                upstream oro_nodes { server 127.0.0.1:5193; server 127.0.0.1:5194; keepalive 64; }
                server {
                    listen 127.0.0.1:{{nginxPort}};
                    location / {
                        proxy_pass http://oro_nodes;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_next_upstream error timeout;
                    }
                }
            }
            """);
        using var nginx = Process.Start(new ProcessStartInfo(nginxPath, ["-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;"]) { UseShellExecute = false })!;
        await Task.Delay(500);
        try
        {
            var targets = new (string Name, string BaseUrl)[] { ("one node", "http://127.0.0.1:5193"), ("two nodes via nginx", $"http://127.0.0.1:{nginxPort}") };
            var results = new Dictionary<string, Dictionary<string, LoadResult>>();
            foreach (var (name, baseUrl) in targets)
            {
                Console.WriteLine();
                Console.WriteLine($"== {name} ({baseUrl})");
                var admin = await SignInAsync(baseUrl);
                using var anonymous = new HttpClient { BaseAddress = new Uri(baseUrl) };
                var deepPage = Math.Max(2, opportunities / 25 / 2);
                var deepHtml = await admin.GetStringAsync($"/opportunities?view=all&page={deepPage - 1}");
                var keysetDeep = WebUtility.HtmlDecode(NextLink().Match(deepHtml).Groups[1].Value);
                var pages = new (string Name, HttpClient Client, string Path)[]
                {
                    ("/health (baseline)", anonymous, "/health"),
                    ("grid: default (open)", admin, "/opportunities"),
                    ("grid: all, page 1", admin, "/opportunities?view=all"),
                    ($"grid: page {deepPage} by number", admin, $"/opportunities?view=all&page={deepPage}"),
                    ($"grid: page {deepPage} by Next", admin, keysetDeep),
                    ("board (all statuses)", admin, "/opportunities/board"),
                };
                var own = results[name] = [];
                Console.WriteLine($"{"page",-32} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"vs /health",11}   CPU: app / PostgreSQL / nginx / load generator");
                var waits = new List<(string Page, string Waits)>();

                // Every page once under load before any is measured: the first page measured after a fresh
                // start otherwise ran on code the JIT had not yet optimised (the default grid view measured at
                // two thirds of the same page filtered to all, which shares its code and costs the same warm).
                foreach (var (page, client, path) in pages)
                {
                    if (only is null || page.Contains(only, StringComparison.OrdinalIgnoreCase))
                    {
                        await Load.RunAsync(client, path, clients, TimeSpan.FromSeconds(2));
                    }
                }

                foreach (var (page, client, path) in pages)
                {
                    if (only is not null && own.Count > 0 && !page.Contains(only, StringComparison.OrdinalIgnoreCase))
                    {
                        continue;
                    }

                    var cpu = CpuSample.Take(node1.Process, node2.Process);
                    using var sampler = new WaitSampler(postgres, first.DatabaseName);
                    var result = own[page] = await Load.RunAsync(client, path, clients, TimeSpan.FromSeconds(seconds));
                    Console.WriteLine($"{page,-32} {result.RequestsPerSecond,8:F0} {result.P50,8:F1} {result.P95,8:F1} {result.RequestsPerSecond / own["/health (baseline)"].RequestsPerSecond,11:P0}   {CpuSample.Take(node1.Process, node2.Process).Since(cpu)}{(result.Errors > 0 ? $"  ({result.Errors} errors)" : string.Empty)}");
                    waits.Add((page, await sampler.StopAsync()));
                }

                if (only is null || "card move".Contains(only, StringComparison.OrdinalIgnoreCase))
                {
                    var moveCpu = CpuSample.Take(node1.Process, node2.Process);
                    using var sampler = new WaitSampler(postgres, first.DatabaseName);
                    var moved = own["card move"] = await BoardMoves.RunAsync(admin, clients, TimeSpan.FromSeconds(seconds));
                    Console.WriteLine($"{"board: card move (POST)",-32} {moved.RequestsPerSecond,8:F0} {moved.P50,8:F1} {moved.P95,8:F1} {moved.RequestsPerSecond / own["/health (baseline)"].RequestsPerSecond,11:P0}   {CpuSample.Take(node1.Process, node2.Process).Since(moveCpu)}{(moved.Errors > 0 ? $"  ({moved.Errors} errors)" : string.Empty)}");
                    waits.Add(("card move", await sampler.StopAsync()));
                }

                Console.WriteLine("PostgreSQL sessions of this database, sampled every 20 ms (average number active: running on CPU, or waiting on a lock, I/O, the client...):");
                foreach (var (page, text) in waits)
                {
                    Console.WriteLine($"  {page,-30} {text}");
                }

                if (only is not null)
                {
                    continue;
                }

                var moves = own["card move"];
                var health = own["/health (baseline)"].RequestsPerSecond;
                var worstGrid = own.Where(r => r.Key.StartsWith("grid", StringComparison.Ordinal)).Min(r => r.Value.RequestsPerSecond);
                var deepRatio = own[$"grid: page {deepPage} by number"].P95 / own["grid: all, page 1"].P95;
                var keysetRatio = own[$"grid: page {deepPage} by Next"].P95 / own["grid: all, page 1"].P95;
                Console.WriteLine($"Ratios: grid ≥ 40 % of /health: {worstGrid / health:P0}; board ≥ 20 %: {own["board (all statuses)"].RequestsPerSecond / health:P0}; card move ≥ 40 %: {moves.RequestsPerSecond / health:P0}; deep page p95 ≤ 1.5 × page 1: {deepRatio:F2}× by number, {keysetRatio:F2}× by Next");
            }

            Console.WriteLine();
            foreach (var page in results["one node"].Keys.Where(results["two nodes via nginx"].ContainsKey))
            {
                var one = results["one node"][page].RequestsPerSecond;
                var two = results["two nodes via nginx"][page].RequestsPerSecond;
                Console.WriteLine($"{page,-32} two nodes via nginx / one node: {two / one:F2}× ({one:F0} → {two:F0} req/s)");
            }
        }
        finally
        {
            nginx.Kill(entireProcessTree: true);
            await nginx.WaitForExitAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<HttpClient> SignInAsync(string baseUrl)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var html = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = AppProcess.AdminUserName,
            ["Password"] = AppProcess.AdminPassword,
            ["__RequestVerificationToken"] = AppProcess.AntiforgeryToken(html),
        }));
        return response.StatusCode == HttpStatusCode.Redirect ? client : throw new InvalidOperationException($"Sign-in at {baseUrl} failed: {response.StatusCode}");
    }

    [GeneratedRegex("<a class=\"page-link\" href=\"([^\"]*)\">Next</a>")]
    private static partial Regex NextLink();

    /// <summary>CPU time so far of the app nodes, every postgres process, every nginx process and this process (from /proc).</summary>
    private sealed record CpuSample(TimeSpan App, TimeSpan Postgres, TimeSpan Nginx, TimeSpan Generator, DateTime At)
    {
        private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

        public static CpuSample Take(params Process[] nodes)
        {
            TimeSpan ByName(string name)
            {
                var total = 0L;
                foreach (var dir in Directory.EnumerateDirectories("/proc"))
                {
                    try
                    {
                        if (!int.TryParse(Path.GetFileName(dir), out _) || File.ReadAllText(Path.Combine(dir, "comm")).Trim() != name)
                        {
                            continue;
                        }

                        var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                        total += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                    }
                    catch (IOException)
                    {
                    }
                }

                return TimeSpan.FromSeconds(total / TicksPerSecond);
            }

            var app = nodes.Aggregate(TimeSpan.Zero, (sum, p) =>
            {
                p.Refresh();
                return sum + p.TotalProcessorTime;
            });
            return new CpuSample(app, ByName("postgres"), ByName("nginx"), Process.GetCurrentProcess().TotalProcessorTime, DateTime.UtcNow);
        }

        /// <summary>Cores used on average since <paramref name="before"/>, per party.</summary>
        public string Since(CpuSample before)
        {
            var seconds = (At - before.At).TotalSeconds;
            string Cores(TimeSpan now, TimeSpan then) => ((now - then).TotalSeconds / seconds).ToString("0.00", CultureInfo.InvariantCulture);
            return $"{Cores(App, before.App)} / {Cores(Postgres, before.Postgres)} / {Cores(Nginx, before.Nginx)} / {Cores(Generator, before.Generator)} cores";
        }
    }

    /// <summary>
    /// Samples pg_stat_activity for the benchmark's database every 20 ms while a page is loaded: how many
    /// sessions are active on average and what they wait for (a lock, the client, I/O), or run on the CPU.
    /// </summary>
    private sealed class WaitSampler : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Task<string> sampling;

        public WaitSampler(string postgres, string database) => sampling = Task.Run(() => SampleAsync(postgres, database, stop.Token));

        public async Task<string> StopAsync()
        {
            await stop.CancelAsync();
            return await sampling;
        }

        public void Dispose() => stop.Dispose();

        private static async Task<string> SampleAsync(string postgres, string database, CancellationToken cancellationToken)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var samples = 0;
            await using var connection = new Npgsql.NpgsqlConnection($"{postgres};Database=postgres");
            await connection.OpenAsync(CancellationToken.None);
            await using var command = new Npgsql.NpgsqlCommand(
                "select coalesce(wait_event_type || ':' || wait_event, 'CPU') from pg_stat_activity where datname = @db and state <> 'idle' and pid <> pg_backend_pid()", connection);
            command.Parameters.AddWithValue("db", database);
            while (!cancellationToken.IsCancellationRequested)
            {
                await using (var reader = await command.ExecuteReaderAsync(CancellationToken.None))
                {
                    while (await reader.ReadAsync(CancellationToken.None))
                    {
                        var name = reader.GetString(0);
                        counts[name] = counts.GetValueOrDefault(name) + 1;
                    }
                }

                samples++;
                try
                {
                    await Task.Delay(20, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                }
            }

            return samples == 0 ? "no samples" : string.Join(", ", counts.OrderByDescending(c => c.Value).Take(5)
                .Select(c => $"{c.Key} {(double)c.Value / samples:0.00}"));
        }
    }
}
