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

/// <summary>The current rate of one allowed currency against the base currency.</summary>
public sealed record RateInfo(string Code, decimal RateToBase, decimal RateFromBase, DateTime EffectiveFrom);

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
    IReadOnlyDictionary<string, RateInfo> Rates)
{
    public StatusInfo? FindStatus(string code) => Statuses.FirstOrDefault(s => s.Code == code);

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
