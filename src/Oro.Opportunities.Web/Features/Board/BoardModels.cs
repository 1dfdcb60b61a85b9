using Oro.Opportunities.Application.Board;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Features.Opportunities;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Board;

/// <summary>What every card of one board shows beside its own row.</summary>
public sealed record BoardCardOptions(
    ConfigurationSnapshot Configuration, bool CanEdit, bool CanDelete, BoardMoment Moment, IReadOnlySet<int> ShownStatusIds, string Query)
{
    /// <summary>
    /// For the board of <paramref name="search"/>; <paramref name="query"/> is the board's query string
    /// ("?view=open&amp;name=x"), where a card's delete returns to.
    /// </summary>
    public static BoardCardOptions For(UserAccess access, ConfigurationSnapshot configuration, BoardQuery board, OpportunitySearch search, string query) => new(
        configuration,
        access.Level(SecuredEntity.Opportunity, PermissionAction.Edit) != AccessLevel.None,
        access.Level(SecuredEntity.Opportunity, PermissionAction.Delete) != AccessLevel.None,
        board.Moment,
        configuration.Statuses.Where(s => BoardQuery.ShowsStatus(s, search)).Select(s => s.Id).ToHashSet(),
        query.StartsWith('?') ? query : query.Length == 0 ? string.Empty : "?" + query);
}

/// <summary>One card; <paramref name="TabStop"/> for the first card of a column as the board renders it.</summary>
public sealed record BoardCardModel(OpportunityListItem Item, BoardCardOptions Options, bool TabStop = false)
{
    public StatusInfo? Status => Options.Configuration.Statuses.FirstOrDefault(s => s.Id == Item.StatusId);

    public bool IsOverdue => Options.Moment.IsOverdue(Item, Status);

    public int DaysInStatus => Options.Moment.DaysInStatus(Item);

    /// <summary>"JS" for John Smith; one letter for a one-word name.</summary>
    public string OwnerInitials
    {
        get
        {
            var words = Item.OwnerName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return words.Length switch
            {
                0 => "?",
                1 => words[0][..1].ToUpperInvariant(),
                _ => (words[0][..1] + words[^1][..1]).ToUpperInvariant(),
            };
        }
    }
}

public sealed class BoardViewModel
{
    public required BoardPage Page { get; init; }

    public required BoardCardOptions Cards { get; init; }

    public required ConfigurationSnapshot Configuration { get; init; }

    public required bool CanEdit { get; init; }

    /// <summary>The grid/board query string (filters and view), kept by the Grid/Board switcher.</summary>
    public required string Query { get; init; }

    /// <summary>The view switcher, the filter bar and what they apply: the same partials as the grid's.</summary>
    public required OpportunityFilterBar Filters { get; init; }
}

/// <summary>
/// A column header's figures after a move: <see cref="Budget"/> and <see cref="Weighted"/> are the exact
/// sums (rounded to the base currency's minor units), the compact forms are what the header shows.
/// </summary>
public sealed record ColumnTotalsJson(int StatusId, int Count, string Budget, string Weighted, string BudgetCompact, string WeightedCompact)
{
    public static ColumnTotalsJson From(ColumnTotals totals, ConfigurationSnapshot configuration) => new(
        totals.StatusId,
        totals.Count,
        TotalFormats.ExactBase(totals.BaseBudget, configuration),
        TotalFormats.ExactBase(totals.WeightedBaseBudget, configuration),
        TotalFormats.CompactBase(totals.BaseBudget, configuration),
        TotalFormats.CompactBase(totals.WeightedBaseBudget, configuration));
}
