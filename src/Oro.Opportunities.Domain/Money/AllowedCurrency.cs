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

    /// <summary>
    /// A rate entered in the other direction (1 base unit = <paramref name="rateFromBase"/> units).
    /// The entered figure is kept as typed and the rate to base derived from it, so that the value
    /// the user sees after saving is the one they entered.
    /// </summary>
    public static CurrencyRate FromRateFromBase(string currencyCode, string baseCurrencyCode, decimal rateFromBase, DateTime effectiveFrom, int? createdByUserId)
    {
        if (rateFromBase <= 0m)
        {
            throw new DomainRuleException("A rate must be greater than zero.", nameof(RateFromBase));
        }

        var rate = new CurrencyRate(currencyCode, baseCurrencyCode, ExchangeRate.Invert(rateFromBase), effectiveFrom, createdByUserId);
        rate.RateFromBase = ExchangeRate.Round(rateFromBase);
        return rate;
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
