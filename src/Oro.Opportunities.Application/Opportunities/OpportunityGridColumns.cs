namespace Oro.Opportunities.Application.Opportunities;

/// <summary>A grid column: key (also the sort key), header, and whether it shows by default (spec §4).</summary>
public sealed record GridColumn(string Key, string Header, bool Default);

/// <summary>The opportunity grid's columns, in their order; the grid and its "visible columns" export share them.</summary>
public static class OpportunityGridColumns
{
    public static readonly GridColumn[] All =
    [
        new("id", "Id", false),
        new("name", "Opportunity name", true),
        new("created", "Created At", true),
        new("updated", "Updated At", false),
        new("contact", "Contact", true),
        new("closeDate", "Expected close date", true),
        new("budget", "Budget amount", true),
        new("baseBudget", "Budget (base)", true),
        new("probability", "Probability", true),
        new("status", "Status", true),
        new("email", "Contact email", true),
        new("owner", "Owner", true),
        new("account", "Account", true),
        new("closeRevenue", "Close revenue", false),
        new("closeReason", "Close reason", false),
    ];

    public static IReadOnlyList<string> Defaults { get; } = [.. All.Where(c => c.Default).Select(c => c.Key)];

    /// <summary>The columns named in a "cols" list (unknown names dropped); none means the default set.</summary>
    public static IReadOnlyList<string> Parse(string? cols)
    {
        var requested = (cols ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(c => All.Any(k => k.Key == c))
            .Distinct()
            .ToList();
        return requested.Count > 0 ? [.. All.Select(c => c.Key).Where(requested.Contains)] : Defaults;
    }
}
