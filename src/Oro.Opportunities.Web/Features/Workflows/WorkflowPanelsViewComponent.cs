using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Workflows;

namespace Oro.Opportunities.Web.Features.Workflows;

/// <summary>The workflow panels of an opportunity's or a lead's view page (spec §6): one per active workflow of the entity.</summary>
public sealed class WorkflowPanelsViewComponent(WorkflowPanels panels) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(int? opportunityId = null, int? leadId = null)
    {
        if (leadId is int lead)
        {
            var forLead = await panels.ForLeadAsync(lead, HttpContext.RequestAborted);
            return View("~/Features/Workflows/_Panels.cshtml", new WorkflowPanelsModel($"/leads/{lead}", "lead", forLead));
        }

        var id = opportunityId ?? throw new ArgumentNullException(nameof(opportunityId));
        var model = await panels.ForOpportunityAsync(id, HttpContext.RequestAborted);
        return View("~/Features/Workflows/_Panels.cshtml", new WorkflowPanelsModel($"/opportunities/{id}", "opportunity", model));
    }
}

/// <summary>The panels of one record; <see cref="RecordPath"/> is its page, the transitions' base address.</summary>
public sealed record WorkflowPanelsModel(string RecordPath, string Noun, IReadOnlyList<WorkflowPanel> Panels);
