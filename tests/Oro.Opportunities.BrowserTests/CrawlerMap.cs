using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Oro.Opportunities.BrowserTests;

/// <summary>
/// The pages the crawler visits, found as a user finds them: from Home (whose menu lists every section
/// the user may open) through each page's same-origin links, and those of the page a submit leads to,
/// breadth first. One address per route shape
/// (digit and GUID segments read as {id}; the first query string of a shape is the one kept), so a grid's
/// fifty rows are one visit; sign-out, downloads and exports are never followed.
/// </summary>
internal sealed partial class CrawlerMap(string baseUrl)
{
    /// <summary>A safety net: far more shapes than the app has.</summary>
    private const int MaxPages = 150;

    private static readonly string[] NotFollowed = ["/logout", ".csv", "/export", "schema.json", "/download"];

    private readonly Uri origin = new(baseUrl);
    private readonly Queue<string> queue = new(["/"]);
    private readonly HashSet<string> shapes = ["/"];

    /// <summary>Addresses that answered with a file (a download is not a page).</summary>
    private readonly HashSet<string> downloads = [];

    /// <summary>The addresses visited, in order.</summary>
    public List<string> Visited { get; } = [];

    /// <summary>The pages visited, in order (downloads left out).</summary>
    public List<string> Pages => [.. Visited.Where(v => !downloads.Contains(v))];

    public static string ShapeOf(string url)
    {
        var path = Uri.TryCreate(new Uri("http://x"), url, out var uri) ? uri.AbsolutePath : url;
        var segments = path.TrimEnd('/').Split('/').Select(s => IdSegment().IsMatch(s) ? "{id}" : s.ToLowerInvariant());
        var shape = string.Join('/', segments);
        return shape.Length == 0 ? "/" : shape;
    }

    public bool TryNext(out string url)
    {
        if (queue.Count == 0 || Visited.Count >= MaxPages)
        {
            url = string.Empty;
            return false;
        }

        url = queue.Dequeue();
        Visited.Add(url);
        return true;
    }

    /// <summary>Opens an address; null when it is a download (a file, not a page: not crawled).</summary>
    public async Task<IResponse?> OpenAsync(IPage page, string url)
    {
        try
        {
            return await page.GotoAsync(url);
        }
        catch (PlaywrightException ex) when (ex.Message.StartsWith("Download is starting", StringComparison.Ordinal))
        {
            downloads.Add(url);
            return null;
        }
    }

    /// <summary>Queues the page's links not seen before (by shape).</summary>
    public async Task FollowLinksAsync(IPage page)
    {
        var links = JsonSerializer.Deserialize<string[]>(await page.EvaluateAsync<string>(CrawlerScripts.Links)) ?? [];
        foreach (var link in links)
        {
            Offer(link);
        }
    }

    /// <summary>Queues an address (absolute) when it is the app's, a page, and of a shape not seen before.</summary>
    public void Offer(string link)
    {
        if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Authority != origin.Authority)
        {
            return;
        }

        var lower = uri.AbsolutePath.ToLowerInvariant();
        if (NotFollowed.Any(lower.Contains) || lower.StartsWith("/account/", StringComparison.Ordinal))
        {
            return;
        }

        if (shapes.Add(ShapeOf(uri.AbsolutePath)))
        {
            queue.Enqueue(uri.PathAndQuery);
        }
    }

    [GeneratedRegex("^([0-9]+|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$")]
    private static partial Regex IdSegment();
}
