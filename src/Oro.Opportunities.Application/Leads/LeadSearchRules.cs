using Oro.Opportunities.Application.Opportunities;

namespace Oro.Opportunities.Application.Leads;

/// <summary>
/// The filter values the leads grid, its export and saved views accept — the same bounds as the
/// opportunity grid's (<see cref="OpportunitySearchRules"/>: dates a day inside the calendar's range,
/// bounded text without NUL). A value outside is dropped and reported in a sentence; saved views are
/// checked with <see cref="OpportunitySearchRules.CheckQuery"/>, whose rules cover every lead filter.
/// </summary>
public static class LeadSearchRules
{
    public static IReadOnlyList<string> Sanitize(LeadSearch search)
    {
        var problems = new List<string>();
        search.CreatedFrom = Date(search.CreatedFrom, "Created from", problems);
        search.CreatedTo = Date(search.CreatedTo, "Created to", problems);
        search.UpdatedFrom = Date(search.UpdatedFrom, "Updated from", problems);
        search.UpdatedTo = Date(search.UpdatedTo, "Updated to", problems);
        search.View = Text(search.View, "View", problems);
        search.Q = Text(search.Q, "Search", problems);
        search.Name = Text(search.Name, "Lead name", problems);
        search.Person = Text(search.Person, "Person", problems);
        search.Company = Text(search.Company, "Company", problems);
        search.Email = Text(search.Email, "Email", problems);
        search.Source = Text(search.Source, "Source", problems);
        search.Sort = Text(search.Sort, "Sort", problems);
        search.Dir = Text(search.Dir, "Sort direction", problems);
        if (search.Status.Count > OpportunitySearchRules.MaxListLength || search.Status.Any(s => Text(s, "Status", []) is null && s is not null))
        {
            problems.Add("The status filter is not valid; it was ignored.");
            search.Status = [];
        }

        if (search.Owner.Count > OpportunitySearchRules.MaxListLength)
        {
            problems.Add($"The owner filter lists more than {OpportunitySearchRules.MaxListLength} owners; it was ignored.");
            search.Owner = [];
        }

        return problems;
    }

    private static DateOnly? Date(DateOnly? value, string label, List<string> problems)
    {
        if (value is { } date && (date < OpportunitySearchRules.MinDate || date > OpportunitySearchRules.MaxDate))
        {
            problems.Add(FormattableString.Invariant(
                $"The {label} date must be a date between {OpportunitySearchRules.MinDate:yyyy-MM-dd} and {OpportunitySearchRules.MaxDate:yyyy-MM-dd}; it was ignored."));
            return null;
        }

        return value;
    }

    private static string? Text(string? value, string label, List<string> problems)
    {
        if (value is { Length: > OpportunitySearchRules.MaxTextLength } || value?.Contains('\0', StringComparison.Ordinal) == true)
        {
            problems.Add($"The {label} filter is longer than {OpportunitySearchRules.MaxTextLength} characters or holds a NUL character; it was ignored.");
            return null;
        }

        return value;
    }
}
