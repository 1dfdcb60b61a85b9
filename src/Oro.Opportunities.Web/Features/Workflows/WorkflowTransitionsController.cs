using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Workflows;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Workflows;

/// <summary>A transition's form and its run (spec §6): a modal on the view page, a page of its own without JavaScript.</summary>
public sealed record TransitionFormModel(TransitionForm Form, IReadOnlyDictionary<string, string> Errors, IReadOnlyList<string> General, bool InModal, string? BoardQuery = null);

/// <summary>The form a transition posts.</summary>
public sealed class TransitionPost
{
    public long? Version { get; set; }

    public Dictionary<string, string?> Fields { get; set; } = [];
}

[Route("opportunities/{id:int}/workflows")]
public sealed class WorkflowTransitionsController(WorkflowPanels panels, WorkflowRunner runner, PartialRenderer renderer) : Controller, IRedisplaysForm
{
    private const string Section = "Sales";

    [HttpGet("{workflow}/{transition}")]
    public async Task<IActionResult> Form(int id, string workflow, string transition, CancellationToken cancellationToken)
    {
        var form = await panels.FormAsync(id, workflow, transition, cancellationToken: cancellationToken);
        return Show(new TransitionFormModel(form, new Dictionary<string, string>(), [], InModal: IsFetch));
    }

    [HttpPost("{workflow}/{transition}")]
    public async Task<IActionResult> Run(int id, string workflow, string transition, [FromForm] TransitionPost post, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(id, workflow, transition, post.Version, post.Fields, cancellationToken: cancellationToken);
        this.Flash(FlashKind.Success, $"{result.TransitionLabel}: done. The opportunity is in step {result.ToStepLabel}.");
        return IsFetch ? Json(new { redirect = $"/opportunities/{id}" }) : Redirect($"/opportunities/{id}");
    }

    /// <summary>
    /// A card dropped on a status column while workflows are active: the transition that leads there
    /// with its form (as markup for the board's dialog), or the reason no transition does.
    /// </summary>
    [HttpGet("drop")]
    [JsonEndpoint]
    public async Task<IActionResult> Drop(int id, int statusId, CancellationToken cancellationToken)
    {
        var plan = await panels.PlanDropAsync(id, statusId, cancellationToken);
        if (plan.Refusal is { } refusal)
        {
            return Json(new { mode = "refused", error = refusal });
        }

        if (plan.Form is not { } form)
        {
            return Json(new { mode = "ordinary" });
        }

        var html = await renderer.RenderAsync(ControllerContext, "/Features/Workflows/_TransitionForm.cshtml", new TransitionFormModel(form, new Dictionary<string, string>(), [], InModal: true));
        return Json(new { mode = "form", workflow = plan.Workflow, transition = plan.Transition, html });
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

        // A conflict shows the stored values (the user applies the change again); any other refusal what the user sent,
        // with each message beside its field (a rule of the record too: a budget too large for the database).
        var model = await panels.FormAsync(id, workflow, transition, refusal is ConcurrencyConflictException ? null : post.Fields, cancellationToken: HttpContext.RequestAborted);
        var (errors, general) = Messages(refusal, model);

        Response.StatusCode = refusal is ConcurrencyConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity;
        return Show(new TransitionFormModel(model, errors, general, InModal: IsFetch));
    }

    /// <summary>A refusal's messages: by form field, and the rest for above the form; a message about a field the form does not show goes above it.</summary>
    internal static (Dictionary<string, string> Errors, List<string> General) Messages(Exception refusal, TransitionForm? model = null)
    {
        var errors = new Dictionary<string, string>();
        var general = new List<string>();
        switch (refusal)
        {
            case TransitionFormException form:
                foreach (var error in form.Errors)
                {
                    if (error.Field is { } field && !errors.ContainsKey(field))
                    {
                        errors[field] = error.Message;
                    }
                    else
                    {
                        general.Add(error.Message);
                    }
                }

                break;
            case DomainRuleException rule when rule.Field is { } ruleField && model?.Fields.FirstOrDefault(f => f.FormField == ruleField) is { } shown:
                errors[shown.Name] = rule.Message;
                break;
            default:
                general.Add(refusal.Message);
                break;
        }

        if (model is not null)
        {
            foreach (var (field, message) in errors.Where(e => model.Fields.All(f => f.Name != e.Key)).ToList())
            {
                errors.Remove(field);
                general.Add(message);
            }
        }

        return (errors, general);
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
            new Breadcrumb(Section), new Breadcrumb(model.Form.EntityPlural, "/" + model.Form.EntityPlural.ToLowerInvariant()), new Breadcrumb(model.Form.OpportunityName, model.Form.RecordPath), new Breadcrumb(model.Form.Label));
        return View("~/Features/Workflows/Transition.cshtml", model);
    }
}
