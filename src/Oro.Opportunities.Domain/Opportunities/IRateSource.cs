namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>The current rates against the base currency, as configured (spec §7).</summary>
public interface IRateSource
{
    string BaseCurrency { get; }

    /// <summary>1 unit of <paramref name="currency"/> in base units; null when the currency is not allowed.</summary>
    decimal? RateToBase(string currency);
}
