using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>System → Configuration → Sales Pipeline (the Opportunity and Lead switches, spec §8) and Localization (the system time zone).</summary>
[Route("system/configuration")]
[Authorize(Policy = Policies.SystemConfiguration)]
public sealed class ConfigurationController(ISystemConfiguration configuration, SalesPipelineSettings settings) : Controller
{
    [HttpGet("")]
    public IActionResult Index() => RedirectToAction(nameof(Opportunity));

    [HttpGet("opportunity")]
    public async Task<IActionResult> Opportunity(CancellationToken cancellationToken) =>
        OpportunityPage(OpportunityConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken)));

    [HttpPost("opportunity/settings")]
    public async Task<IActionResult> SaveOpportunitySettings(
        [Bind(Prefix = "Settings")] OpportunitySettingsEditModel model,
        [FromServices] IValidator<OpportunitySettingsEditModel> validator,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "Settings", cancellationToken))
        {
            try
            {
                await settings.SaveOpportunitySettingsAsync(model.OpportunityEnabled, model.DisplayRelevantOpportunities, model.Revision, cancellationToken);
                this.Flash(FlashKind.Success, ConfigurationPages.SavedMessage);
                return RedirectToAction(nameof(Opportunity));
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "Settings");
            }
        }

        return OpportunityPage(OpportunityConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), settings: model));
    }

    [HttpGet("lead")]
    public async Task<IActionResult> Lead(CancellationToken cancellationToken) =>
        await LeadPageAsync(new LeadConfigurationViewModel { Settings = LeadSettingsEditModel.From(await configuration.GetAsync(cancellationToken)) }, cancellationToken);

    /// <summary>The lead source list (spec §9: a configurable list): relabel, add, remove (a source leads use stays).</summary>
    [HttpPost("lead/sources")]
    public async Task<IActionResult> SaveLeadSources(
        [Bind(Prefix = "Sources")] LeadSourcesEditModel model, [FromServices] Application.Leads.LeadSourceSettings sources, CancellationToken cancellationToken)
    {
        try
        {
            await sources.SaveAsync(model.ToInput(), model.Revision, cancellationToken);
            this.Flash(FlashKind.Success, ConfigurationPages.SavedMessage);
            return RedirectToAction(nameof(Lead));
        }
        catch (DomainRuleException ex)
        {
            // Shown above the list, which has no room beside each row.
            ModelState.AddModelError(string.Empty, ex.Message);
        }

        return await LeadPageAsync(new LeadConfigurationViewModel { Settings = LeadSettingsEditModel.From(await configuration.GetAsync(cancellationToken)), Sources = model }, cancellationToken);
    }

    [HttpPost("lead/settings")]
    public async Task<IActionResult> SaveLeadSettings(
        [Bind(Prefix = "Settings")] LeadSettingsEditModel model,
        [FromServices] IValidator<LeadSettingsEditModel> validator,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "Settings", cancellationToken))
        {
            try
            {
                await settings.SaveLeadSettingsAsync(model.LeadEnabled, model.Revision, cancellationToken);
                this.Flash(FlashKind.Success, ConfigurationPages.SavedMessage);
                return RedirectToAction(nameof(Lead));
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "Settings");
            }
        }

        return await LeadPageAsync(new LeadConfigurationViewModel { Settings = model }, cancellationToken);
    }

    [HttpGet("localization")]
    public async Task<IActionResult> Localization(CancellationToken cancellationToken) =>
        LocalizationPage(LocalizationSettingsEditModel.From(await configuration.GetAsync(cancellationToken)));

    [HttpPost("localization")]
    public async Task<IActionResult> SaveLocalization(
        [Bind(Prefix = "Settings")] LocalizationSettingsEditModel model,
        [FromServices] IValidator<LocalizationSettingsEditModel> validator,
        [FromServices] LocalizationSettings localization,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "Settings", cancellationToken))
        {
            try
            {
                await localization.SaveAsync(model.TimeZone, model.Revision, cancellationToken);
                this.Flash(FlashKind.Success, ConfigurationPages.SavedMessage);
                return RedirectToAction(nameof(Localization));
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "Settings");
            }
        }

        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return LocalizationPage(model);
    }

    private ViewResult LocalizationPage(LocalizationSettingsEditModel model)
    {
        ViewData.SetPage("Localization", ConfigurationPages.Trail(new Breadcrumb("Localization")));
        return View(ConfigurationPages.LocalizationView, new LocalizationConfigurationViewModel
        {
            Settings = model,
            ServerZone = Application.Common.TimeZones.IanaId(Application.Common.TimeZones.Server) ?? "UTC",
        });
    }

    private ViewResult OpportunityPage(OpportunityConfigurationViewModel model)
    {
        ViewData.SetPage("Opportunity configuration", ConfigurationPages.OpportunityTrail());
        return View(ConfigurationPages.OpportunityView, model);
    }

    private async Task<ViewResult> LeadPageAsync(LeadConfigurationViewModel model, CancellationToken cancellationToken)
    {
        model = model.Sources is null ? model with { Sources = LeadSourcesEditModel.From(await configuration.GetAsync(cancellationToken)) } : model;
        ViewData.SetPage("Lead configuration", ConfigurationPages.Trail(new Breadcrumb("Sales Pipeline"), new Breadcrumb("Lead")));
        return View(ConfigurationPages.LeadView, model);
    }
}
