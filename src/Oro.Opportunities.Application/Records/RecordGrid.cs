using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Records;

/// <summary>Paging and sorting state every record grid shares, bound from the query string.</summary>
public abstract class GridSearch
{
    public const int DefaultPageSize = 25;
    public static readonly int[] PageSizes = [10, 25, 50, 100];

    /// <summary>Free text; what it matches is the grid's choice (name, e-mail, company…).</summary>
    public string? Q { get; set; }

    public string? Sort { get; set; }

    /// <summary>asc or desc.</summary>
    public string? Dir { get; set; }

    public int Page { get; set; } = 1;

    public int Size { get; set; } = DefaultPageSize;

    public int EffectiveSize => PageSizes.Contains(Size) ? Size : DefaultPageSize;

    public int EffectivePage => Math.Max(1, Page);

    /// <summary>The search text in lower case, for a case-insensitive match on every provider.</summary>
    public string? Term => string.IsNullOrWhiteSpace(Q) ? null : Q.Trim().ToLowerInvariant();

    /// <summary>Clamps a requested page to the pages that exist (an old link to page 9 of 3 shows page 3).</summary>
    public static int ClampPage(int requested, int total, int size) =>
        Math.Min(requested, Math.Max(1, (int)Math.Ceiling(total / (double)size)));

    public (string Sort, bool Descending) EffectiveSort(IReadOnlyCollection<string> keys, string defaultSort, bool defaultDescending) =>
        Sort is { } sort && keys.Contains(sort)
            ? (sort, Dir == "desc")
            : (defaultSort, defaultDescending);
}

/// <summary>One page of a record grid.</summary>
public sealed record GridPage<T>(IReadOnlyList<T> Items, int Total, int Page, int Size, string Sort, bool Descending)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)Size));
}

/// <summary>
/// A grid row's owner columns, joined from the users table; every owned-record grid selects its rows
/// into a subclass, so owner name and per-row rights are computed in one place.
/// </summary>
public abstract class OwnedRow
{
    public int Id { get; init; }

    public int OwnerId { get; init; }

    public string OwnerFirst { get; init; } = string.Empty;

    public string OwnerLast { get; init; } = string.Empty;

    public string? OwnerUserName { get; init; }

    public int? OwnerTeamId { get; init; }

    public DateTime CreatedAt { get; init; }

    public string OwnerName => RecordOwners.DisplayName(OwnerFirst, OwnerLast, OwnerUserName);
}

/// <summary>
/// The sort keys of a grid, each an ordering of its rows; every sort ends with the id so that paging
/// is stable when values tie.
/// </summary>
public sealed class SortMap<TRow>
    where TRow : OwnedRow
{
    private readonly Dictionary<string, Func<IQueryable<TRow>, bool, IOrderedQueryable<TRow>>> sorts = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Keys => sorts.Keys;

    /// <summary>Sorts by one or more values (ties on the first are ordered by the next).</summary>
    public SortMap<TRow> Add<TKey>(string key, Expression<Func<TRow, TKey>> first, params Expression<Func<TRow, TKey>>[] then)
    {
        sorts[key] = (rows, descending) =>
        {
            var ordered = descending ? rows.OrderByDescending(first) : rows.OrderBy(first);
            foreach (var next in then)
            {
                ordered = descending ? ordered.ThenByDescending(next) : ordered.ThenBy(next);
            }

            return descending ? ordered.ThenByDescending(r => r.Id) : ordered.ThenBy(r => r.Id);
        };
        return this;
    }

    /// <summary>The owner column: last name, then first name.</summary>
    public SortMap<TRow> AddOwner(string key = "owner") => Add(key, r => r.OwnerLast, r => r.OwnerFirst);

    public IOrderedQueryable<TRow> Apply(IQueryable<TRow> rows, string key, bool descending) => sorts[key](rows, descending);
}

/// <summary>The paging every record grid does: count, clamp the page, sort, take one page.</summary>
public static class RecordGrid
{
    /// <summary>Refuses a user with no View level at all: the grid does not exist for them, as the menu shows none.</summary>
    public static void EnsureListable(UserAccess access, SecuredEntity entity)
    {
        if (access.Level(entity, PermissionAction.View) == AccessLevel.None)
        {
            throw new NotFoundException();
        }
    }

    /// <param name="keys">
    /// Optional: the same filtered records projected from their own table alone (no joins). A sort whose
    /// key is one of the record's own columns (<paramref name="keySorts"/>) then pages the ids on it —
    /// OFFSET walks an index instead of joined rows — and only the page's rows are read joined.
    /// </param>
    public static async Task<GridPage<TRow>> PageAsync<TRow>(
        IQueryable<TRow> rows, int total, GridSearch search, SortMap<TRow> sorts, string defaultSort, bool defaultDescending, CancellationToken cancellationToken,
        IQueryable<TRow>? keys = null, IReadOnlySet<string>? keySorts = null)
        where TRow : OwnedRow
    {
        var (sort, descending) = search.EffectiveSort(sorts.Keys, defaultSort, defaultDescending);
        var size = search.EffectiveSize;
        var page = GridSearch.ClampPage(search.EffectivePage, total, size);
        var skip = (page - 1) * size;

        // A page in the second half is read from the end in the reverse order (every sort ends with the
        // id, so the reverse is exact), so OFFSET walks at most half the rows.
        var fromEnd = skip > total / 2;
        var after = total - skip - size;
        var (offset, take) = fromEnd ? (Math.Max(0, after), Math.Max(0, after < 0 ? size + after : size)) : (skip, size);
        var byKeys = keys is not null && keySorts is not null && keySorts.Contains(sort);
        List<TRow> items;
        if (byKeys)
        {
            var ids = await sorts.Apply(keys!, sort, descending ^ fromEnd).Skip(offset).Take(take).Select(r => r.Id).ToListAsync(cancellationToken);
            var position = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
            items = (await rows.Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken)).OrderBy(r => position[r.Id]).ToList();
        }
        else
        {
            items = await sorts.Apply(rows, sort, descending ^ fromEnd).Skip(offset).Take(take).ToListAsync(cancellationToken);
        }

        if (fromEnd)
        {
            items.Reverse();
        }

        return new GridPage<TRow>(items, total, page, size, sort, descending);
    }

    /// <summary>Maps a page of rows to the grid's items, keeping paging and sort.</summary>
    public static GridPage<TItem> Map<TRow, TItem>(this GridPage<TRow> page, Func<TRow, TItem> map) =>
        new(page.Items.Select(map).ToList(), page.Total, page.Page, page.Size, page.Sort, page.Descending);
}
