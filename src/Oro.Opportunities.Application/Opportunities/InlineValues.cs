using System.Globalization;
using Oro.Opportunities.Domain;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>Parses the text of an inline-edited cell, with messages a user understands.</summary>
public static class InlineValues
{
    public static int? ParseProbability(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value.Trim().TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent)
            ? percent
            : throw new DomainRuleException("The probability is a whole percent from 0 to 100.", "Probability");
    }

    public static decimal? ParseAmount(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return decimal.TryParse(value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
            ? amount
            : throw new DomainRuleException("Enter an amount such as 1250.50.", field);
    }

    public static DateOnly? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new DomainRuleException("Enter a date as YYYY-MM-DD.", "CloseDate");
    }

    /// <summary>A record id typed or picked in a cell; empty means none.</summary>
    public static int? ParseId(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new DomainRuleException("That record does not exist.", field);
    }
}
