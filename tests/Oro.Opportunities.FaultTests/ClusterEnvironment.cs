using System.Diagnostics;

namespace Oro.Opportunities.FaultTests;

/// <summary>
/// What the suite needs from the machine: Debian's nginx and PostgreSQL's server binaries (initdb, pg_ctl)
/// for a private cluster. CI installs both and sets <c>ORO_REQUIRE_CLUSTER=1</c>, where anything missing
/// fails the suite; elsewhere it skips and says what to install.
/// </summary>
internal static class ClusterEnvironment
{
    private static readonly string[] NginxPaths = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"];

    public static bool Required => Environment.GetEnvironmentVariable("ORO_REQUIRE_CLUSTER") == "1";

    public static string Nginx => Environment.GetEnvironmentVariable("ORO_NGINX") is { Length: > 0 } configured
        ? configured
        : NginxPaths.FirstOrDefault(File.Exists) ?? "nginx-not-found";

    /// <summary>The newest PostgreSQL server's bin folder (Debian: /usr/lib/postgresql/N/bin), or <c>ORO_PG_BIN</c>.</summary>
    public static string PostgresBin => Environment.GetEnvironmentVariable("ORO_PG_BIN") is { Length: > 0 } configured
        ? configured
        : Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault() ?? "postgres-not-found"
            : "postgres-not-found";

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Skips (or fails, in CI) with the reason when something is missing.</summary>
    public static void EnsureAvailable()
    {
        var missing = new List<string>();
        if (!File.Exists(Nginx))
        {
            missing.Add("nginx (apt-get install nginx, or ORO_NGINX=/path/to/nginx)");
        }

        if (!File.Exists(Path.Combine(PostgresBin, "initdb")))
        {
            missing.Add("the PostgreSQL server binaries initdb and pg_ctl (apt-get install postgresql, or ORO_PG_BIN=/usr/lib/postgresql/N/bin)");
        }

        if (IsRoot && !File.Exists("/usr/sbin/runuser"))
        {
            missing.Add("runuser (PostgreSQL refuses to run as root; the suite runs it as the postgres user)");
        }

        if (missing.Count == 0)
        {
            return;
        }

        var reason = "Cluster fault suite: missing " + string.Join("; ", missing) + ".";
        if (Required)
        {
            throw new InvalidOperationException(reason + " ORO_REQUIRE_CLUSTER=1: the suite must run.");
        }

        Assert.Skip(reason + " Set ORO_REQUIRE_CLUSTER=1 to make this a failure.");
    }

    public static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Oro.Opportunities.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Run from inside the repository.");
        }
    }

    /// <summary>The web app as built with this test project (same configuration).</summary>
    public static string WebDll
    {
        get
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var path = Path.Combine(RepositoryRoot, "src", "Oro.Opportunities.Web", "bin", configuration, "net10.0", "Oro.Opportunities.Web.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the web project first: " + path);
        }
    }

    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Runs a command to its end; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, string? asUser = null, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var info = asUser is not null && IsRoot
            ? new ProcessStartInfo("/usr/sbin/runuser") { ArgumentList = { "-u", asUser, "--", file } }
            : new ProcessStartInfo(file);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} did not finish in time.");
        }

        var text = await output + await error;
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{file} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{text}");
    }
}
