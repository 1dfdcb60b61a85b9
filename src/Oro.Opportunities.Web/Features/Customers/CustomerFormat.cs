using System.Globalization;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;

namespace Oro.Opportunities.Web.Features.Customers;

/// <summary>How the customer pages show amounts and dates (times: <see cref="Infrastructure.Formats.Time"/>, in the user's zone; history labels: <see cref="Application.Opportunities.ChangeHistory"/>).</summary>
public static class CustomerFormat
{
    /// <summary>An amount with its currency (none: the base currency), formatted as on every page (<see cref="MoneyFormat"/>).</summary>
    public static string Money(decimal? amount, string? currency, ConfigurationSnapshot snapshot) =>
        MoneyFormat.Format(amount, string.IsNullOrEmpty(currency) ? snapshot.BaseCurrency : currency, snapshot);

    public static string Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Percent(int? value) => value is int p ? p.ToString(CultureInfo.InvariantCulture) + " %" : string.Empty;
}
