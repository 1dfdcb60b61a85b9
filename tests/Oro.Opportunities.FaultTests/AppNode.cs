using System.Diagnostics;

namespace Oro.Opportunities.FaultTests;

/// <summary>One app node: <c>dotnet Oro.Opportunities.Web.dll</c> on a loopback port, its output in a log file.</summary>
internal sealed class AppNode(string name, int port, IReadOnlyDictionary<string, string> settings, string folder) : IAsyncDisposable
{
    private Process? process;
    private StreamWriter? log;

    public string Name => name;

    public int Port => port;

    public string LogPath => Path.Combine(folder, name + ".log");

    public bool IsRunning => process is { HasExited: false };

    public static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> settings, string dataFolder)
    {
        var dll = ClusterEnvironment.WebDll;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Database__DataDirectory"] = dataFolder;
        info.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        return info;
    }

    public async Task StartAsync(TimeSpan timeout)
    {
        var data = Path.Combine(folder, name);
        Directory.CreateDirectory(data);
        var info = StartInfo(settings, data);
        info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        info.Environment["BackgroundJobs__NodeId"] = name;
        log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
        await log.WriteLineAsync($"==== {DateTime.UtcNow:O} starting {name} on port {port}");
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(15) };
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode} during start-up; see {LogPath}.");
            }

            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"{name} did not answer /health within {timeout.TotalSeconds:0} s; see {LogPath}.");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>kill -9: no shut-down, no hand-back; its connections drop, its lease is left to run out.</summary>
    public void Kill()
    {
        process?.Kill(entireProcessTree: false);
        process?.WaitForExit();
        Write($"==== {DateTime.UtcNow:O} killed (SIGKILL)");
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        if (log is not null)
        {
            await log.DisposeAsync();
        }
    }

    private void Write(string? line)
    {
        if (line is null || log is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }
}

/// <summary>Debian's nginx with a configuration of the suite's own: HTTPS on a loopback port, the two nodes upstream.</summary>
internal sealed class NginxProxy : IAsyncDisposable
{
    private readonly string folder;
    private Process? process;

    private NginxProxy(string folder, int port)
    {
        this.folder = folder;
        Port = port;
    }

    public int Port { get; }

    public string ErrorLog => Path.Combine(folder, "error.log");

    /// <summary>Starts nginx with the upstream of <paramref name="nodePorts"/>, the same proxy rules as deploy/nginx/oro-debian.conf.</summary>
    public static async Task<NginxProxy> StartAsync(string parent, IEnumerable<int> nodePorts, string certificatePem, string keyPem)
    {
        var folder = Path.Combine(parent, "nginx");
        Directory.CreateDirectory(folder);
        var proxy = new NginxProxy(folder, ClusterEnvironment.FreePort());
        await File.WriteAllTextAsync(Path.Combine(folder, "cert.pem"), certificatePem);
        await File.WriteAllTextAsync(Path.Combine(folder, "key.pem"), keyPem);
        var servers = string.Join("\n", nodePorts.Select(p => $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;"));
        var user = ClusterEnvironment.IsRoot ? "user root;" : string.Empty;
        await File.WriteAllTextAsync(Path.Combine(folder, "nginx.conf"), $$"""
            {{user}}
            worker_processes 1;
            pid {{folder}}/nginx.pid;
            error_log {{folder}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                client_body_temp_path {{folder}}/client_body;
                proxy_temp_path {{folder}}/proxy;
                fastcgi_temp_path {{folder}}/fastcgi;
                uwsgi_temp_path {{folder}}/uwsgi;
                scgi_temp_path {{folder}}/scgi;
                upstream oro_nodes {
            {{servers}}
                    keepalive 32;
                }
                server {
                    listen 127.0.0.1:{{proxy.Port}} ssl;
                    ssl_certificate {{folder}}/cert.pem;
                    ssl_certificate_key {{folder}}/key.pem;
                    client_max_body_size 101m;
                    location / {
                        proxy_pass http://oro_nodes;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_connect_timeout 2s;
                        proxy_next_upstream error timeout;
                        proxy_next_upstream_tries 2;
                        proxy_read_timeout 300s;
                    }
                }
            }
            """);
        var info = new ProcessStartInfo(ClusterEnvironment.Nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-g", "daemon off;" })
        {
            info.ArgumentList.Add(argument);
        }

        proxy.process = Process.Start(info)!;
        proxy.process.BeginErrorReadLine();
        proxy.process.BeginOutputReadLine();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, proxy.Port);
                return proxy;
            }
            catch (System.Net.Sockets.SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(10) && !proxy.process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }
}
