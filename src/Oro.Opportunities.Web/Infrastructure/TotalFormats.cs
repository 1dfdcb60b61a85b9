using System.Globalization;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// How sums of money read in the board's column headers and move answers. A weighted total
/// (Σ base budget × probability) holds up to six decimals and once showed as "USD 219,943,016.632";
/// a sum is rounded to the currency's minor units (half away from zero) before it is shown, as every
/// amount now is (MoneyFormat). The compact form ("USD 1.80 M") is for the narrow headers, with the
/// exact one beside it (a title).
/// </summary>
public static class TotalFormats
{
    private static readonly (decimal Divisor, string Suffix)[] Units = [(1_000_000_000m, "B"), (1_000_000m, "M"), (1_000m, "K")];

    /// <summary>"USD 219,943,016.63": the sum rounded to the currency's minor units.</summary>
    public static string Exact(decimal amount, string currency, ConfigurationSnapshot configuration) =>
        Formats.Money(RoundToMinorUnits(amount, currency), currency, configuration);

    public static string ExactBase(decimal amount, ConfigurationSnapshot configuration) =>
        Exact(amount, configuration.BaseCurrency, configuration);

    /// <summary>"USD 1.80 M", "USD 12.35 K"; below a thousand the exact sum ("USD 950.00").</summary>
    public static string Compact(decimal amount, string currency, ConfigurationSnapshot configuration)
    {
        var rounded = RoundToMinorUnits(amount, currency);
        for (var i = 0; i < Units.Length; i++)
        {
            var (divisor, suffix) = Units[i];
            if (Math.Abs(rounded) < divisor)
            {
                continue;
            }

            var scaled = decimal.Round(rounded / divisor, 2, MidpointRounding.AwayFromZero);
            if (Math.Abs(scaled) >= 1000m && i > 0)
            {
                // 999,999 K rounds to 1,000.00 K: say 1.00 M.
                (divisor, suffix) = Units[i - 1];
                scaled = decimal.Round(rounded / divisor, 2, MidpointRounding.AwayFromZero);
            }

            var number = scaled.ToString("#,0.00", CultureInfo.InvariantCulture) + " " + suffix;
            var info = Iso4217.Find(currency);
            return configuration.CurrencyDisplay == CurrencyDisplay.Symbol && info is not null ? info.Symbol + number : currency + " " + number;
        }

        return Formats.Money(rounded, currency, configuration);
    }

    public static string CompactBase(decimal amount, ConfigurationSnapshot configuration) =>
        Compact(amount, configuration.BaseCurrency, configuration);

    private static decimal RoundToMinorUnits(decimal amount, string currency) =>
        decimal.Round(amount, Iso4217.Find(currency)?.MinorDigits ?? 2, MidpointRounding.AwayFromZero);
}
