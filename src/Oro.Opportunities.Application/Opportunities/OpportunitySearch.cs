namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// The grid's state: view, filters, sort and page (spec §4). Bound from the query string, so a
/// URL reproduces exactly what the user saw, and kept in saved views.
/// </summary>
public sealed record OpportunitySearch
{
    public const int DefaultPageSize = 25;
    public static readonly int[] PageSizes = [10, 25, 50, 100];

    /// <summary>open (default), overdue, recent, all.</summary>
    public string? View { get; set; }

    public string? Name { get; set; }

    /// <summary>contains (default), starts, equals.</summary>
    public string? NameOp { get; set; }

    public DateOnly? CreatedFrom { get; set; }

    public DateOnly? CreatedTo { get; set; }

    public DateOnly? UpdatedFrom { get; set; }

    public DateOnly? UpdatedTo { get; set; }

    public DateOnly? CloseFrom { get; set; }

    public DateOnly? CloseTo { get; set; }

    public string? Contact { get; set; }

    public string? Email { get; set; }

    public string? Account { get; set; }

    public int? AccountId { get; set; }

    public decimal? BudgetMin { get; set; }

    public decimal? BudgetMax { get; set; }

    public string? BudgetCurrency { get; set; }

    public decimal? RevenueMin { get; set; }

    public decimal? RevenueMax { get; set; }

    public string? RevenueCurrency { get; set; }

    public int? ProbabilityMin { get; set; }

    public int? ProbabilityMax { get; set; }

    public List<string> Status { get; set; } = [];

    public string? CloseReason { get; set; }

    public List<int> Owner { get; set; } = [];

    public int? Team { get; set; }

    public string? Sort { get; set; }

    /// <summary>asc or desc.</summary>
    public string? Dir { get; set; }

    public int Page { get; set; } = 1;

    /// <summary>
    /// Keyset paging (ADR-0017): the grid's Next link carries the last row's position (<see cref="GridCursor"/>),
    /// so the next page is read from there in the index instead of skipping every earlier row. Only for the
    /// sorts an index serves (created, id); anything unreadable is ignored and the page is found by number.
    /// </summary>
    public string? After { get; set; }

    /// <summary>The first row's position, carried by the Previous link.</summary>
    public string? Before { get; set; }

    public int Size { get; set; } = DefaultPageSize;

    public string EffectiveView => View is "overdue" or "recent" or "all" ? View : "open";

    public int EffectiveSize => PageSizes.Contains(Size) ? Size : DefaultPageSize;

    public int EffectivePage => Math.Max(1, Page);
}

/// <summary>One row of the grid.</summary>
public sealed record OpportunityListItem(
    int Id,
    string Name,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int? ContactId,
    string? ContactName,
    string? ContactEmail,
    DateOnly? CloseDate,
    decimal? BudgetAmount,
    string? BudgetCurrency,
    decimal? BaseBudgetAmount,
    int? Probability,
    int StatusId,
    string StatusCode,
    string StatusLabel,
    int OwnerId,
    string OwnerName,
    int AccountId,
    string AccountName,
    decimal? CloseRevenueAmount,
    string? CloseRevenueCurrency,
    string? CloseReasonCode,
    long Version,
    DateTime StageEnteredAt);

/// <summary>Totals over the whole filtered set, in base currency only (spec §4, §7).</summary>
public sealed record OpportunityTotals(int Count, decimal BaseBudget, decimal WeightedBaseBudget);

public sealed record OpportunityGridPage(
    IReadOnlyList<OpportunityListItem> Items,
    OpportunityTotals Totals,
    int Page,
    int Size,
    string Sort,
    bool Descending)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Totals.Count / (double)Size));

    /// <summary>The number of the page's first row (1-based; 0 when there are none).</summary>
    public int FirstRow => Totals.Count == 0 ? 0 : ((Page - 1) * Size) + 1;

    public int LastRow => Math.Min(Totals.Count, Page * Size);

    /// <summary>The last row's position for the Next link, when the sort pages by keyset; otherwise null.</summary>
    public string? NextCursor => GridCursor.Supports(Sort) && Items.Count > 0 ? GridCursor.Of(Items[^1]) : null;

    /// <summary>The first row's position for the Previous link.</summary>
    public string? PreviousCursor => GridCursor.Supports(Sort) && Items.Count > 0 ? GridCursor.Of(Items[0]) : null;
}

/// <summary>A row's position in the created or id order, as a URL value: "{CreatedAt ticks}.{id}".</summary>
public static class GridCursor
{
    public static bool Supports(string sort) => sort is "created" or "id";

    public static string Of(OpportunityListItem item) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{item.CreatedAt.Ticks}.{item.Id}");

    public static bool TryParse(string? text, out DateTime createdAt, out int id)
    {
        createdAt = default;
        id = 0;
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (text is null || text.Length > 40 || dot <= 0
            || !long.TryParse(text.AsSpan(0, dot), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
            || !int.TryParse(text.AsSpan(dot + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out id)
            || ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        createdAt = new DateTime(ticks, DateTimeKind.Utc);
        return true;
    }
}
