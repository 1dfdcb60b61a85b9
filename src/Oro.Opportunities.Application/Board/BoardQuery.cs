using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Application.Board;

/// <summary>Count, Σ budget and Σ weighted budget of one status column, in base currency (spec §4 [beyond]).</summary>
public sealed record ColumnTotals(int StatusId, int Count, decimal BaseBudget, decimal WeightedBaseBudget);

/// <summary>
/// Where a column's next page starts: cards are ordered by creation time then id (newest first),
/// which never change, so a card moving meanwhile is neither loaded twice nor skipped.
/// </summary>
public sealed record BoardCursor(DateTime CreatedAt, int Id)
{
    public override string ToString() =>
        CreatedAt.Ticks.ToString(CultureInfo.InvariantCulture) + "-" + Id.ToString(CultureInfo.InvariantCulture);

    public static BoardCursor? Parse(string? text)
    {
        var parts = text?.Split('-');
        return parts is { Length: 2 }
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
               && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
               && ticks is >= 0 && ticks <= DateTime.MaxValue.Ticks
            ? new BoardCursor(new DateTime(ticks, DateTimeKind.Utc), id)
            : null;
    }
}

/// <summary>What a card adds to its column's totals; null when the card is outside the board's filter.</summary>
public sealed record CardTotalsPart(int StatusId, int? Probability, decimal? BaseBudget);

/// <summary>
/// One status of the board. <see cref="Shown"/> is false for a status the view or the status filter
/// leaves out: it has no cards under this filter and shows no column, but stays a Move-to target (a
/// card moved there leaves the board).
/// </summary>
public sealed record BoardColumn(StatusInfo Status, ColumnTotals Totals, IReadOnlyList<OpportunityListItem> Cards, string? NextCursor, bool Shown = true);

public sealed record BoardPage(IReadOnlyList<BoardColumn> Columns)
{
    public IEnumerable<BoardColumn> ShownColumns => Columns.Where(c => c.Shown);
}

/// <summary>The moment a card is shown at: "today" as the Overdue view counts it, and now (UTC) for the days in a status.</summary>
public sealed record BoardMoment(DateOnly Today, DateTime Now)
{
    /// <summary>As the Overdue view decides it: an open deal whose expected close date has passed.</summary>
    public bool IsOverdue(OpportunityListItem item, StatusInfo? status) => status is { IsClosed: false } && item.CloseDate < Today;

    /// <summary>Whole days since the card entered its status (0 on the first day).</summary>
    public int DaysInStatus(OpportunityListItem item) => Math.Max(0, (int)Math.Floor((Now - item.StageEnteredAt).TotalDays));
}

/// <summary>
/// The Kanban board: the grid's filters and access rules, one column per status, totals for every
/// column from one grouped query over the whole filtered set, and cards paged per column.
/// </summary>
public sealed class BoardQuery(AppDbContext db, AccessControl accessControl, ISystemConfiguration configuration, OpportunityGridQuery grid, LiveBoardTotals live, BoardMoveLog log, TimeProvider clock)
{
    public const int PageSize = 20;

