using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Oro.Opportunities.Web.Features.Records;

/// <summary>
/// The links of a filtered grid: sort headers, pager and saved views keep every filter of the current
/// query string, so a URL reproduces exactly what the user saw.
/// </summary>
public sealed class GridLinks(string path, IQueryCollection query, string sort, bool descending)
{
    public string Path => path;

    public string Sort => sort;

    public bool Descending => descending;

    /// <summary>The same query on another address (the grid's export, say).</summary>
    public GridLinks At(string otherPath) => new(otherPath, query, sort, descending);

    /// <summary>The current query with some keys replaced (a null value removes the key).</summary>
    public string With(IReadOnlyDictionary<string, string?> changes)
    {
        var pairs = query.Where(q => !changes.ContainsKey(q.Key))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Concat(changes.Where(c => c.Value is not null))
            .ToList();
        return QueryHelpers.AddQueryString(path, pairs);
    }

    /// <summary>Clicking the sorted column reverses it; another column starts ascending, from page 1.</summary>
    public string SortUrl(string key) => With(new Dictionary<string, string?>
    {
        ["sort"] = key,
        ["dir"] = key == sort && !descending ? "desc" : "asc",
        ["page"] = null,
        ["savedView"] = null,
    });

    public string PageUrl(int page) => With(new Dictionary<string, string?> { ["page"] = page.ToString(CultureInfo.InvariantCulture) });

    public string AriaSort(string key) => key != sort ? "none" : descending ? "descending" : "ascending";

    public string SortIcon(string key) => key != sort ? "bi-arrow-down-up text-muted" : descending ? "bi-sort-down" : "bi-sort-up";

    /// <summary>The current query (filters, sort, size) without the page and the saved view, as a saved view keeps it.</summary>
    public string QueryWithoutPage() =>
        QueryHelpers.AddQueryString(string.Empty, query.Where(q => q.Key is not ("page" or "savedView"))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));

    /// <summary>Hidden inputs that carry the current query into a GET form (except the keys the form sets itself).</summary>
    public IEnumerable<KeyValuePair<string, string>> Hidden(params string[] except) =>
        query.Where(q => !except.Contains(q.Key, StringComparer.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? string.Empty)));
}
