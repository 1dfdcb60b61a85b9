using System.Globalization;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Web.Features.Customers;

/// <summary>How the customer pages show amounts, dates and audited field names.</summary>
public static class CustomerFormat
{
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["Name"] = "Name",
        ["NamePrefix"] = "Name prefix",
        ["FirstName"] = "First name",
        ["MiddleName"] = "Middle name",
        ["NameSuffix"] = "Name suffix",
        ["Emails"] = "Emails",
        ["Phones"] = "Phones",
        ["Addresses"] = "Addresses",
        ["LastName"] = "Last name",
        ["JobTitle"] = "Job title",
        ["Email"] = "Email",
        ["SecondaryEmail"] = "Secondary email",
        ["Phone"] = "Phone",
        ["SecondaryPhone"] = "Secondary phone",
    };

    /// <summary>An amount with its currency, as System Configuration says (code or symbol).</summary>
    public static string Money(decimal? amount, string? currency, ConfigurationSnapshot snapshot)
    {
        if (amount is not decimal value)
        {
            return string.Empty;
        }

        var number = value.ToString("#,##0.00##", CultureInfo.InvariantCulture);
        var code = string.IsNullOrEmpty(currency) ? snapshot.BaseCurrency : currency;
        return snapshot.CurrencyDisplay == CurrencyDisplay.Symbol && Iso4217.Find(code) is { } info
            ? info.Symbol + number
            : code + " " + number;
    }

    public static string DateTime(DateTime value) => value.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public static string Iso(DateTime value) => value.ToString("O", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Percent(int? value) => value is int p ? p.ToString(CultureInfo.InvariantCulture) + " %" : string.Empty;

    /// <summary>The audit trail stores property names; the page shows the form's labels.</summary>
    public static string FieldLabel(string field) => FieldLabels.GetValueOrDefault(field, field);
}
