using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Opportunities;

/// <summary>One applied filter as the page names it, and the query keys that removing it drops.</summary>
public sealed record AppliedFilter(string Text, IReadOnlyList<string> Keys);

/// <summary>
/// The opportunities' view switcher and filter bar, shared by the grid and the board (the same
/// partials, the same <see cref="OpportunitySearch"/> binding): which page it filters, the view in
/// effect and what is applied, described from the search that was really bound.
/// </summary>
public sealed class OpportunityFilterBar
{
    public const string GridPath = "/opportunities";
    public const string BoardPath = "/opportunities/board";

    public static readonly (string Key, string Title)[] SystemViews =
        [("open", "Open Opportunities"), ("overdue", "Overdue Opportunities"), ("recent", "Recently Closed Opportunities"), ("all", "All Opportunities")];

    private static readonly string[] NotFilters = ["page", "savedView", "__RequestVerificationToken"];

    /// <summary>"/opportunities" or "/opportunities/board".</summary>
    public required string Path { get; init; }

    public required OpportunitySearch Search { get; init; }

    public required ConfigurationSnapshot Configuration { get; init; }

    public required IReadOnlyList<LookupItem> Owners { get; init; }

    public required IReadOnlyList<LookupItem> Teams { get; init; }

    public required IReadOnlyList<SavedViewItem> SavedViews { get; init; }

    /// <summary>The saved view in effect: named in the URL and its filters unchanged; otherwise null.</summary>
    public SavedViewItem? ActiveSavedView { get; init; }

    /// <summary>The query string of the page as it was requested ("?view=open&amp;name=x" or "").</summary>
    public required string Query { get; init; }

    /// <summary>What the filter form carries unchanged (the view; on the grid also sort, page size and columns).</summary>
    public required IReadOnlyList<KeyValuePair<string, string?>> Carried { get; init; }

    /// <summary>The board keeps the filter form folded (what is applied shows above it); the grid opens it when a filter is applied.</summary>
    public bool FoldedWhenApplied { get; init; }

    /// <summary>Whether the filter form starts open.</summary>
    public bool Expanded => !FoldedWhenApplied && Applied.Count > 0;

    public string View => Search.EffectiveView;

    public string ViewTitle => ActiveSavedView?.Name ?? SystemViews.First(v => v.Key == View).Title;

    public IReadOnlyList<AppliedFilter> Applied => applied ??= Describe();

    private IReadOnlyList<AppliedFilter>? applied;

    /// <summary>
    /// The filter bar of <paramref name="path"/>. A saved view counts as in effect only while the
    /// page shows its filters: a link that names a view but carries other filters is not shown under
    /// the view's name. <paramref name="defaultView"/> is what the page shows without a view (the
    /// grid: open; the board: all); a saved view without one was saved on the grid.
    /// </summary>
    public static OpportunityFilterBar Create(
        string path, OpportunitySearch search, ConfigurationSnapshot configuration, IReadOnlyList<LookupItem> owners, IReadOnlyList<LookupItem> teams,
        IReadOnlyList<SavedViewItem> savedViews, int? savedViewId, string query, string defaultView, IReadOnlyList<KeyValuePair<string, string?>> carried,
        bool foldedWhenApplied = false)
    {
        var named = savedViews.FirstOrDefault(v => v.Id == savedViewId);
        return new OpportunityFilterBar
        {
            Path = path,
            Search = search,
            Configuration = configuration,
            Owners = owners,
            Teams = teams,
            SavedViews = savedViews,
            ActiveSavedView = named is not null && Normalized(named.Query, "open").SetEquals(Normalized(query, defaultView)) ? named : null,
            Query = query,
            Carried = carried,
            FoldedWhenApplied = foldedWhenApplied,
        };
    }

    /// <summary>The link that opens a saved view on this page (a view saved without a view key is the grid's default, Open).</summary>
    public string SavedViewUrl(SavedViewItem view)
    {
        var pairs = Pairs(view.Query).ToList();
        if (!pairs.Any(p => string.Equals(p.Key, "view", StringComparison.OrdinalIgnoreCase)))
        {
            pairs.Insert(0, new("view", "open"));
        }

        pairs.Add(new("savedView", view.Id.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(Path, pairs);
    }

    /// <summary>The same filters on the other page (grid ↔ board), with the view in effect written out.</summary>
    public string SwitchUrl(string otherPath)
    {
        var pairs = Pairs(Query).Where(p => !string.Equals(p.Key, "view", StringComparison.OrdinalIgnoreCase)).ToList();
        pairs.Insert(0, new("view", View));
        return QueryHelpers.AddQueryString(otherPath, pairs);
    }

    /// <summary>This page without the filter's keys (and on its first page).</summary>
    public string UrlWithout(AppliedFilter filter) =>
        QueryHelpers.AddQueryString(Path, Pairs(Query).Where(p => p.Key != "page" && !filter.Keys.Contains(p.Key, StringComparer.OrdinalIgnoreCase)));

    public string ResetUrl => $"{Path}?view={View}";

    private static IEnumerable<KeyValuePair<string, string?>> Pairs(string query) =>
        QueryHelpers.ParseQuery(query).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string?>(p.Key, v)));

