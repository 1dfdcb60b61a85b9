using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;

namespace Oro.Opportunities.Benchmarks;

/// <summary>
/// Issue 9: a change of the base currency on a seeded database (seed-demo), through the pages as an
/// administrator does it — the confirmation step, then the confirmed change (a Hangfire job above the
/// threshold) — timed from the confirming POST to the moment the settings page shows the new base.
/// Meanwhile one client reads the grid (with its totals) and one edits deals' names inline, so the
/// figures say whether users could keep working, and how long they waited.
/// </summary>
internal static partial class BaseChangeBenchmark
{
    public static async Task RunAsync(int opportunities, string? postgres, string target)
    {
        using var app = new AppProcess(port: 5197, postgres: postgres);
        Console.WriteLine($"Base-currency change benchmark ({app.Configuration} build, {Environment.ProcessorCount} cores, {app.Provider}, {opportunities:N0} opportunities, to {target})");
        using (await app.StartAsync())
        {
        }

        var seeded = await app.SeedDemoAsync(opportunities);
        Console.WriteLine($"seed-demo: {seeded.Elapsed.TotalSeconds:F1} s ({seeded.Summary})");
        using var running = await app.StartAsync();
        using var admin = await app.SignInAsync(AppProcess.AdminUserName, AppProcess.AdminPassword);
        using var reader = await app.SignInAsync(AppProcess.AdminUserName, AppProcess.AdminPassword);
        using var writer = await app.SignInAsync(AppProcess.AdminUserName, AppProcess.AdminPassword);

        var page = await admin.GetStringAsync("/system/configuration/currency");
        var revision = Revision().Match(page).Groups[1].Value;
        var preview = await admin.GetStringAsync($"/system/configuration/currency/change-base?to={target}&display=Code&revision={revision}");
        Console.WriteLine($"Confirmation page: {Deals().Match(preview).Groups[1].Value} deals, {RateRows().Match(preview).Groups[1].Value} rate rows, background: {preview.Contains("change-base-background", StringComparison.Ordinal)}");
        var ids = OpportunityIds().Matches(await admin.GetStringAsync("/opportunities?view=all")).Select(m => m.Groups[1].Value).Distinct().Take(20).ToArray();

        using var stop = new CancellationTokenSource();
        var clock = new Stopwatch();
        var window = new Window();
        var reads = Task.Run(() => LoopAsync(reader, c => c.GetAsync("/opportunities?view=all"), clock, window, stop.Token));
        var writes = Task.Run(() => LoopAsync(writer, c => EditNameAsync(c, ids), clock, window, stop.Token));
        await Task.Delay(1000);

        clock.Start();
        var response = await admin.PostAsync("/system/configuration/currency/change-base", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["baseCurrency"] = target,
            ["display"] = "Code",
            ["revision"] = revision,
            ["__RequestVerificationToken"] = AppProcess.AntiforgeryToken(preview),
        }));
        var posted = clock.Elapsed;
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"The confirmation answered {response.StatusCode}");
        }

        string settings;
        while (true)
        {
            settings = await admin.GetStringAsync("/system/configuration/currency");
            if (!settings.Contains("base-change-running", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(200);
        }

        var done = clock.Elapsed;
        window.From = posted.TotalMilliseconds;
        window.To = done.TotalMilliseconds;
        await Task.Delay(1000);
        await stop.CancelAsync();
        var readStats = await reads;
        var writeStats = await writes;
        var failed = settings.Contains("base-change-failed", StringComparison.Ordinal);
        Console.WriteLine($"Confirming POST answered after {posted.TotalSeconds:F2} s; base is {target} after {done.TotalSeconds:F2} s{(failed ? " — FAILED: " + Regex.Match(settings, "did not happen: ([^<]*)").Groups[1].Value : string.Empty)}");
        Console.WriteLine($"  the job: {WebUtility.HtmlDecode(Regex.Match(settings, "data-testid=\"base-change-done\"[^>]*>\\s*([^<]*)<").Groups[1].Value.Trim().Replace("\n", " ", StringComparison.Ordinal)).Replace("  ", " ", StringComparison.Ordinal)}");
        Console.WriteLine($"  grid reads meanwhile: {readStats}");
        Console.WriteLine($"  inline edits meanwhile: {writeStats}");
        var grid = await admin.GetStringAsync("/opportunities?view=all");
        var footer = grid[grid.IndexOf("data-testid=\"grid-totals\"", StringComparison.Ordinal)..];
        footer = footer[..footer.IndexOf("</tr>", StringComparison.Ordinal)];
        Console.WriteLine($"  grid footer currencies after: {string.Join(", ", FooterCurrencies().Matches(footer).Select(m => m.Groups[1].Value).Distinct())}");
    }

    private static async Task<HttpResponseMessage> EditNameAsync(HttpClient client, string[] ids)
    {
        var id = ids[Random.Shared.Next(ids.Length)];
        var edit = await client.GetStringAsync($"/opportunities/{id}/edit");
        var version = EditVersion().Match(edit).Groups[1].Value;
        return await client.PostAsync($"/opportunities/{id}/inline", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["version"] = version,
            ["field"] = "name",
            ["value"] = "Renamed during the base change " + Random.Shared.Next(1000),
            ["__RequestVerificationToken"] = AppProcess.AntiforgeryToken(edit),
        }));
    }

    /// <summary>The change's span on the benchmark clock (ms), known once it has finished.</summary>
    private sealed class Window
    {
        public double From { get; set; }

        public double To { get; set; }
    }

    private static async Task<string> LoopAsync(HttpClient client, Func<HttpClient, Task<HttpResponseMessage>> request, Stopwatch changeClock, Window window, CancellationToken stop)
    {
        var times = new List<double>();
        var finishedAt = new List<double>();
        var slowestFailure = 0.0;
        var failures = new Dictionary<string, int>();
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var response = await request(client);
                if (response.IsSuccessStatusCode)
                {
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    finishedAt.Add(changeClock.Elapsed.TotalMilliseconds);
                }
                else
                {
                    slowestFailure = Math.Max(slowestFailure, clock.Elapsed.TotalMilliseconds);
                    failures[((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)] = failures.GetValueOrDefault(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)) + 1;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                failures[ex.GetType().Name] = failures.GetValueOrDefault(ex.GetType().Name) + 1;
            }
        }

        var during = finishedAt.Count(t => t > window.From && t < window.To);
        times.Sort();
        double At(double q) => times.Count == 0 ? double.NaN : times[Math.Min(times.Count - 1, (int)(q * times.Count))];
        return string.Create(CultureInfo.InvariantCulture,
            $"{times.Count} ok ({during} of them finished while the change ran), failed {(failures.Count == 0 ? "0" : string.Join(" ", failures.Select(f => f.Key + "×" + f.Value)) + $" (slowest {slowestFailure:F0} ms)")}; p50 {At(0.5):F0} ms, p95 {At(0.95):F0} ms, max {(times.Count == 0 ? double.NaN : times[^1]):F0} ms");
    }

    [GeneratedRegex("name=\"Settings.Revision\"[^>]*value=\"(\\d+)\"")]
    private static partial Regex Revision();

    [GeneratedRegex("data-testid=\"change-base-deals\">([\\d,]+)<")]
    private static partial Regex Deals();

    [GeneratedRegex("data-testid=\"change-base-rates\">([\\d,]+)<")]
    private static partial Regex RateRows();

    [GeneratedRegex("href=\"/opportunities/(\\d+)\"")]
    private static partial Regex OpportunityIds();

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex EditVersion();

    [GeneratedRegex("\\b([A-Z]{3}) [\\d,]+\\.\\d\\d")]
    private static partial Regex FooterCurrencies();
}
