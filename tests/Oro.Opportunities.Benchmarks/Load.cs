using System.Diagnostics;

namespace Oro.Opportunities.Benchmarks;

internal static class Load
{
    /// <summary>Requests <paramref name="path"/> from <paramref name="concurrency"/> workers for <paramref name="duration"/>.</summary>
    public static async Task<LoadResult> RunAsync(HttpClient client, string path, int concurrency, TimeSpan duration)
    {
        // Warm-up: JIT, caches, connection pools, the database pages this request reads.
        for (var i = 0; i < 30; i++)
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
}

internal sealed record LoadResult(int Count, double RequestsPerSecond, double P50, double P95, double P99, int Errors);
