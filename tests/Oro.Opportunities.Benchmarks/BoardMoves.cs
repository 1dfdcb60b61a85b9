using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Oro.Opportunities.Benchmarks;

/// <summary>
/// Card moves as the board makes them: each worker owns one card and moves it back and forth between
/// two open statuses through POST /opportunities/{id}/status with the board's query, so every request
/// runs the domain rules, the audit, the concurrency check, renders the card and recounts two columns.
/// With a workflow name, each move is that workflow's <c>develop</c> transition (what a drop runs while
/// the Opportunity Management Flow is active): the cards are started in it first, unmeasured.
/// </summary>
internal static partial class BoardMoves
{
    public static Task<LoadResult> RunAsync(HttpClient client, int concurrency, TimeSpan duration, string? workflow = null) =>
        RunAsync(client, concurrency, duration, until: null, workflow);

    /// <summary>After the warm-up, moves until <paramref name="until"/> completes (e.g. an import running meanwhile).</summary>
    public static Task<LoadResult> RunWhileAsync(HttpClient client, int concurrency, Task until) =>
        RunAsync(client, concurrency, TimeSpan.MaxValue, until);

    private static async Task<LoadResult> RunAsync(HttpClient client, int concurrency, TimeSpan duration, Task? until, string? workflow = null)
    {
        var board = await client.GetStringAsync("/opportunities/board");
        var token = AppProcess.AntiforgeryToken(board);
        var statuses = ColumnPattern().Matches(board).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var (from, to) = (statuses[0], statuses[1]);
        var cards = CardPattern().Matches(board)
            .Select(m => (Id: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Version: long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Status: int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)))
            .Where(c => c.Status == from)
            .Take(concurrency)
            .ToList();
        if (cards.Count < concurrency)
        {
            throw new InvalidOperationException("Not enough cards in the first column to give each worker its own.");
        }

        if (workflow is not null)
        {
            // Seeded deals predate the activation: each card enters the workflow with its Start transition.
            foreach (var card in cards)
            {
                using var started = await client.PostAsync($"/opportunities/{card.Id}/workflows/{workflow}/start", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["Fields[status]"] = card.Status.ToString(CultureInfo.InvariantCulture),
                }));
                if (started.StatusCode != HttpStatusCode.Redirect)
                {
                    throw new InvalidOperationException($"Start of {workflow} on {card.Id} answered {(int)started.StatusCode}.");
                }
            }
        }

        // Warm-up, as the page loads have: JIT, pools and caches, for two seconds unmeasured.
        await MoveAsync(client, token, from, to, cards, TimeSpan.FromSeconds(2), null, workflow);
        return await MoveAsync(client, token, from, to, cards, duration, until, workflow);
    }

    private static async Task<LoadResult> MoveAsync(
        HttpClient client, string token, int from, int to, List<(int Id, long Version, int Status)> cards, TimeSpan duration, Task? until, string? workflow)
    {
        var concurrency = cards.Count;
        var latencies = new List<double>[concurrency];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var own = latencies[worker] = new List<double>(50_000);
            var (id, version, status) = cards[worker];
            while (until is null ? clock.Elapsed < duration : !until.IsCompleted)
            {
                var target = status == from ? to : from;
                var started = Stopwatch.GetTimestamp();
                var form = new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["version"] = version.ToString(CultureInfo.InvariantCulture),
                    ["statusId"] = target.ToString(CultureInfo.InvariantCulture),
                    ["fromStatusId"] = status.ToString(CultureInfo.InvariantCulture),
                    ["board"] = "?",
                };
                if (workflow is not null)
                {
                    form["workflow"] = workflow;
                    form["transition"] = "develop";
                    form["Fields[status]"] = target.ToString(CultureInfo.InvariantCulture);
                }

                using var response = await client.PostAsync($"/opportunities/{id}/status", new FormUrlEncodedContent(form));
                var body = await response.Content.ReadAsStringAsync();
                own.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                    continue;
                }

                var row = JsonDocument.Parse(body).RootElement.GetProperty("row");
                version = row.GetProperty("version").GetInt64();
                status = row.GetProperty("statusId").GetInt32();
            }

            cards[worker] = (id, version, status);
        });
        await Task.WhenAll(workers);
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)];
        return new LoadResult(all.Length, all.Length / clock.Elapsed.TotalSeconds, Percentile(0.50), Percentile(0.95), Percentile(0.99), errors);
    }

    [GeneratedRegex("class=\"board-column\" data-status-id=\"(\\d+)\"")]
    private static partial Regex ColumnPattern();

    [GeneratedRegex("class=\"board-card card shadow-sm\" data-id=\"(\\d+)\" data-version=\"(\\d+)\" data-status-id=\"(\\d+)\"")]
    private static partial Regex CardPattern();
}
