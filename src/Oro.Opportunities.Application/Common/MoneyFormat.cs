using System.Globalization;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Application.Common;

/// <summary>
/// The one way an amount is shown to a person, on every page and in the change history: "USD 1,200.00"
/// or "$1,200.00" by the Currency display setting, with exactly the currency's minor digits
/// (ISO 4217: JPY 0, USD 2, KWD 3), rounded half away from zero. Stored values keep their 4 decimals;
/// forms and files show them whole.
/// </summary>
public static class MoneyFormat
{
    public static string Format(decimal? amount, string? currency, ConfigurationSnapshot configuration)
    {
        if (amount is not decimal value || string.IsNullOrEmpty(currency))
        {
            return string.Empty;
        }

        var info = Iso4217.Find(currency);
        var digits = info?.MinorDigits ?? 2;
        var number = decimal.Round(value, digits, MidpointRounding.AwayFromZero)
            .ToString(digits == 0 ? "#,0" : "#,0." + new string('0', digits), CultureInfo.InvariantCulture);
        return configuration.CurrencyDisplay == CurrencyDisplay.Symbol && info is not null
            ? info.Symbol + number
            : currency + " " + number;
    }
}
