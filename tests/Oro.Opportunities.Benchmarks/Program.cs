using System.Globalization;
using Oro.Opportunities.Benchmarks;

// Benchmarks print figures; they are not tests. Usage:
//   dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks [-- --seconds 10 --clients 8 --opportunities 100000]
// It starts the built web app as its own process on a fresh SQLite data folder and measures the
// time to the first page (cold: database created and migrated), fills the database with the app's
// own seed-demo command (timed), restarts the app on it (warm start), then loads pages with N
// concurrent clients, signed in as the administrator and as a sales rep, and prints p50 / p95 /
// p99 / requests per second beside /health, with the quality-bar targets met or not.
//   dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks -- --mode import [--rows 100000]: the CSV import/export benchmark.
//   dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks -- --mode basechange [--opportunities 100000] [--to EUR]: a base-currency change, timed, with reads and edits meanwhile.
//   --only <text>: only the pages whose name contains it ("move": the card moves); --postgres <connection string>: on PostgreSQL.
//   dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks -- --mode cluster --postgres <connection string>: one node against two nodes behind nginx (issue 14),
//   with the CPU of each party and what PostgreSQL's sessions waited on per page; --only <text> keeps /health and the pages whose name contains it.

//   --workflows: afterwards, the Opportunity Management Flow on: board, view page and Develop transitions (card drops) measured again.
if (Array.IndexOf(Environment.GetCommandLineArgs(), "import") > 0 && Array.IndexOf(Environment.GetCommandLineArgs(), "--mode") > 0)
{
    // dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks -- --mode import [--rows 100000]
    await Oro.Opportunities.Benchmarks.ImportBenchmark.RunAsync(ArgValue("--rows", 100_000));
    return;
}

if (Array.IndexOf(Environment.GetCommandLineArgs(), "basechange") > 0 && Array.IndexOf(Environment.GetCommandLineArgs(), "--mode") > 0)
{
    // dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks -- --mode basechange [--opportunities 100000] [--to EUR] [--postgres …]
    await Oro.Opportunities.Benchmarks.BaseChangeBenchmark.RunAsync(ArgValue("--opportunities", 100_000), ArgText("--postgres"), ArgText("--to") ?? "EUR");
    return;
}

if (Array.IndexOf(Environment.GetCommandLineArgs(), "cluster") > 0 && Array.IndexOf(Environment.GetCommandLineArgs(), "--mode") > 0)
{
    // dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks -- --mode cluster --postgres "Host=…;Username=…;Password=…" [--opportunities 100000] [--only "card move"]
    await Oro.Opportunities.Benchmarks.ClusterBenchmark.RunAsync(
        ArgText("--postgres") ?? throw new InvalidOperationException("--mode cluster needs --postgres \"Host=…;Username=…;Password=…\"."),
        ArgValue("--opportunities", 100_000), ArgValue("--clients", 8), ArgValue("--seconds", 10), ArgText("--only"));
    return;
}

var seconds = ArgValue("--seconds", 10);
var clients = ArgValue("--clients", 8);
var opportunities = ArgValue("--opportunities", 100_000);

// For trying an index before writing its migration: SQL run on the seeded SQLite file before the warm start.
var extraSql = ArgText("--extra-sql");

// For iterating on one measurement: only the pages whose name contains this text (and /health, the baseline); "move" runs only the card moves.
var only = ArgText("--only");
// --leads N: seed N leads (default: one per ten opportunities) and measure the lead grid and Convert to Opportunity (issue 12).
var leadCount = ArgText("--leads") is null ? (int?)null : ArgValue("--leads", 100_000);
// --postgres "Host=127.0.0.1;Username=postgres;Password=postgres": the same run on a new PostgreSQL database (dropped at the end).
var app = new AppProcess(port: 5199, postgres: ArgText("--postgres"));

Console.WriteLine($"Oro.Opportunities benchmarks ({app.Configuration} build, {Environment.ProcessorCount} cores, {clients} clients, {seconds} s per page, {opportunities:N0} opportunities, {app.Provider})");
Console.WriteLine();

