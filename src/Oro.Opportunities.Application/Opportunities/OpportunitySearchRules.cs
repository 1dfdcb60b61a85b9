using System.Globalization;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// The one place that says which filter values the grid, the board, the export and saved views accept
/// (issue 10): dates the queries can add a day to, amounts the money columns hold, probabilities of
/// 0–100 and bounded, printable text. A value outside is dropped from the search and reported in a
/// sentence, so no query ever sees it.
/// </summary>
public static class OpportunitySearchRules
{
    /// <summary>One day inside <see cref="DateOnly"/>'s range at each end, so "to" filters can add a day and "recent" can subtract 30.</summary>
    public static readonly DateOnly MinDate = new(1, 1, 2);

    public static readonly DateOnly MaxDate = new(9999, 12, 30);

    public const int MaxTextLength = 200;

    public const int MaxListLength = 500;

    private static readonly (string Property, string Label)[] Dates =
    [
        (nameof(OpportunitySearch.CreatedFrom), "Created from"), (nameof(OpportunitySearch.CreatedTo), "Created to"),
        (nameof(OpportunitySearch.UpdatedFrom), "Updated from"), (nameof(OpportunitySearch.UpdatedTo), "Updated to"),
        (nameof(OpportunitySearch.CloseFrom), "Expected close from"), (nameof(OpportunitySearch.CloseTo), "Expected close to"),
    ];

    private static readonly (string Property, string Label)[] Amounts =
    [
        (nameof(OpportunitySearch.BudgetMin), "Budget from"), (nameof(OpportunitySearch.BudgetMax), "Budget to"),
        (nameof(OpportunitySearch.RevenueMin), "Close revenue from"), (nameof(OpportunitySearch.RevenueMax), "Close revenue to"),
    ];

    private static readonly (string Property, string Label)[] Probabilities =
    [
        (nameof(OpportunitySearch.ProbabilityMin), "Probability from"), (nameof(OpportunitySearch.ProbabilityMax), "Probability to"),
    ];

    /// <summary>Removes every value outside the rules from <paramref name="search"/> and says why, one sentence each.</summary>
    public static IReadOnlyList<string> Sanitize(OpportunitySearch search)
    {
        var problems = new List<string>();
        search.CreatedFrom = Date(search.CreatedFrom, "Created from", problems);
        search.CreatedTo = Date(search.CreatedTo, "Created to", problems);
        search.UpdatedFrom = Date(search.UpdatedFrom, "Updated from", problems);
        search.UpdatedTo = Date(search.UpdatedTo, "Updated to", problems);
        search.CloseFrom = Date(search.CloseFrom, "Expected close from", problems);
        search.CloseTo = Date(search.CloseTo, "Expected close to", problems);
        search.BudgetMin = Amount(search.BudgetMin, "Budget from", problems);
        search.BudgetMax = Amount(search.BudgetMax, "Budget to", problems);
        search.RevenueMin = Amount(search.RevenueMin, "Close revenue from", problems);
        search.RevenueMax = Amount(search.RevenueMax, "Close revenue to", problems);
        search.ProbabilityMin = Probability(search.ProbabilityMin, "Probability from", problems);
        search.ProbabilityMax = Probability(search.ProbabilityMax, "Probability to", problems);
        search.View = Text(search.View, "View", problems);
        search.Name = Text(search.Name, "Opportunity name", problems);
        search.NameOp = Text(search.NameOp, "Name operator", problems);
        search.Contact = Text(search.Contact, "Contact", problems);
        search.Email = Text(search.Email, "Email", problems);
        search.Account = Text(search.Account, "Account", problems);
        search.BudgetCurrency = Text(search.BudgetCurrency, "Budget currency", problems);
        search.RevenueCurrency = Text(search.RevenueCurrency, "Close revenue currency", problems);
        search.CloseReason = Text(search.CloseReason, "Close reason", problems);
        search.Sort = Text(search.Sort, "Sort", problems);
        search.Dir = Text(search.Dir, "Sort direction", problems);
        if (search.Status.Count > MaxListLength || search.Status.Any(s => Problem(s, "Status") is not null))
        {
            problems.Add($"The status filter is not valid (at most {MaxListLength} statuses of up to {MaxTextLength} characters); it was ignored.");
            search.Status = [];
        }

        if (search.Owner.Count > MaxListLength)
        {
            problems.Add($"The owner filter lists more than {MaxListLength} owners; it was ignored.");
            search.Owner = [];
        }

        return problems;
    }

