using System.Globalization;

namespace Oro.Opportunities.Domain.Money;

/// <summary>
/// An amount in one currency. Arithmetic is only defined between amounts of the same currency;
/// anything else goes through <see cref="ExchangeRate"/> so that no code can add dollars to euros.
/// </summary>
public readonly record struct Money
{
    /// <summary>Amounts keep at most four decimals (spec §1), the precision the database stores.</summary>
    public const int Scale = 4;

    /// <summary>
    /// The largest amount a record holds: every database stores it (SQLite's scaled integer holds
    /// long.MaxValue / 10⁴). The aggregates refuse more, on every path, with the field's message.
    /// </summary>
    public const decimal MaxAmount = 922_337_203_685_477m;

    public Money(decimal amount, CurrencyCode currency)
    {
        if (currency.Value is null)
        {
            throw new ArgumentException("A money amount needs a currency.", nameof(currency));
        }

        Amount = decimal.Round(amount, Scale, MidpointRounding.ToEven);
        Currency = currency;
    }

    public decimal Amount { get; }

    public CurrencyCode Currency { get; }

    public static Money Zero(CurrencyCode currency) => new(0m, currency);

    public static Money operator +(Money left, Money right) => left.Add(right);

    public static Money operator -(Money left, Money right) => left.Subtract(right);

    public Money Add(Money other)
    {
        EnsureSameCurrency(other);
        return new Money(Amount + other.Amount, Currency);
    }

    public Money Subtract(Money other)
    {
        EnsureSameCurrency(other);
        return new Money(Amount - other.Amount, Currency);
    }

    public Money Multiply(decimal factor) => new(Amount * factor, Currency);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Amount:0.00##} {Currency.Value}");

    private void EnsureSameCurrency(Money other)
    {
        if (other.Currency != Currency)
        {
            throw new InvalidOperationException(
                $"Cannot combine {Currency.Value} and {other.Currency.Value} amounts without converting one of them.");
        }
    }
}