try
{
    using (var cold = await app.StartAsync())
    {
        Console.WriteLine($"Start to first page, empty database (create + migrate + seed): {cold.FirstPage.TotalMilliseconds,7:F0} ms  (/health after {cold.Health.TotalMilliseconds:F0} ms)");
    }

    var seeded = await app.SeedDemoAsync(opportunities, leadCount);
    Console.WriteLine($"seed-demo --opportunities {opportunities}: {seeded.Elapsed.TotalSeconds,6:F1} s for the process, {opportunities / seeded.Elapsed.TotalSeconds:N0} opportunities/s end to end");
    Console.WriteLine($"  the command reports: {seeded.Summary}");
    if (extraSql is not null)
    {
        Console.WriteLine($"Extra SQL on the seeded database ({await app.ExecuteSqlAsync(extraSql):F0} ms): {extraSql}");
    }

    using var warm = await app.StartAsync();
    Console.WriteLine($"Start to first page, existing database ({opportunities:N0} opportunities):  {warm.FirstPage.TotalMilliseconds,7:F0} ms  (/health after {warm.Health.TotalMilliseconds:F0} ms)");
    Console.WriteLine();

    using var anonymous = app.CreateClient();
    using var admin = await app.SignInAsync(AppProcess.AdminUserName, AppProcess.AdminPassword);
    using var rep = await app.SignInAsync(seeded.SalesRep, AppProcess.DemoPassword);
    var someId = await AppProcess.FirstOpportunityIdAsync(admin);
    var deepPage = Math.Max(2, opportunities / 25 / 2);

    var targetMs = opportunities >= 1_000_000 ? 150 : 50;
    var leadPages = leadCount is int leadsSeeded
        ? new (string Name, HttpClient Client, string Path, bool Grid)[]
        {
            ("leads: open (default)", admin, "/leads", true),
            ("leads: all, page 1", admin, "/leads?view=all", true),
            ($"leads: all, page {Math.Max(2, leadsSeeded / 25 / 2)}", admin, $"/leads?view=all&page={Math.Max(2, leadsSeeded / 25 / 2)}", true),
            ("leads: company filter + sort", admin, "/leads?view=all&company=a&sort=name&dir=asc", true),
            ("leads: sales rep (own)", rep, "/leads", true),
        }
        : [];
    var pages = new (string Name, HttpClient Client, string Path, bool Grid)[]
    {
        ("/health (baseline)", anonymous, "/health", false),
        ("/account/login", anonymous, "/account/login", false),
        ("/ dashboard", admin, "/", false),
        ("grid: default (open)", admin, "/opportunities", true),
        ("grid: 2 filters + sort", admin, "/opportunities?view=all&status=negotiation&status=needs_analysis&budgetMin=50000&sort=budget&dir=desc", true),
        ("grid: all, page 1", admin, "/opportunities?view=all", true),
        ($"grid: all, page {deepPage}", admin, $"/opportunities?view=all&page={deepPage}", true),
        ("grid: sales rep (own)", rep, "/opportunities", true),
        ($"view /opportunities/{someId}", admin, $"/opportunities/{someId}", false),
        ("board (all statuses)", admin, "/opportunities/board", false),
        ("board: sales rep (own)", rep, "/opportunities/board", false),
    }.Concat(leadPages).ToArray();

    Console.WriteLine($"{"page",-30} {"requests",9} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"vs /health",11}  target p95 ≤ {targetMs} ms");
    var results = new Dictionary<string, LoadResult>();
    double? baseline = null;

    // Every page once under load before any is measured (as in --mode cluster): otherwise the first pages
    // measured, /health included, run on code the JIT has not optimised yet.
    foreach (var (name, client, path, _) in pages)
    {
        if (only is null || name == pages[0].Name || name.Contains(only, StringComparison.OrdinalIgnoreCase))
        {
            await Load.RunAsync(client, path, clients, TimeSpan.FromSeconds(2));
        }
    }

    foreach (var (name, client, path, grid) in pages)
    {
        if (only is not null && baseline is not null && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
        {
            continue;
        }

        var result = await Load.RunAsync(client, path, clients, TimeSpan.FromSeconds(seconds));
        results[name] = result;
        baseline ??= result.RequestsPerSecond;
        var verdict = grid ? (result.P95 <= targetMs ? "met" : "NOT met") : string.Empty;
        Console.WriteLine($"{name,-30} {result.Count,9} {result.RequestsPerSecond,8:F0} {result.P50,8:F1} {result.P95,8:F1} {result.P99,8:F1} {result.RequestsPerSecond / baseline.Value,11:P0}  {verdict}{(result.Errors > 0 ? $"  ({result.Errors} errors)" : string.Empty)}");
    }

    var moves = await BoardMoves.RunAsync(admin, clients, TimeSpan.FromSeconds(seconds));
    Console.WriteLine($"{"board: card move (POST)",-30} {moves.Count,9} {moves.RequestsPerSecond,8:F0} {moves.P50,8:F1} {moves.P95,8:F1} {moves.P99,8:F1} {moves.RequestsPerSecond / baseline!.Value,11:P0}  {(moves.P95 <= 30 ? "met" : "NOT met")} (target ≤ 30 ms){(moves.Errors > 0 ? $"  ({moves.Errors} errors)" : string.Empty)}");

    if (leadCount is not null && (only is null || only.Contains("convert", StringComparison.OrdinalIgnoreCase)))
    {
        var (form, converted) = await LeadBenchmark.ConvertAsync(admin, clients, TimeSpan.FromSeconds(seconds));
        Console.WriteLine($"{"lead: convert form (GET)",-30} {form.Count,9} {form.RequestsPerSecond,8:F0} {form.P50,8:F1} {form.P95,8:F1} {form.P99,8:F1} {form.RequestsPerSecond / baseline!.Value,11:P0}");
        Console.WriteLine($"{"lead: convert (POST)",-30} {converted.Count,9} {converted.RequestsPerSecond,8:F0} {converted.P50,8:F1} {converted.P95,8:F1} {converted.P99,8:F1} {converted.RequestsPerSecond / baseline!.Value,11:P0}  {(converted.P95 <= 50 ? "met" : "NOT met")} (target ≤ 50 ms){(converted.Errors > 0 ? $"  ({converted.Errors} errors)" : string.Empty)}");
    }

    if (Array.IndexOf(Environment.GetCommandLineArgs(), "--workflows") > 0)
    {
        // --workflows: the Opportunity Management Flow switched on, then the board, a view page with its
        // panel, and card moves that run the Develop transition (issue 11: transition p95 ≤ 30 ms).
        using var activated = await admin.PostAsync("/system/workflows/opportunity_flow/activate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AppProcess.AntiforgeryToken(await admin.GetStringAsync("/system/workflows")),
        }));
        Console.WriteLine($"Opportunity Management Flow activated ({(int)activated.StatusCode}).");
        foreach (var (name, client, path) in new[] { ("board, flow active", admin, "/opportunities/board"), ($"view {someId}, flow active", admin, $"/opportunities/{someId}") })
        {
            var result = await Load.RunAsync(client, path, clients, TimeSpan.FromSeconds(seconds));
            Console.WriteLine($"{name,-30} {result.Count,9} {result.RequestsPerSecond,8:F0} {result.P50,8:F1} {result.P95,8:F1} {result.P99,8:F1} {result.RequestsPerSecond / baseline!.Value,11:P0}{(result.Errors > 0 ? $"  ({result.Errors} errors)" : string.Empty)}");
        }

        var transitions = await BoardMoves.RunAsync(admin, clients, TimeSpan.FromSeconds(seconds), "opportunity_flow");
        Console.WriteLine($"{"transition: develop (drop)",-30} {transitions.Count,9} {transitions.RequestsPerSecond,8:F0} {transitions.P50,8:F1} {transitions.P95,8:F1} {transitions.P99,8:F1} {transitions.RequestsPerSecond / baseline!.Value,11:P0}  {(transitions.P95 <= 30 ? "met" : "NOT met")} (target ≤ 30 ms){(transitions.Errors > 0 ? $"  ({transitions.Errors} errors)" : string.Empty)}");
    }

    Console.WriteLine();
    if (only is not null)
    {
        return;
    }

    var boardWorst = new[] { results["board (all statuses)"], results["board: sales rep (own)"] }.Max(r => r.P95);
    Console.WriteLine($"Target board render p95 ≤ 100 ms: {(boardWorst <= 100 ? "met" : "NOT met")} (worst {boardWorst:F1} ms); card move p95 ≤ 30 ms: {(moves.P95 <= 30 ? "met" : "NOT met")} ({moves.P95:F1} ms)");
    var gridResults = pages.Where(p => p.Grid).Select(p => (p.Name, Result: results[p.Name])).ToList();
    var worst = gridResults.MaxBy(g => g.Result.P95);
    Console.WriteLine($"Target grid p95 ≤ {targetMs} ms at {clients} clients ({opportunities:N0} opportunities): {(worst.Result.P95 <= targetMs ? "met" : "NOT met")} (worst: {worst.Name}, {worst.Result.P95:F1} ms)");
    var first = results["grid: all, page 1"];
    var deep = results[$"grid: all, page {deepPage}"];
    Console.WriteLine($"Target deep page within 1.5× of page 1 (p95): {(deep.P95 <= 1.5 * first.P95 ? "met" : "NOT met")} ({deep.P95 / first.P95:F2}×)");
    var slowest = gridResults.MinBy(g => g.Result.RequestsPerSecond);
    var share = slowest.Result.RequestsPerSecond / baseline!.Value;
    Console.WriteLine($"Target grid throughput ≥ 30 % of /health: {(share >= 0.30 ? "met" : "NOT met")} (lowest: {slowest.Name}, {share:P0})");
}
finally
{
    app.Dispose();
}

static string? ArgText(string name)
{
    var args = Environment.GetCommandLineArgs();
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static int ArgValue(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
