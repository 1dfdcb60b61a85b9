namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>
/// The configured rates against the base currency with their history (spec §7). Which rate applies
/// to a deal: an open deal's amounts use the rate in effect now, a closed deal's the rate in effect
/// at its ClosedAt.
/// </summary>
public interface IRateSource
{
    string BaseCurrency { get; }

    /// <summary>
    /// 1 unit of <paramref name="currency"/> in base units, in effect at <paramref name="closedAt"/>
    /// (a closed deal), or now when it is null (an open deal); null when the currency is not allowed.
    /// </summary>
    decimal? RateToBase(string currency, DateTime? closedAt);
}
