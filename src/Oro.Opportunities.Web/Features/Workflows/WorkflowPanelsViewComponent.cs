using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Workflows;

namespace Oro.Opportunities.Web.Features.Workflows;

/// <summary>The workflow panels of an opportunity's view page (spec §6): one per active workflow.</summary>
public sealed class WorkflowPanelsViewComponent(WorkflowPanels panels) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int opportunityId)
    {
        var model = await panels.ForOpportunityAsync(opportunityId, HttpContext.RequestAborted);
        return View("~/Features/Workflows/_Panels.cshtml", new WorkflowPanelsModel(opportunityId, model));
    }
}

public sealed record WorkflowPanelsModel(int OpportunityId, IReadOnlyList<WorkflowPanel> Panels);
