using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// What the crawler listens to on its page: answers of 400 or 5xx to a document or fetch request,
/// console errors and uncaught script errors, each with where the crawler was (<see cref="Where"/>);
/// and the requests in flight, to know when a submit has settled.
/// </summary>
internal sealed partial class CrawlerWatch
{
    private readonly Dictionary<IRequest, DateTime> inFlight = [];
    private readonly List<string> problems = [];
    private readonly HashSet<string> answeredByTheApp = [];
    private readonly List<(string Where, string Text, string Url)> loadErrors = [];

    public CrawlerWatch(IPage page)
    {
        page.Request += (_, request) => { lock (inFlight) { inFlight[request] = DateTime.UtcNow; } };
        page.RequestFinished += (_, request) => { lock (inFlight) { inFlight.Remove(request); } };
        page.RequestFailed += (_, request) => { lock (inFlight) { inFlight.Remove(request); } };
        page.Response += (_, response) =>
        {
            var type = response.Request.ResourceType;
            if (type is "document" or "fetch" or "xhr")
            {
                if (IsFailure(response.Status))
                {
                    Add($"{response.Request.Method} {PathOf(response.Url)} answered {response.Status}");
                }
                else if (response.Status >= 400)
                {
                    lock (problems)
                    {
                        answeredByTheApp.Add(response.Url);
                    }
                }
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type != "error")
            {
                return;
            }

            if (LoadFailure().IsMatch(message.Text))
            {
                lock (problems)
                {
                    // The location is the resource's address, then ":line:column".
                    loadErrors.Add((Where, message.Text, LineAndColumn().Replace(message.Location, string.Empty)));
                }
            }
            else
            {
                Add($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add($"script error: {error}");
    }

    /// <summary>The page and the form or dialog being worked on, for the problems found meanwhile.</summary>
    public string Where { get; set; } = string.Empty;

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (problems)
            {
                // Chromium logs every 4xx load as a console error. A document or fetch answered with a 4xx
                // other than 400 (a form shown again with its refusal, 422; a conflict, 409) is the app's
                // answer, judged by the status rule; any other failed load (a script, a style sheet, an
                // image, or a 400/5xx) stays a problem.
                return [.. problems, .. loadErrors.Where(e => !answeredByTheApp.Contains(e.Url)).Select(e => $"{e.Where}: console error: {e.Text} ({PathOf(e.Url)})")];
            }
        }
    }

    public static bool IsFailure(int status) => status == 400 || status >= 500;

    public static string PathOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.PathAndQuery : url;

    public void Add(string what)
    {
        lock (problems)
        {
            problems.Add($"{Where}: {what}");
        }
    }

    /// <summary>Waits until no request has been in flight for a moment (a navigation or a fetch has ended), 8 s at most.</summary>
    public async Task SettleAsync(IPage page)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(100);
        var quietSince = clock.Elapsed;
        while (clock.Elapsed < TimeSpan.FromSeconds(8))
        {
            bool busy;
            lock (inFlight)
            {
                // A request that never ends (a long poll) does not hold the crawl up for more than 4 s.
                busy = inFlight.Values.Any(started => DateTime.UtcNow - started < TimeSpan.FromSeconds(4));
            }

            if (busy)
            {
                quietSince = clock.Elapsed;
            }
            else if (clock.Elapsed - quietSince > TimeSpan.FromMilliseconds(200))
            {
                break;
            }

            await Task.Delay(40);
        }

        try
        {
            await page.WaitForLoadStateAsync(LoadState.Load, new() { Timeout = 5_000 });
        }
        catch (TimeoutException)
        {
            Add("the page did not finish loading within 5 s");
        }
    }

    [GeneratedRegex(@":\d+:\d+$")]
    private static partial Regex LineAndColumn();

    [GeneratedRegex(@"^Failed to load resource: the server responded with a status of (\d{3})")]
    private static partial Regex LoadFailure();
}
