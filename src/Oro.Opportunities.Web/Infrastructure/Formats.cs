using System.Globalization;
using Microsoft.AspNetCore.Html;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>How amounts, dates, times and percents read on every page (invariant-culture numbers, ISO dates, times in the user's zone).</summary>
public static class Formats
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>The one way an amount is shown (see <see cref="MoneyFormat"/>): "USD 1,200.00", "JPY 5,000", "$1,200.00".</summary>
    public static string Money(decimal? amount, string? currency, ConfigurationSnapshot configuration) =>
        MoneyFormat.Format(amount, currency, configuration);

    public static string Base(decimal? amount, ConfigurationSnapshot configuration) =>
        Money(amount, configuration.BaseCurrency, configuration);

    public static string Percent(int? value) => value is int p ? p.ToString(Culture) + " %" : string.Empty;

    public static string Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", Culture) ?? string.Empty;

    /// <summary>A stored instant (UTC) as the user reads it: in their time zone, "2026-03-01 14:05".</summary>
    public static string DateTime(DateTime? utc, TimeZoneInfo zone) =>
        utc is DateTime value ? TimeZones.ToLocal(value, zone).ToString("yyyy-MM-dd HH:mm", Culture) : string.Empty;

    /// <summary>
    /// A stored instant as a &lt;time&gt; element: the text in the user's zone, the machine-readable
    /// instant in UTC, and the zone's name on hover.
    /// </summary>
    public static IHtmlContent Time(DateTime? utc, TimeZoneInfo zone)
    {
        if (utc is not DateTime value)
        {
            return HtmlString.Empty;
        }

        var builder = new HtmlContentBuilder();
        builder.AppendHtml("<time datetime=\"");
        builder.Append(System.DateTime.SpecifyKind(value, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Culture));
        builder.AppendHtml("\" title=\"");
        builder.Append("Time zone: " + (TimeZones.IanaId(zone) ?? zone.Id));
        builder.AppendHtml("\">");
        builder.Append(DateTime(value, zone));
        builder.AppendHtml("</time>");
        return builder;
    }

    /// <summary>The zone's name as a user reads it ("Europe/Berlin").</summary>
    public static string ZoneName(TimeZoneInfo zone) => TimeZones.IanaId(zone) ?? zone.Id;

    public static string Number(decimal? value) => value?.ToString("0.####", Culture) ?? string.Empty;

}

/// <summary>What the time-zone picker needs: the field's id and name, the stored value (empty = the system's), and its help text's id.</summary>
public sealed record TimeZoneSelectModel(string Id, string Name, string? Value, string? DescribedBy);