    private static HashSet<string> Normalized(string query, string defaultView)
    {
        var pairs = Pairs(query)
            .Where(p => !string.IsNullOrEmpty(p.Value) && !NotFilters.Contains(p.Key, StringComparer.OrdinalIgnoreCase))
            .Select(p => p.Key.ToLowerInvariant() + "=" + p.Value)
            .ToHashSet(StringComparer.Ordinal);
        if (!pairs.Any(p => p.StartsWith("view=", StringComparison.Ordinal)))
        {
            pairs.Add("view=" + defaultView);
        }

        return pairs;
    }

    private List<AppliedFilter> Describe()
    {
        var s = Search;
        var list = new List<AppliedFilter>();
        void Add(string text, params string[] keys) => list.Add(new AppliedFilter(text, keys));

        if (!string.IsNullOrWhiteSpace(s.Name))
        {
            var op = s.NameOp switch { "equals" => "equals", "starts" => "starts with", _ => "contains" };
            Add($"Name {op} “{s.Name.Trim()}”", "name", "nameOp");
        }

        AddRange(list, "Created", s.CreatedFrom, s.CreatedTo, "createdFrom", "createdTo");
        AddRange(list, "Updated", s.UpdatedFrom, s.UpdatedTo, "updatedFrom", "updatedTo");
        AddRange(list, "Close date", s.CloseFrom, s.CloseTo, "closeFrom", "closeTo");
        if (!string.IsNullOrWhiteSpace(s.Account))
        {
            Add($"Account contains “{s.Account.Trim()}”", "account");
        }

        if (s.AccountId is { } accountId)
        {
            Add($"Account #{accountId.ToString(CultureInfo.InvariantCulture)}", "accountId");
        }

        if (!string.IsNullOrWhiteSpace(s.Contact))
        {
            Add($"Contact contains “{s.Contact.Trim()}”", "contact");
        }

        if (!string.IsNullOrWhiteSpace(s.Email))
        {
            Add($"Contact email contains “{s.Email.Trim()}”", "email");
        }

        if (s.Owner.Count > 0)
        {
            Add("Owner: " + string.Join(", ", s.Owner.Select(id => Owners.FirstOrDefault(o => o.Id == id)?.Text ?? "#" + id.ToString(CultureInfo.InvariantCulture))), "owner");
        }

        if (s.Team is { } team)
        {
            Add("Team: " + (Teams.FirstOrDefault(t => t.Id == team)?.Text ?? "#" + team.ToString(CultureInfo.InvariantCulture)), "team");
        }

        var statuses = s.Status.Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (statuses.Count > 0)
        {
            Add("Status: " + string.Join(", ", statuses.Select(c => Configuration.FindStatus(c)?.Label ?? c)), "status");
        }

        AddAmounts(list, "Budget", s.BudgetMin, s.BudgetMax, s.BudgetCurrency, "budgetMin", "budgetMax", "budgetCurrency");
        AddAmounts(list, "Close revenue", s.RevenueMin, s.RevenueMax, s.RevenueCurrency, "revenueMin", "revenueMax", "revenueCurrency");
        if (s.ProbabilityMin is not null || s.ProbabilityMax is not null)
        {
            Add("Probability " + Between(s.ProbabilityMin?.ToString(CultureInfo.InvariantCulture), s.ProbabilityMax?.ToString(CultureInfo.InvariantCulture)) + " %", "probabilityMin", "probabilityMax");
        }

        if (!string.IsNullOrWhiteSpace(s.CloseReason))
        {
            var reason = s.CloseReason.Trim();
            Add("Close reason: " + (reason.Length > 0 ? char.ToUpperInvariant(reason[0]) + reason[1..] : reason), "closeReason");
        }

        return list;
    }

    private static void AddRange(List<AppliedFilter> list, string label, DateOnly? from, DateOnly? to, string fromKey, string toKey)
    {
        if (from is not null || to is not null)
        {
            list.Add(new AppliedFilter($"{label} {Between(Formats.Date(from), Formats.Date(to))}", [fromKey, toKey]));
        }
    }

    private static void AddAmounts(List<AppliedFilter> list, string label, decimal? min, decimal? max, string? currency, params string[] keys)
    {
        var hasCurrency = !string.IsNullOrWhiteSpace(currency);
        if (min is null && max is null && !hasCurrency)
        {
            return;
        }

        var range = min is null && max is null ? "in" : Between(Formats.Number(min), Formats.Number(max));
        list.Add(new AppliedFilter($"{label} {range}{(hasCurrency ? " " + currency!.Trim().ToUpperInvariant() : string.Empty)}".TrimEnd(), keys));
    }

    private static string Between(string? from, string? to) =>
        (string.IsNullOrEmpty(from), string.IsNullOrEmpty(to)) switch
        {
            (false, false) => $"{from} – {to}",
            (false, true) => $"from {from}",
            (true, false) => $"up to {to}",
            _ => string.Empty,
        };
}
