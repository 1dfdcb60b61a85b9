using System.Globalization;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>How amounts, dates and percents read on every page (invariant-culture numbers, ISO dates).</summary>
public static class Formats
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>"USD 1,200.00" or "$1,200.00" by the Currency display setting; at least the currency's minor digits, up to 4.</summary>
    public static string Money(decimal? amount, string? currency, ConfigurationSnapshot configuration)
    {
        if (amount is not decimal value || string.IsNullOrEmpty(currency))
        {
            return string.Empty;
        }

        var info = Iso4217.Find(currency);
        var digits = info?.MinorDigits ?? 2;
        var number = value.ToString(Decimals(value, digits), Culture);
        return configuration.CurrencyDisplay == CurrencyDisplay.Symbol && info is not null
            ? info.Symbol + number
            : currency + " " + number;
    }

    public static string Base(decimal? amount, ConfigurationSnapshot configuration) =>
        Money(amount, configuration.BaseCurrency, configuration);

    public static string Percent(int? value) => value is int p ? p.ToString(Culture) + " %" : string.Empty;

    public static string Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", Culture) ?? string.Empty;

    public static string DateTime(DateTime? value) => value?.ToString("yyyy-MM-dd HH:mm", Culture) ?? string.Empty;

    public static string Number(decimal? value) => value?.ToString("0.####", Culture) ?? string.Empty;

    private static string Decimals(decimal value, int minimum)
    {
        var scale = (decimal.GetBits(value)[3] >> 16) & 0xFF;
        var shown = Math.Clamp(scale, minimum, 4);
        // Trailing zeros beyond the minor digits are dropped ("#"), required ones are kept ("0").
        return "#,0" + (shown == 0 ? string.Empty : "." + new string('0', minimum) + new string('#', shown - minimum));
    }
}
