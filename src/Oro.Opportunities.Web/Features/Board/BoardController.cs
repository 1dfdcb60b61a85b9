using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Board;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Board;

/// <summary>Sales → Opportunities → Board: the Kanban view of the grid's filtered set (spec §4).</summary>
[Route("opportunities/board")]
public sealed class BoardController(BoardQuery board, ISystemConfiguration configuration, AccessControl accessControl, SavedViews savedViews) : Controller
{
    [HttpGet("")]
    [ShowsFilterProblems]
    public async Task<IActionResult> Index(OpportunitySearch search, int? savedView, CancellationToken cancellationToken)
    {
        // Without a view the board shows every status, closed ones included.
        search.View ??= "all";
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var views = await savedViews.ListAsync(SavedViews.OpportunitiesGrid, cancellationToken);
        ViewData.SetPage("Opportunities board", new Breadcrumb("Sales"), new Breadcrumb("Opportunities", "/opportunities"), new Breadcrumb("Board"));
        return View(new BoardViewModel
        {
            Page = await board.RunAsync(search, cancellationToken),
            Configuration = snapshot,
            CanEdit = access.Level(SecuredEntity.Opportunity, PermissionAction.Edit) != AccessLevel.None,
            CanDelete = access.Level(SecuredEntity.Opportunity, PermissionAction.Delete) != AccessLevel.None,
            Query = Request.QueryString.Value ?? string.Empty,
            ViewTitle = views.FirstOrDefault(v => v.Id == savedView)?.Name ?? search.EffectiveView switch
            {
                "overdue" => "Overdue Opportunities",
                "recent" => "Recently Closed Opportunities",
                "open" => "Open Opportunities",
                _ => "All Opportunities",
            },
        });
    }

    /// <summary>The next cards of one column, as markup; the next cursor travels in a header.</summary>
    [HttpGet("column")]
    public async Task<IActionResult> Column(OpportunitySearch search, int statusId, string? cursor, CancellationToken cancellationToken)
    {
        search.View ??= "all";
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var (cards, next) = await board.ColumnAsync(search, statusId, cursor, cancellationToken);
        Response.Headers["X-Next-Cursor"] = next ?? string.Empty;
        var canEdit = access.Level(SecuredEntity.Opportunity, PermissionAction.Edit) != AccessLevel.None;
        var canDelete = access.Level(SecuredEntity.Opportunity, PermissionAction.Delete) != AccessLevel.None;
        return PartialView("_Cards", cards.Select(c => new BoardCardModel(c, snapshot, canEdit, canDelete)).ToList());
    }
}
