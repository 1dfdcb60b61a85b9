using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace Oro.Opportunities.Benchmarks;

/// <summary>
/// The built web app, run as its own process on a data folder of its own (deleted on dispose); with a
/// PostgreSQL connection string, on a new PostgreSQL database of its own (dropped on dispose) instead of SQLite.
/// </summary>
/// <remarks>
/// With <paramref name="sharedDatabase"/>, several processes (nodes) run on one PostgreSQL database; the one
/// created without it owns the database and drops it.
/// </remarks>
internal sealed partial class AppProcess(int port, string? postgres = null, IReadOnlyDictionary<string, string>? environment = null, string? sharedDatabase = null) : IDisposable
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "benchmark-admin-password";
    public const string DemoPassword = "benchmark-demo-password";

    private readonly string dataFolder = Path.Combine(Path.GetTempPath(), "oro-bench", Guid.NewGuid().ToString("N"));
    private readonly string baseUrl = $"http://127.0.0.1:{port}";
    private readonly string database = sharedDatabase ?? "oro_bench_" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The PostgreSQL database's name (to start another node on it).</summary>
    public string DatabaseName => database;

    public string Provider => postgres is null ? "SQLite" : "PostgreSQL";

    /// <summary>The app's data folder (the SQLite database, uploads, jobs.db).</summary>
    public string DataFolder => dataFolder;

    public string Configuration { get; } = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";

    private string WebDll => Path.Combine(FindRepositoryRoot(), "src", "Oro.Opportunities.Web", "bin", Configuration, "net10.0", "Oro.Opportunities.Web.dll");

    public async Task<RunningApp> StartAsync()
    {
        var clock = Stopwatch.StartNew();
        var process = Process.Start(StartInfo())!;
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
            catch (TaskCanceledException)
            {
            }

            if (clock.Elapsed > TimeSpan.FromSeconds(60) || process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("The app did not start within 60 s.");
            }

            await Task.Delay(10);
        }

        (await http.GetAsync("/account/login")).EnsureSuccessStatusCode();
        return new RunningApp(process, health, clock.Elapsed);
    }

    /// <summary>Runs the app's own <c>seed-demo</c> command on the data folder, as an operator would.</summary>
    public async Task<SeedResult> SeedDemoAsync(int opportunities, int? leads = null)
    {
        var info = StartInfo();
        info.ArgumentList.Add("seed-demo");
        info.ArgumentList.Add("--opportunities");
        info.ArgumentList.Add(opportunities.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (leads is int leadCount)
        {
            info.ArgumentList.Add("--leads");
            info.ArgumentList.Add(leadCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        info.ArgumentList.Add("--password");
        info.ArgumentList.Add(DemoPassword);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        var elapsed = clock.Elapsed;
        var text = output.ToString();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"seed-demo failed with exit code {process.ExitCode}:\n{text}");
        }

        var rep = SalesRepLine().Match(text);
        var summary = SummaryLine().Match(text);
        if (!rep.Success)
        {
            throw new InvalidOperationException("seed-demo printed no sales rep:\n" + text);
        }

        return new SeedResult(elapsed, rep.Groups[1].Value, summary.Success ? summary.Value.Trim() : "(no summary line)");
    }

    /// <summary>Runs SQL on the app's SQLite database (the app must not be running); returns the milliseconds it took.</summary>
    public async Task<double> ExecuteSqlAsync(string sql)
    {
        var clock = Stopwatch.StartNew();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataFolder, "oro-opportunities.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The SQL is the operator's own command-line argument.
        command.CommandText = sql;
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync();
        return clock.Elapsed.TotalMilliseconds;
    }

    public HttpClient CreateClient() => new() { BaseAddress = new Uri(baseUrl) };

    /// <summary>Signs in through the login form, as a browser does; the client keeps the cookie.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10) };
        var html = await client.GetStringAsync("/account/login");
        var token = AntiforgeryToken(html);
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Sign-in of {userName} failed: {response.StatusCode}");
        }

        return client;
    }

    /// <summary>The antiforgery token a page's form carries, as a form post sends it back.</summary>
    public static string AntiforgeryToken(string html) => WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    public static async Task<int> FirstOpportunityIdAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/opportunities?view=all");
        var match = OpportunityLink().Match(html);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
    }

    public void Dispose()
    {
        if (postgres is not null && sharedDatabase is null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            using var connection = new Npgsql.NpgsqlConnection($"{postgres};Database=postgres");
            connection.Open();
            using var drop = connection.CreateCommand();
#pragma warning disable CA2100 // The name is generated above.
            drop.CommandText = $"DROP DATABASE IF EXISTS {database} WITH (FORCE)";
#pragma warning restore CA2100
            drop.ExecuteNonQuery();
        }

        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    private ProcessStartInfo StartInfo()
    {
        if (!File.Exists(WebDll))
        {
            throw new FileNotFoundException($"Build the web project first ({Configuration}): {WebDll}");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(WebDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(WebDll);
        info.Environment["ASPNETCORE_URLS"] = baseUrl;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__DataDirectory"] = dataFolder;
        info.Environment["Oro__Admin__Password"] = AdminPassword;

        // The benchmark signs its clients in as fast as it can; the sign-in throttle (ADR-0012) is not what it measures.
        info.Environment["SignIn__PerAddressPermitLimit"] = "100000";
        info.Environment["SignIn__PerUserNamePermitLimit"] = "100000";
        info.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        if (postgres is not null)
        {
            info.Environment["Database__Provider"] = "PostgreSql";
            info.Environment["ConnectionStrings__Default"] = $"{postgres};Database={database}";
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return info;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Oro.Opportunities.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^\s+(\S+)\s+Sales Rep\s", RegexOptions.Multiline)]
    private static partial Regex SalesRepLine();

    [GeneratedRegex(@"^Created .*$", RegexOptions.Multiline)]
    private static partial Regex SummaryLine();

    [GeneratedRegex("href=\"/opportunities/([0-9]+)\"")]
    private static partial Regex OpportunityLink();
}

internal sealed record SeedResult(TimeSpan Elapsed, string SalesRep, string Summary);

internal sealed class RunningApp(Process process, TimeSpan health, TimeSpan firstPage) : IDisposable
{
    public Process Process => process;

    public TimeSpan Health => health;

    public TimeSpan FirstPage => firstPage;

    public void Dispose()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        process.Dispose();
    }
}
