using System.Diagnostics;

namespace Oro.Opportunities.Benchmarks;

internal static class Load
{
    /// <summary>Requests <paramref name="path"/> from <paramref name="concurrency"/> workers for <paramref name="duration"/>.</summary>
    public static async Task<LoadResult> RunAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
    {
        // Warm-up, unmeasured, under the same load for three seconds: JIT (30 requests in a row left the
        // first page measured on unoptimised tier-0 code while the CPU was too busy to recompile it:
        // the grid's default view measured at two thirds of the same page filtered to all), caches,
        // connection pools, the database pages this request reads.
        await RequestAsync(client, path, concurrency, TimeSpan.FromSeconds(3), latencies: null, () => { });

        var latencies = new List<double>[concurrency];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        await RequestAsync(client, path, concurrency, duration, latencies, () => Interlocked.Increment(ref errors));
        var elapsed = clock.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new LoadResult(all.Length, all.Length / elapsed, Percentile(0.50), Percentile(0.95), Percentile(0.99), errors);
    }

    private static Task RequestAsync(HttpClient client, string path, int concurrency, TimeSpan duration, List<double>[]? latencies, Action failed)
    {
        var clock = Stopwatch.StartNew();
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var own = latencies is null ? null : latencies[worker] = new List<double>(100_000);
            while (clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                own?.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    failed();
                }
            }
        }));
    }
}

internal sealed record LoadResult(int Count, double RequestsPerSecond, double P50, double P95, double P99, int Errors);