    /// <summary>Now, for the cards: the Overdue view's "today" and the current time.</summary>
    public BoardMoment Moment => new(grid.Today, clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The statuses the board shows as columns for this search: the view limits them (Open and
    /// Overdue: the open statuses; Recently Closed: Won; All: every status) and so does the status
    /// filter. No deal of another status can match the search, so those columns would stay empty.
    /// </summary>
    public static bool ShowsStatus(StatusInfo status, OpportunitySearch search)
    {
        var inView = search.EffectiveView switch
        {
            "open" or "overdue" => !status.IsClosed,
            "recent" => status.Code == OpportunityStatus.WonCode,
            _ => true,
        };
        var codes = search.Status.Where(s => !string.IsNullOrWhiteSpace(s)).ToList();
        return inView && (codes.Count == 0 || codes.Contains(status.Code));
    }

    public async Task<BoardPage> RunAsync(OpportunitySearch search, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var filtered = await FilteredAsync(search, cancellationToken);
        var totals = await AllTotalsAsync(search, filtered, null, cancellationToken);
        var shown = snapshot.Statuses.Where(s => ShowsStatus(s, search)).Select(s => s.Id).ToList();
        var firstPages = await FirstPagesAsync(filtered, shown, cancellationToken);
        var columns = new List<BoardColumn>();
        foreach (var status in snapshot.Statuses)
        {
            var columnTotals = totals.GetValueOrDefault(status.Id) ?? new ColumnTotals(status.Id, 0, 0m, 0m);
            if (!shown.Contains(status.Id))
            {
                columns.Add(new BoardColumn(status, columnTotals, [], null, Shown: false));
                continue;
            }

            var (cards, next) = Page(firstPages[status.Id]);
            columns.Add(new BoardColumn(status, columnTotals, cards, next));
        }

        return new BoardPage(columns);
    }

    /// <summary>
    /// The first page of every shown column in one query: each column's ids (newest first, one more
    /// than a page, to tell whether more follow) joined by UNION ALL, then the cards of those ids.
    /// One round trip instead of one per column.
    /// </summary>
    private async Task<Dictionary<int, List<OpportunityListItem>>> FirstPagesAsync(IQueryable<Opportunity> filtered, IReadOnlyList<int> statusIds, CancellationToken cancellationToken)
    {
        var pages = statusIds.ToDictionary(id => id, _ => new List<OpportunityListItem>());
        IQueryable<int>? ids = null;
        foreach (var statusId in statusIds)
        {
            var column = filtered.Where(o => o.StatusId == statusId)
                .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
                .Select(o => o.Id).Take(PageSize + 1);
            ids = ids is null ? column : ids.Concat(column);
        }

        if (ids is null)
        {
            return pages;
        }

        // Project orders by creation then id, newest first: each column's cards keep their order.
        foreach (var card in await grid.Project(db.Opportunities.AsNoTracking().Where(o => ids.Contains(o.Id)), "created", descending: true).ToListAsync(cancellationToken))
        {
            pages[card.StatusId].Add(card);
        }

        return pages;
    }

    /// <summary>One page of a column from up to one card more than a page: the cards and, when more follow, where the next page starts.</summary>
    private static (IReadOnlyList<OpportunityListItem>, string?) Page(List<OpportunityListItem> cards)
    {
        if (cards.Count <= PageSize)
        {
            return (cards, null);
        }

        cards.RemoveAt(PageSize);
        var last = cards[^1];
        return (cards, new BoardCursor(last.CreatedAt, last.Id).ToString());
    }

    /// <summary>The next cards of one column after <paramref name="cursor"/>.</summary>
    public async Task<(IReadOnlyList<OpportunityListItem> Cards, string? NextCursor)> ColumnAsync(OpportunitySearch search, int statusId, string? cursor, CancellationToken cancellationToken = default)
    {
        var filtered = await FilteredAsync(search, cancellationToken);
        return await CardsAsync(filtered, statusId, BoardCursor.Parse(cursor), cancellationToken);
    }

    /// <summary>Totals per status over the filtered set; only the given statuses when named (after a move).</summary>
    public async Task<IReadOnlyDictionary<int, ColumnTotals>> TotalsAsync(OpportunitySearch search, IReadOnlyCollection<int>? statusIds, CancellationToken cancellationToken = default) =>
        await TotalsAsync(await FilteredAsync(search, cancellationToken), statusIds, cancellationToken);

    /// <summary>The card's contribution to the board's totals under this filter (null when filtered out or hidden).</summary>
    public async Task<CardTotalsPart?> CardPartAsync(OpportunitySearch search, int id, CancellationToken cancellationToken = default) =>
        await (await FilteredAsync(search, cancellationToken))
            .Where(o => o.Id == id)
            .Select(o => new CardTotalsPart(o.StatusId, o.Probability, o.BaseBudgetAmount))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Column totals after a move that produced <paramref name="revisionAfter"/> (or now, when null), for the given statuses.</summary>
    public async Task<IReadOnlyDictionary<int, ColumnTotals>> TotalsAfterMoveAsync(
        OpportunitySearch search, long? revisionAfter, IReadOnlyCollection<int> statusIds, CancellationToken cancellationToken = default)
    {
        var all = await AllTotalsAsync(search, await FilteredAsync(search, cancellationToken), revisionAfter, cancellationToken);
        return statusIds.ToDictionary(id => id, id => all.GetValueOrDefault(id) ?? new ColumnTotals(id, 0, 0m, 0m)).AsReadOnly();
    }

    /// <summary>
    /// Every column's totals at <paramref name="revision"/> or later: from the live totals when they
    /// reach it, otherwise counted in one snapshot with the revision it shows, which becomes their new base.
    /// </summary>
    private async Task<IReadOnlyDictionary<int, ColumnTotals>> AllTotalsAsync(OpportunitySearch search, IQueryable<Opportunity> filtered, long? revision, CancellationToken cancellationToken)
    {
        var key = await KeyAsync(search, cancellationToken);
        var atLeast = revision ?? await DataRevisions.CurrentAsync(db, Domain.Configuration.DataRevision.Opportunities, cancellationToken);
        if (await live.TryGetAsync(key, atLeast, cancellationToken) is { } current)
        {
            return current;
        }

        // Moves made on other instances since: from the log, when nothing else was written meanwhile.
        if (await log.CatchUpAsync(key, atLeast, cancellationToken) && await live.TryGetAsync(key, atLeast, cancellationToken) is { } caughtUp)
        {
            return caughtUp;
        }

        var (counted, totals) = await DataRevisions.SnapshotAsync(db, Domain.Configuration.DataRevision.Opportunities, () => TotalsAsync(filtered, null, cancellationToken), cancellationToken);
        live.Reset(key, counted, totals);
        return totals;
    }

    /// <summary>Which board this is: who is asking (their access scope), with which filter, on which day.</summary>
    internal async Task<string> KeyAsync(OpportunitySearch search, CancellationToken cancellationToken) =>
        TotalsCache.Key("board", await accessControl.GetAsync(cancellationToken), search, grid.Today);

    private async Task<IQueryable<Opportunity>> FilteredAsync(OpportunitySearch search, CancellationToken cancellationToken)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        return grid.Filter(db.Opportunities.AsNoTracking().Permitted(db, access), search);
    }

    private static async Task<IReadOnlyDictionary<int, ColumnTotals>> TotalsAsync(IQueryable<Opportunity> filtered, IReadOnlyCollection<int>? statusIds, CancellationToken cancellationToken)
    {
        if (statusIds is not null)
        {
            filtered = filtered.Where(o => statusIds.Contains(o.StatusId));
        }

        // Grouping by probability too keeps the weighted sum exact in decimal on every provider.
        var groups = await filtered
            .GroupBy(o => new { o.StatusId, o.Probability })
            .Select(g => new { g.Key.StatusId, g.Key.Probability, Count = g.Count(), Sum = g.Sum(o => o.BaseBudgetAmount) })
            .ToListAsync(cancellationToken);
        var totals = groups
            .GroupBy(g => g.StatusId)
            .ToDictionary(
                g => g.Key,
                g => new ColumnTotals(
                    g.Key,
                    g.Sum(x => x.Count),
                    g.Sum(x => x.Sum ?? 0m),
                    // Not rounded: a later move adds or removes one card's exact share (TotalsAfterMoveAsync).
                    g.Sum(x => (x.Sum ?? 0m) * (x.Probability ?? 0) / 100m)));
        foreach (var id in statusIds ?? [])
        {
            totals.TryAdd(id, new ColumnTotals(id, 0, 0m, 0m));
        }

        return totals.AsReadOnly();
    }

    private async Task<(IReadOnlyList<OpportunityListItem>, string?)> CardsAsync(IQueryable<Opportunity> filtered, int statusId, BoardCursor? cursor, CancellationToken cancellationToken)
    {
        var column = filtered.Where(o => o.StatusId == statusId);
        if (cursor is not null)
        {
            column = column.Where(o => o.CreatedAt < cursor.CreatedAt || (o.CreatedAt == cursor.CreatedAt && o.Id < cursor.Id));
        }

        return Page(await grid.Project(column, "created", descending: true).Take(PageSize + 1).ToListAsync(cancellationToken));
    }
}
