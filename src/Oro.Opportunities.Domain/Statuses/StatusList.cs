namespace Oro.Opportunities.Domain.Statuses;

/// <summary>
/// The rules that apply to the status list as a whole: unique codes, exactly one Won and one
/// Lost status, system statuses never deleted, a used status only deleted with a target.
/// </summary>
public static class StatusList
{
    public static string CodeFromLabel(string label)
    {
        var chars = label.Trim().ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_')
            .ToArray();
        var code = string.Join('_', new string(chars).Split('_', StringSplitOptions.RemoveEmptyEntries));
        if (code.Length == 0 || !char.IsAsciiLetter(code[0]))
        {
            code = "status_" + code;
        }

        return code.Length > OpportunityStatus.CodeMaxLength ? code[..OpportunityStatus.CodeMaxLength] : code;
    }

    /// <summary>
    /// The code for a new status: derived from its label, with "_2", "_3"… appended when another
    /// status already has it, because codes are what imports and the API refer to and must stay unique.
    /// </summary>
    public static string UniqueCode(string label, IEnumerable<string> existingCodes)
    {
        var taken = new HashSet<string>(existingCodes, StringComparer.Ordinal);
        var code = CodeFromLabel(label);
        if (!taken.Contains(code))
        {
            return code;
        }

        for (var n = 2; ; n++)
        {
            var suffix = "_" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var stem = code.Length + suffix.Length > OpportunityStatus.CodeMaxLength
                ? code[..(OpportunityStatus.CodeMaxLength - suffix.Length)]
                : code;
            if (!taken.Contains(stem + suffix))
            {
                return stem + suffix;
            }
        }
    }

    /// <summary>Checks that a status can be deleted and, if it is in use, that its records have a valid new home.</summary>
    public static void EnsureCanDelete(OpportunityStatus status, int usageCount, OpportunityStatus? moveTo)
    {
        if (status.IsSystem)
        {
            throw new DomainRuleException($"'{status.Label}' is a system status and cannot be deleted.");
        }

        if (usageCount == 0)
        {
            return;
        }

        if (moveTo is null)
        {
            throw new DomainRuleException(
                $"'{status.Label}' is used by {usageCount} opportunities. Choose the status to move them to.", "MoveTo");
        }

        if (moveTo.Id == status.Id)
        {
            throw new DomainRuleException("Choose a different status to move the opportunities to.", "MoveTo");
        }

        if (moveTo.IsClosed)
        {
            throw new DomainRuleException(
                "Opportunities of a deleted status can only move to an open status: closing them needs closing data.", "MoveTo");
        }
    }

    /// <summary>Renumbers statuses in the given order, ten apart, so later inserts need no renumbering.</summary>
    public static void Reorder(IReadOnlyList<OpportunityStatus> statuses, IReadOnlyList<int> orderedIds)
    {
        if (orderedIds.Count != statuses.Count || orderedIds.Distinct().Count() != statuses.Count
            || orderedIds.Any(id => statuses.All(s => s.Id != id)))
        {
            throw new DomainRuleException("The new order must list every status exactly once.");
        }

        for (var i = 0; i < orderedIds.Count; i++)
        {
            statuses.Single(s => s.Id == orderedIds[i]).MoveTo((i + 1) * 10);
        }
    }
}
