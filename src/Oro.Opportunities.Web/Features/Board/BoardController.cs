using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Board;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Features.Opportunities;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Board;

/// <summary>Sales → Opportunities → Board: the Kanban view of the grid's filtered set (spec §4).</summary>
[Route("opportunities/board")]
public sealed class BoardController(BoardQuery board, ISystemConfiguration configuration, AccessControl accessControl, SavedViews savedViews, Lookups lookups) : Controller
{
    /// <summary>What the board shows without a view: every status, closed ones included.</summary>
    public const string DefaultView = "all";

    [HttpGet("")]
    [ShowsFilterProblems]
    public async Task<IActionResult> Index(OpportunitySearch search, int? savedView, CancellationToken cancellationToken)
    {
        search.View ??= DefaultView;
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var query = Request.QueryString.Value ?? string.Empty;

        // The grid's filter form keeps the grid's sort, page size and columns; the board keeps them too, for the way back.
        var carried = new List<KeyValuePair<string, string?>> { new("view", search.View) };
        carried.AddRange(Request.Query.Where(q => q.Key is "sort" or "dir" or "size" or "cols").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        var filters = OpportunityFilterBar.Create(
            OpportunityFilterBar.BoardPath, search, snapshot, await lookups.OwnersAsync(null, cancellationToken), await lookups.TeamsAsync(cancellationToken),
            await savedViews.ListAsync(SavedViews.OpportunitiesGrid, cancellationToken), savedView, query, DefaultView, carried, foldedWhenApplied: true);
        ViewData.SetPage("Opportunities board", new Breadcrumb("Sales"), new Breadcrumb("Opportunities", "/opportunities"), new Breadcrumb("Board"));
        var cards = BoardCardOptions.For(access, snapshot, board, search, query);
        return View(new BoardViewModel
        {
            Page = await board.RunAsync(search, cancellationToken),
            Cards = cards,
            Configuration = snapshot,
            CanEdit = cards.CanEdit,
            Query = query,
            Filters = filters,
        });
    }

    /// <summary>The next cards of one column, as markup; the next cursor travels in a header.</summary>
    [HttpGet("column")]
    public async Task<IActionResult> Column(OpportunitySearch search, int statusId, string? cursor, CancellationToken cancellationToken)
    {
        search.View ??= DefaultView;
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var (cards, next) = await board.ColumnAsync(search, statusId, cursor, cancellationToken);
        Response.Headers["X-Next-Cursor"] = next ?? string.Empty;

        // The board's own query, without this request's column and cursor: where a card's delete returns to.
        var boardQuery = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(
            string.Empty, Request.Query.Where(q => q.Key is not ("statusId" or "cursor")).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        var options = BoardCardOptions.For(access, snapshot, board, search, boardQuery);
        return PartialView("_Cards", cards.Select(c => new BoardCardModel(c, options)).ToList());
    }
}
