using System.Globalization;
using System.Text.RegularExpressions;
using Oro.Opportunities.Domain.Statuses;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Application.Workflows;

/// <summary>The values a workflow field takes in a definition (allowed values, effects, prefills): their form per kind.</summary>
public static partial class WorkflowValues
{
    /// <summary>Null when <paramref name="value"/> fits the field's kind, else what is wrong with it.</summary>
    public static string? Describe(WorkflowField field, string value) => field.Kind switch
    {
        WorkflowFieldKind.Status => Code().IsMatch(value) ? null : $"'{value}' is not a status code (such as in_progress or won).",
        WorkflowFieldKind.CloseReason => value is CloseReason.WonCode or CloseReason.OutsoldCode or CloseReason.CancelledCode
            ? null
            : $"'{value}' is not a close reason. Use won, outsold or cancelled.",
        WorkflowFieldKind.Probability => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var percent) && percent <= 100
            ? null
            : $"'{value}' is not a probability (a whole percent from 0 to 100).",
        WorkflowFieldKind.Date => value == "today" || DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : $"'{value}' is not a date (YYYY-MM-DD or today).",
        WorkflowFieldKind.Money => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) && amount >= 0m
            ? null
            : $"'{value}' is not an amount.",
        WorkflowFieldKind.Record => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? null
            : $"'{value}' is not a record id.",
        _ => null,
    };

    [GeneratedRegex("^[a-z0-9_]{1,32}$")]
    private static partial Regex Code();
}
