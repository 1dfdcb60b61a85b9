using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Application.Configuration;

/// <summary>How amounts show their currency: "USD 1,200.00" or "$1,200.00".</summary>
public enum CurrencyDisplay
{
    Code = 0,
    Symbol = 1,
}

/// <summary>A status as the rest of the app reads it (immutable, cached).</summary>
public sealed record StatusInfo(int Id, string Code, string Label, int DefaultProbability, StatusKind Kind, int SortOrder, bool IsSystem)
{
    public bool IsClosed => Kind != StatusKind.Open;
}

/// <summary>A close reason as configured: its code (stored on deals, used in files) and the label people read.</summary>
public sealed record CloseReasonInfo(string Code, string Label)
{
    public static readonly IReadOnlyList<CloseReasonInfo> Defaults =
        [.. CloseReason.Defaults().Select(r => new CloseReasonInfo(r.Code, r.Label))];

    public bool IsLost => CloseReason.IsLostReason(Code);
}

/// <summary>The current rate of one allowed currency against the base currency.</summary>
public sealed record RateInfo(string Code, decimal RateToBase, decimal RateFromBase, DateTime EffectiveFrom);

/// <summary>One row of a currency's rate history against the current base currency.</summary>
public sealed record RatePoint(long Id, DateTime EffectiveFrom, decimal RateToBase);

/// <summary>
/// The rate history of one currency against the base currency, ordered by effective date and then
/// by id (spec §7). The rate in effect at a moment is the row with the greatest EffectiveFrom at or
/// before it (ties: the greatest id, the later entry); before the first row, the earliest row
/// (again the greatest id among the rows of that earliest date).
/// </summary>
public sealed class RateHistory
{
    private readonly RatePoint[] points;

    public RateHistory(IEnumerable<RatePoint> rows)
    {
        points = rows.OrderBy(p => p.EffectiveFrom).ThenBy(p => p.Id).ToArray();
        if (points.Length == 0)
        {
            throw new ArgumentException("A rate history has at least one rate.", nameof(rows));
        }
    }

    public IReadOnlyList<RatePoint> Points => points;

    /// <summary>The rate in effect now: the latest row (rates are never entered with a future date).</summary>
    public RatePoint Current => points[^1];

    /// <summary>The row in effect at <paramref name="moment"/>, or the current one when it is null.</summary>
    public RatePoint At(DateTime? moment)
    {
        if (moment is not DateTime at)
        {
            return Current;
        }

        // The last row with EffectiveFrom <= at; rows of one date are in id order, so the last wins ties.
        int low = 0, high = points.Length - 1, found = -1;
        while (low <= high)
        {
            var middle = (low + high) / 2;
            if (points[middle].EffectiveFrom <= at)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (found >= 0)
        {
            return points[found];
        }

        // Before the first row: the earliest date's row, the last entered of that date.
        var first = 0;
        while (first + 1 < points.Length && points[first + 1].EffectiveFrom == points[0].EffectiveFrom)
        {
            first++;
        }

        return points[first];
    }
}

/// <summary>
/// Everything in System Configuration, read at once and cached as one immutable value
/// (see <see cref="ISystemConfiguration"/>).
/// </summary>
public sealed record ConfigurationSnapshot(
    long Revision,
    bool OpportunityEnabled,
    bool LeadEnabled,
    bool DisplayRelevantOpportunities,
    string BaseCurrency,
    CurrencyDisplay CurrencyDisplay,
    IReadOnlyList<string> AllowedCurrencies,
    IReadOnlyList<StatusInfo> Statuses,
    IReadOnlyDictionary<string, RateInfo> Rates,
    IReadOnlyDictionary<string, RateHistory> RateHistories)
{
    /// <summary>The system's time zone (IANA name; System → Configuration → Localization); users without their own use it.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>The close reasons with their labels (spec §1), in the order they are offered.</summary>
    public IReadOnlyList<CloseReasonInfo> CloseReasons { get; init; } = CloseReasonInfo.Defaults;

    public StatusInfo? FindStatus(string code) => Statuses.FirstOrDefault(s => s.Code == code);

    /// <summary>The label of a close reason code (the code itself when it is not configured; empty for none).</summary>
    public string CloseReasonLabel(string? code) =>
        code is null ? string.Empty : CloseReasons.FirstOrDefault(r => r.Code == code)?.Label ?? code;

    /// <summary>The lead source list (System Configuration → Lead), in the order the pickers show it.</summary>
    public IReadOnlyList<Domain.Leads.LeadSource> LeadSources { get; init; } = Domain.Leads.LeadSource.Defaults;

    /// <summary>The label of a lead source code; a code no longer in the list shows as it is.</summary>
    public string? LeadSourceLabel(string? code) =>
        code is null ? null : LeadSources.FirstOrDefault(s => s.Code == code)?.Label ?? code;

    public bool IsFeatureEnabled(Feature feature) => feature switch
    {
        Feature.Opportunities => OpportunityEnabled,
        Feature.Leads => LeadEnabled,
        _ => true,
    };
}

/// <summary>Modules that System Configuration can switch off (spec §8).</summary>
public enum Feature
{
    Opportunities,
    Leads,
}
