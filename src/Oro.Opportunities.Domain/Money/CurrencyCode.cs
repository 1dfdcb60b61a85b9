namespace Oro.Opportunities.Domain.Money;

/// <summary>An ISO 4217 currency code, always three upper-case letters of a known currency.</summary>
public readonly record struct CurrencyCode
{
    public CurrencyCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var normalised = code.Trim().ToUpperInvariant();
        if (!Iso4217.IsKnown(normalised))
        {
            throw new ArgumentException($"'{code}' is not an ISO 4217 currency code.", nameof(code));
        }

        Value = normalised;
    }

    public string Value { get; }

    public static CurrencyCode Usd => new("USD");

    public static bool TryParse(string? code, out CurrencyCode result)
    {
        var normalised = code?.Trim().ToUpperInvariant();
        if (Iso4217.IsKnown(normalised))
        {
            result = new CurrencyCode(normalised!);
            return true;
        }

        result = default;
        return false;
    }

    public override string ToString() => Value ?? string.Empty;
}
