using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

// Benchmarks print figures; they are not tests. Usage:
//   dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks [-- --seconds 10 --clients 8]
// It starts the built web app as its own process on a fresh SQLite data folder, measures the time
// to the first page (cold: database created and migrated; warm: existing database), then loads
// pages with N concurrent clients and prints p50 / p95 / requests per second beside /health.
if (Array.IndexOf(Environment.GetCommandLineArgs(), "import") > 0 && Array.IndexOf(Environment.GetCommandLineArgs(), "--mode") > 0)
{
    // dotnet run -c Release --project tests/Oro.Opportunities.Benchmarks -- --mode import [--rows 100000]
    await Oro.Opportunities.Benchmarks.ImportBenchmark.RunAsync(ArgValue("--rows", 100_000));
    return;
}

var seconds = ArgValue("--seconds", 10);
var clients = ArgValue("--clients", 8);
var root = FindRepositoryRoot();
var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
var webDll = Path.Combine(root, "src", "Oro.Opportunities.Web", "bin", configuration, "net10.0", "Oro.Opportunities.Web.dll");
var dataFolder = Path.Combine(Path.GetTempPath(), "oro-bench", Guid.NewGuid().ToString("N"));
const string password = "benchmark-admin-password";
const int port = 5199;
var baseUrl = $"http://127.0.0.1:{port}";

Console.WriteLine($"Oro.Opportunities benchmarks ({configuration} build, {Environment.ProcessorCount} cores, {clients} clients, {seconds} s per page)");
Console.WriteLine();

var cold = await StartAndTimeAsync(dataFolder);
Console.WriteLine($"Start to first page, empty database (create + migrate + seed): {cold.FirstPage.TotalMilliseconds,7:F0} ms  (/health after {cold.Health.TotalMilliseconds:F0} ms)");
cold.Process.Kill(entireProcessTree: true);
await cold.Process.WaitForExitAsync();

var warm = await StartAndTimeAsync(dataFolder);
Console.WriteLine($"Start to first page, existing database:                          {warm.FirstPage.TotalMilliseconds,7:F0} ms  (/health after {warm.Health.TotalMilliseconds:F0} ms)");
Console.WriteLine();

try
{
    using var anonymous = new HttpClient { BaseAddress = new Uri(baseUrl) };
    var signedIn = await SignInAsync();
    var pages = new (string Name, HttpClient Client, string Path)[]
    {
        ("/health (baseline)", anonymous, "/health"),
        ("/account/login", anonymous, "/account/login"),
        ("/ dashboard (signed in)", signedIn, "/"),
        ("/system/configuration", signedIn, "/system/configuration"),
        ("/system/users", signedIn, "/system/users"),
    };

    Console.WriteLine($"{"page",-28} {"requests",9} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}  {"vs /health",9}");
    double? baseline = null;
    foreach (var (name, client, path) in pages)
    {
        var result = await LoadAsync(client, path, clients, TimeSpan.FromSeconds(seconds));
        baseline ??= result.RequestsPerSecond;
        Console.WriteLine($"{name,-28} {result.Count,9} {result.RequestsPerSecond,9:F0} {result.P50,8:F2} {result.P95,8:F2} {result.P99,8:F2}  {result.RequestsPerSecond / baseline.Value,8:P0}{(result.Errors > 0 ? $"  ({result.Errors} errors)" : "")}");
    }
}
finally
{
    warm.Process.Kill(entireProcessTree: true);
    await warm.Process.WaitForExitAsync();
    Directory.Delete(dataFolder, recursive: true);
}

async Task<(Process Process, TimeSpan Health, TimeSpan FirstPage)> StartAndTimeAsync(string folder)
{
    if (!File.Exists(webDll))
    {
        throw new FileNotFoundException($"Build the web project first ({configuration}): {webDll}");
    }

    var info = new ProcessStartInfo("dotnet", $"\"{webDll}\"")
    {
        WorkingDirectory = Path.GetDirectoryName(webDll)!,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    info.Environment["ASPNETCORE_URLS"] = baseUrl;
    info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
    info.Environment["Database__DataDirectory"] = folder;
    info.Environment["Oro__Admin__Password"] = password;
    info.Environment["Serilog__MinimumLevel__Default"] = "Warning";

    var clock = Stopwatch.StartNew();
    var process = Process.Start(info)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine(e.Data); };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();

    using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(2) };
    TimeSpan health;
    while (true)
    {
        try
        {
            if ((await http.GetAsync("/health")).IsSuccessStatusCode)
            {
                health = clock.Elapsed;
                break;
            }
        }
        catch (HttpRequestException)
        {
        }

        if (clock.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
        {
            throw new InvalidOperationException("The app did not start within 60 s.");
        }

        await Task.Delay(10);
    }

    (await http.GetAsync("/account/login")).EnsureSuccessStatusCode();
    return (process, health, clock.Elapsed);
}

async Task<HttpClient> SignInAsync()
{
    var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
    var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
    var html = await client.GetStringAsync("/account/login");
    var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["UserName"] = "admin",
        ["Password"] = password,
        ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
    }));
    if (response.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException("Sign-in failed: " + response.StatusCode);
    }

    return client;
}

static async Task<LoadResult> LoadAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
{
    // Warm-up: JIT, caches, connection pools.
    for (var i = 0; i < 50; i++)
    {
        using var _ = await client.GetAsync(path);
    }

    var latencies = new List<double>[concurrency];
    var errors = 0;
    var clock = Stopwatch.StartNew();
    var workers = Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var own = latencies[worker] = new List<double>(100_000);
        while (clock.Elapsed < duration)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            await response.Content.ReadAsByteArrayAsync();
            own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref errors);
            }
        }
    });
    await Task.WhenAll(workers);
    var elapsed = clock.Elapsed.TotalSeconds;
    var all = latencies.SelectMany(l => l).Order().ToArray();
    double Percentile(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
    return new LoadResult(all.Length, all.Length / elapsed, Percentile(0.50), Percentile(0.95), Percentile(0.99), errors);
}

static string FindRepositoryRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Oro.Opportunities.sln")))
    {
        dir = dir.Parent;
    }

    return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
}

static int ArgValue(string name, int fallback)
{
    var args = Environment.GetCommandLineArgs();
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}

internal sealed record LoadResult(int Count, double RequestsPerSecond, double P50, double P95, double P99, int Errors);
