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
}
