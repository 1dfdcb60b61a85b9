using System.Diagnostics;
using System.Text.RegularExpressions;
using Oro.Opportunities.IntegrationTests.Infrastructure;

namespace Oro.Opportunities.Benchmarks;

/// <summary>
/// Issue 12's lead figures (<c>--leads N</c>): the lead grid's pages under load, and Convert to
/// Opportunity — each worker opens the conversion form of a new lead (the form as the page renders it:
/// the lead's account or a new one, a new contact from the lead) and posts it; only the POST is timed.
/// </summary>
internal static partial class LeadBenchmark
{
    public static async Task<(LoadResult Form, LoadResult Convert)> ConvertAsync(HttpClient client, int concurrency, TimeSpan duration)
    {
        // New leads, newest first: the ones seed-demo did not convert or disqualify.
        var ids = new Queue<int>();
        for (var page = 1; ids.Count < 5_000 && page <= 200; page++)
        {
            var html = await client.GetStringAsync($"/leads?view=open&sort=created&dir=desc&size=100&page={page}");
            var found = LeadLink().Matches(html).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().ToList();
            if (found.Count == 0)
            {
                break;
            }

            foreach (var id in found)
            {
                ids.Enqueue(id);
            }
        }

        var forms = new List<double>[concurrency];
        var posts = new List<double>[concurrency];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var formTimes = forms[worker] = [];
            var postTimes = posts[worker] = [];
            while (clock.Elapsed < duration)
            {
                int id;
                lock (ids)
                {
                    if (ids.Count == 0)
                    {
                        return;
                    }

                    id = ids.Dequeue();
                }

                var started = Stopwatch.GetTimestamp();
                var form = await client.GetFormAsync($"/leads/{id}/convert", "data-testid=\"convert-form\"");
                formTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                started = Stopwatch.GetTimestamp();
                using var response = await form.PostAsync(client, $"/leads/{id}/convert");
                await response.Content.ReadAsByteArrayAsync();
                postTimes.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

                // Success is the redirect to the new opportunity.
                if ((int)response.StatusCode != 302 || response.Headers.Location?.OriginalString.StartsWith("/opportunities/", StringComparison.Ordinal) != true)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        });
        await Task.WhenAll(workers);
        var elapsed = clock.Elapsed.TotalSeconds;
        return (Summarise(forms, elapsed, 0), Summarise(posts, elapsed, errors));
    }

    private static LoadResult Summarise(List<double>[] latencies, double seconds, int errors)
    {
        var all = latencies.Where(l => l is not null).SelectMany(l => l).Order().ToArray();
        if (all.Length == 0)
        {
            return new LoadResult(0, 0, 0, 0, 0, errors);
        }

        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new LoadResult(all.Length, all.Length / seconds, Percentile(0.50), Percentile(0.95), Percentile(0.99), errors);
    }

    [GeneratedRegex("href=\"/leads/(\\d+)\"")]
    private static partial Regex LeadLink();
}
