namespace Oro.Opportunities.Domain.Money;

/// <summary>
/// The rate between one currency and the base currency at a point in time:
/// 1 <see cref="Currency"/> = <see cref="RateToBase"/> base units.
/// </summary>
public sealed record ExchangeRate(CurrencyCode Currency, CurrencyCode Base, decimal RateToBase)
{
    /// <summary>Rates keep ten decimals (spec §7: "up to 10 digits").</summary>
    public const int Scale = 10;

    public decimal RateFromBase => RateToBase == 0m ? 0m : Round(1m / RateToBase);

    public static decimal Round(decimal rate) => decimal.Round(rate, Scale, MidpointRounding.ToEven);

    /// <summary>The inverse of a rate, as shown when a user enters the other direction.</summary>
    public static decimal Invert(decimal rate)
    {
        if (rate <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), "A rate must be greater than zero.");
        }

        return Round(1m / rate);
    }

    /// <summary>
    /// Re-expresses a rate against a new base currency. With rates to the old base,
    /// rate(X→new) = rate(X→old) / rate(new→old): both sides are worth the same in the old base.
    /// </summary>
    public static decimal Rebase(decimal rateToOldBase, decimal newBaseRateToOldBase)
    {
        if (rateToOldBase <= 0m || newBaseRateToOldBase <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(rateToOldBase), "A rate must be greater than zero.");
        }

        return Round(rateToOldBase / newBaseRateToOldBase);
    }

    public Money ToBase(Money amount)
    {
        if (amount.Currency != Currency)
        {
            throw new InvalidOperationException(
                $"This rate converts {Currency.Value}, not {amount.Currency.Value}.");
        }

        return new Money(amount.Amount * RateToBase, Base);
    }
}
