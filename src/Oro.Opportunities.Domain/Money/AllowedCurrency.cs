namespace Oro.Opportunities.Domain.Money;

/// <summary>A currency that amounts may use (spec §7).</summary>
public sealed class AllowedCurrency
{
    public AllowedCurrency(string code, int sortOrder)
    {
        Code = code;
        SortOrder = sortOrder;
    }

    public string Code { get; private set; }

    public int SortOrder { get; set; }
}

/// <summary>
/// A rate of one currency against the base currency from a moment on. Rates are never edited
/// in place: a change adds a row, so the history of rates stays (spec §7 [beyond]).
/// </summary>
public sealed class CurrencyRate
{
    public CurrencyRate(string currencyCode, string baseCurrencyCode, decimal rateToBase, DateTime effectiveFrom, int? createdByUserId)
    {
        if (rateToBase <= 0m)
        {
            throw new DomainRuleException("A rate must be greater than zero.", nameof(RateToBase));
        }

        CurrencyCode = currencyCode;
        BaseCurrencyCode = baseCurrencyCode;
        RateToBase = ExchangeRate.Round(rateToBase);
        RateFromBase = ExchangeRate.Invert(rateToBase);
        EffectiveFrom = effectiveFrom;
        CreatedByUserId = createdByUserId;
    }

    public long Id { get; private set; }

    public string CurrencyCode { get; private set; }

    public string BaseCurrencyCode { get; private set; }

    /// <summary>1 unit of the currency is worth this many base units.</summary>
    public decimal RateToBase { get; private set; }

    /// <summary>1 base unit is worth this many units of the currency.</summary>
    public decimal RateFromBase { get; private set; }

    public DateTime EffectiveFrom { get; private set; }

    public int? CreatedByUserId { get; private set; }
}
