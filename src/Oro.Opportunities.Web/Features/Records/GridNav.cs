using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Oro.Opportunities.Application.Records;

namespace Oro.Opportunities.Web.Features.Records;

/// <summary>
/// The links of a record grid: sort headers, pager and page size all keep the search, so a URL
/// reproduces exactly what the user saw.
/// </summary>
public sealed class GridNav
{
    public required string Path { get; init; }

    public string? Q { get; init; }

    public required string Sort { get; init; }

    public required bool Descending { get; init; }

    public required int Page { get; init; }

    public required int Size { get; init; }

    public required int Total { get; init; }

    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)Size));

    public int FirstRow => Total == 0 ? 0 : ((Page - 1) * Size) + 1;

    public int LastRow => Math.Min(Total, Page * Size);

    public static IReadOnlyList<int> PageSizes => GridSearch.PageSizes;

    public static GridNav For<T>(string path, string? q, GridPage<T> page) => new()
    {
        Path = path,
        Q = string.IsNullOrWhiteSpace(q) ? null : q.Trim(),
        Sort = page.Sort,
        Descending = page.Descending,
        Page = page.Page,
        Size = page.Size,
        Total = page.Total,
    };

    public string Url(string? sort = null, bool? descending = null, int? page = null)
    {
        var query = new Dictionary<string, string?>();
        if (Q is not null)
        {
            query["q"] = Q;
        }

        query["sort"] = sort ?? Sort;
        query["dir"] = descending ?? Descending ? "desc" : "asc";
        query["page"] = (page ?? Page).ToString(CultureInfo.InvariantCulture);
        query["size"] = Size.ToString(CultureInfo.InvariantCulture);
        return QueryHelpers.AddQueryString(Path, query);
    }

    /// <summary>Clicking the sorted column reverses it; another column starts ascending, from page 1.</summary>
    public string SortUrl(string key) => Url(key, key == Sort && !Descending, 1);

    public string AriaSort(string key) => key != Sort ? "none" : Descending ? "descending" : "ascending";

    public string SortIcon(string key) => key != Sort ? "bi-arrow-down-up text-muted" : Descending ? "bi-sort-down" : "bi-sort-up";
}
