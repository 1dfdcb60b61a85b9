using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Workflows;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Workflows;

/// <summary>
/// A lead workflow's transition (spec §6, the Unqualified Sales Lead): its form (a modal on the lead's
/// page, a page of its own without JavaScript) and its run — the same checks and answers as an
/// opportunity's transition: Lead Edit and the workflow's Perform grant, 409 with the conflict message
/// for a stale form, the messages beside the fields for a refused one.
/// </summary>
[Route("leads/{id:int}/workflows")]
public sealed class LeadWorkflowTransitionsController(WorkflowPanels panels, LeadWorkflowRunner runner) : Controller, IRedisplaysForm
{
    [HttpGet("{workflow}/{transition}")]
    public async Task<IActionResult> Form(int id, string workflow, string transition, CancellationToken cancellationToken)
    {
        var form = await panels.LeadFormAsync(id, workflow, transition, cancellationToken: cancellationToken);
        return Show(new TransitionFormModel(form, new Dictionary<string, string>(), [], InModal: IsFetch));
    }

    [HttpPost("{workflow}/{transition}")]
    public async Task<IActionResult> Run(int id, string workflow, string transition, [FromForm] TransitionPost post, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(id, workflow, transition, post.Version, post.Fields, cancellationToken);
        this.Flash(FlashKind.Success, $"{result.TransitionLabel}: done. The lead is in step {result.ToStepLabel}.");
        return IsFetch ? Json(new { redirect = $"/leads/{id}" }) : Redirect($"/leads/{id}");
    }

    /// <summary>A refused run shows the form again with the messages beside the fields (a conflict: with what is stored now).</summary>
    async Task<IActionResult?> IRedisplaysForm.RedisplayAsync(ActionExecutingContext context, Exception refusal)
    {
        if (context.ActionDescriptor.RouteValues["action"] != nameof(Run))
        {
            return null;
        }

        var id = (int)context.ActionArguments["id"]!;
        var workflow = (string)context.ActionArguments["workflow"]!;
        var transition = (string)context.ActionArguments["transition"]!;
        var post = context.ActionArguments.TryGetValue("post", out var bound) && bound is TransitionPost posted ? posted : new TransitionPost();
        var model = await panels.LeadFormAsync(id, workflow, transition, refusal is ConcurrencyConflictException ? null : post.Fields, HttpContext.RequestAborted);
        var (errors, general) = WorkflowTransitionsController.Messages(refusal, model);
        Response.StatusCode = refusal is ConcurrencyConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Show(new TransitionFormModel(model, errors, general, InModal: IsFetch));
    }

    private bool IsFetch => Request.Headers["X-Requested-With"] == "fetch";

    private IActionResult Show(TransitionFormModel model)
    {
        if (model.InModal)
        {
            return PartialView("~/Features/Workflows/_TransitionForm.cshtml", model);
        }

        ViewData.SetPage(
            $"{model.Form.Label} · {model.Form.OpportunityName}",
            new Breadcrumb("Sales"), new Breadcrumb("Leads", "/leads"), new Breadcrumb(model.Form.OpportunityName, model.Form.RecordPath), new Breadcrumb(model.Form.Label));
        return View("~/Features/Workflows/Transition.cshtml", model);
    }
}
