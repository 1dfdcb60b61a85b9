using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>System → Configuration → Sales Pipeline → Opportunity → Probabilities: the status list (spec §2).</summary>
[Route("system/configuration/opportunity/statuses")]
[Authorize(Policy = Policies.SystemConfiguration)]
public sealed class StatusesController(ISystemConfiguration configuration, StatusListEditor editor) : Controller
{
    [HttpPost("")]
    public async Task<IActionResult> Save(
        [Bind(Prefix = "StatusList")] StatusListEditModel model,
        [FromServices] IValidator<StatusListEditModel> validator,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "StatusList", cancellationToken))
        {
            try
            {
                var changes = model.Statuses.Select(s => new StatusChange(s.Id, s.Label!, s.DefaultProbability!.Value)).ToList();
                await editor.SaveStatusesAsync(changes, model.Revision, cancellationToken);
                return Saved();
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "StatusList");
            }
        }

        return OpportunityPage(OpportunityConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), statusList: model));
    }

    [HttpPost("add")]
    public async Task<IActionResult> Add(
        [Bind(Prefix = "NewStatus")] NewStatusEditModel model,
        [FromServices] IValidator<NewStatusEditModel> validator,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "NewStatus", cancellationToken))
        {
            try
            {
                await editor.AddStatusAsync(model.Label!, model.DefaultProbability!.Value, model.Revision, cancellationToken);
                return Saved();
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "NewStatus");
            }
        }

        return OpportunityPage(OpportunityConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), newStatus: model));
    }

    [HttpGet("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        var status = await editor.GetDeletionInfoAsync(id, cancellationToken);
        if (status is null)
        {
            return NotFound();
        }

        return DeletePage(StatusDeleteViewModel.Build(await configuration.GetAsync(cancellationToken), status));
    }

    /// <summary>
    /// Deletes at once when nothing uses the status; otherwise the confirmation page asks where
    /// the records go, and its form posts here again with the chosen status.
    /// </summary>
    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(
        int id,
        StatusDeleteEditModel model,
        [FromServices] IValidator<StatusDeleteEditModel> validator,
        CancellationToken cancellationToken)
    {
        var status = await editor.GetDeletionInfoAsync(id, cancellationToken);
        if (status is null)
        {
            this.Flash(FlashKind.Warning, "That status no longer exists.");
            return RedirectToAction(nameof(ConfigurationController.Opportunity), "Configuration");
        }

        if (await validator.ValidateIntoAsync(model, ModelState, cancellationToken: cancellationToken))
        {
            try
            {
                await editor.DeleteStatusAsync(id, model.MoveToStatusId, model.Revision, cancellationToken);
                this.Flash(FlashKind.Success, $"Status '{status.Label}' deleted. {ConfigurationPages.SavedMessage}");
                return RedirectToAction(nameof(ConfigurationController.Opportunity), "Configuration");
            }
            catch (DomainRuleException ex) when (ex.Field == "MoveTo")
            {
                if (model.MoveToStatusId is null)
                {
                    // Asked from the list while records use the status: the page asks where they go.
                    return RedirectToAction(nameof(Delete), new { id });
                }

                ModelState.AddModelError(nameof(model.MoveToStatusId), ex.Message);
            }
            catch (DomainRuleException ex)
            {
                this.Flash(FlashKind.Danger, ex.Message);
                return RedirectToAction(nameof(ConfigurationController.Opportunity), "Configuration");
            }
        }

        return DeletePage(StatusDeleteViewModel.Build(await configuration.GetAsync(cancellationToken), status, model));
    }

    private RedirectToActionResult Saved()
    {
        this.Flash(FlashKind.Success, ConfigurationPages.SavedMessage);
        return RedirectToAction(nameof(ConfigurationController.Opportunity), "Configuration");
    }

    private ViewResult OpportunityPage(OpportunityConfigurationViewModel model)
    {
        ViewData.SetPage("Opportunity configuration", ConfigurationPages.OpportunityTrail());
        return View(ConfigurationPages.OpportunityView, model);
    }

    private ViewResult DeletePage(StatusDeleteViewModel model)
    {
        ViewData.SetPage($"Delete status {model.Status.Label}", ConfigurationPages.Trail(
            new Breadcrumb("Sales Pipeline"), new Breadcrumb("Opportunity", ConfigurationPages.OpportunityUrl), new Breadcrumb("Delete status")));
        return View(ConfigurationPages.DeleteStatusView, model);
    }
}
