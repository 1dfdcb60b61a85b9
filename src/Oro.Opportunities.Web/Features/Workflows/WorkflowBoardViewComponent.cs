using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Workflows;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Web.Features.Workflows;

/// <summary>
/// On the board: while an active workflow decides status changes, the script that makes a drop run
/// the transition leading to the column (spec §6 [beyond]); nothing otherwise.
/// </summary>
public sealed class WorkflowBoardViewComponent(AppDbContext db, ISystemConfiguration configuration, WorkflowCatalogCache catalogs) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        var snapshot = await configuration.GetAsync(HttpContext.RequestAborted);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, HttpContext.RequestAborted);
        var deciding = catalog.Active(WorkflowEntities.Opportunity)
            .Where(w => w.Definition!.Transitions.Any(t => t.Effects.Any(e => e.Field == "status") || t.Form.Any(f => f.Field == "status")))
            .Select(w => w.Label)
            .ToList();
        return View("~/Features/Workflows/_Board.cshtml", deciding);
    }
}