    /// <summary>
    /// Checks the raw values of a query string (a saved view) with the same rules, parsing them as the
    /// grid's binding does (invariant culture). Unknown keys are ignored, as binding ignores them.
    /// </summary>
    public static IReadOnlyList<string> CheckQuery(IEnumerable<KeyValuePair<string, string?>> query)
    {
        var problems = new List<string>();
        foreach (var (key, raw) in query)
        {
            var value = raw ?? string.Empty;
            if (Find(Dates, key) is { } date)
            {
                if (value.Length > 0 && !(DateOnly.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && Date(parsed, date, problems) is not null))
                {
                    AddOnce(problems, DateMessage(date));
                }
            }
            else if (Find(Amounts, key) is { } amount)
            {
                if (value.Length > 0 && !(decimal.TryParse(value, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var parsed) && Amount(parsed, amount, problems) is not null))
                {
                    AddOnce(problems, AmountMessage(amount));
                }
            }
            else if (Find(Probabilities, key) is { } probability)
            {
                if (value.Length > 0 && !(int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && Probability(parsed, probability, problems) is not null))
                {
                    AddOnce(problems, ProbabilityMessage(probability));
                }
            }
            else if (Problem(value, key) is { } problem)
            {
                AddOnce(problems, problem);
            }
        }

        return problems;
    }

    private static string? Find((string Property, string Label)[] list, string key) =>
        list.FirstOrDefault(p => string.Equals(p.Property, key, StringComparison.OrdinalIgnoreCase)).Label;

    private static DateOnly? Date(DateOnly? value, string label, List<string> problems)
    {
        if (value is { } date && (date < MinDate || date > MaxDate))
        {
            AddOnce(problems, DateMessage(label));
            return null;
        }

        return value;
    }

    private static decimal? Amount(decimal? value, string label, List<string> problems)
    {
        if (value is { } amount && Math.Abs(amount) > MoneyColumns.MaxAmount)
        {
            AddOnce(problems, AmountMessage(label));
            return null;
        }

        return value;
    }

    private static int? Probability(int? value, string label, List<string> problems)
    {
        if (value is { } probability && probability is < 0 or > 100)
        {
            AddOnce(problems, ProbabilityMessage(label));
            return null;
        }

        return value;
    }

    private static string? Text(string? value, string label, List<string> problems)
    {
        if (Problem(value, label) is { } problem)
        {
            AddOnce(problems, problem);
            return null;
        }

        return value;
    }

    private static string? Problem(string? value, string label) =>
        value is null ? null
        : value.Length > MaxTextLength ? $"The {label} filter is longer than {MaxTextLength} characters; it was ignored."
        : value.Contains('\0', StringComparison.Ordinal) ? $"The {label} filter contains a NUL character; it was ignored."
        : null;

    private static string DateMessage(string label) => FormattableString.Invariant(
        $"The {label} date must be a date between {MinDate:yyyy-MM-dd} and {MaxDate:yyyy-MM-dd}; it was ignored.");

    private static string AmountMessage(string label) => FormattableString.Invariant(
        $"The {label} amount must be a number between -{MoneyColumns.MaxAmount:N0} and {MoneyColumns.MaxAmount:N0}; it was ignored.");

    private static string ProbabilityMessage(string label) =>
        $"The {label} value must be a whole number from 0 to 100; it was ignored.";

    private static void AddOnce(List<string> problems, string problem)
    {
        if (!problems.Contains(problem))
        {
            problems.Add(problem);
        }
    }
}
