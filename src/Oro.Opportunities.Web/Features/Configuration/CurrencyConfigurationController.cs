using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Configuration;

/// <summary>System → Configuration → Currency (spec §7).</summary>
[Route("system/configuration/currency")]
[Authorize(Policy = Policies.SystemConfiguration)]
public sealed class CurrencyConfigurationController(ISystemConfiguration configuration, CurrencySettings currencies) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        CurrencyPage(CurrencyConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken)));

    [HttpPost("settings")]
    public async Task<IActionResult> SaveSettings(
        [Bind(Prefix = "Settings")] CurrencySettingsEditModel model,
        [FromServices] IValidator<CurrencySettingsEditModel> validator,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "Settings", cancellationToken))
        {
            try
            {
                await currencies.SaveCurrencySettingsAsync(model.BaseCurrency!, model.Display, model.Revision, cancellationToken);
                return Saved();
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "Settings");
            }
        }

        return CurrencyPage(CurrencyConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), settings: model));
    }

    [HttpPost("rates")]
    public async Task<IActionResult> SaveRates(
        [Bind(Prefix = "Rates")] RatesEditModel model,
        [FromServices] IValidator<RatesEditModel> validator,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "Rates", cancellationToken))
        {
            try
            {
                var changes = model.Items.Select(r => new RateChange(r.Code, r.RateToBase, r.RateFromBase, r.Entered)).ToList();
                await currencies.SaveRatesAsync(changes, model.Revision, cancellationToken);
                return Saved();
            }
            catch (DomainRuleException ex)
            {
                // Rate rules name no row; the message goes above the table.
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }

        return CurrencyPage(CurrencyConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), rates: model));
    }

    [HttpPost("add")]
    public async Task<IActionResult> Add(
        [Bind(Prefix = "NewCurrency")] NewCurrencyEditModel model,
        [FromServices] IValidator<NewCurrencyEditModel> validator,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "NewCurrency", cancellationToken))
        {
            try
            {
                var currency = new RateChange(model.CurrencyCode!.Trim().ToUpperInvariant(), model.RateToBase, model.RateFromBase, model.Entered);
                await currencies.AddCurrencyAsync(currency, model.Revision, cancellationToken);
                return Saved();
            }
            catch (DomainRuleException ex)
            {
                ModelState.AddRuleError(ex, "NewCurrency");
            }
        }

        return CurrencyPage(CurrencyConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), newCurrency: model));
    }

    /// <summary>Refusals (base currency, currency in use, stale page) come back as a message on the page.</summary>
    [HttpPost("{code}/remove")]
    public async Task<IActionResult> Remove(string code, long revision, CancellationToken cancellationToken)
    {
        try
        {
            await currencies.RemoveCurrencyAsync(code.ToUpperInvariant(), revision, cancellationToken);
            this.Flash(FlashKind.Success, $"{code.ToUpperInvariant()} removed. {ConfigurationPages.SavedMessage}");
        }
        catch (DomainRuleException ex)
        {
            this.Flash(FlashKind.Danger, ex.Message);
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{code}/history")]
    public async Task<IActionResult> History(string code, CancellationToken cancellationToken)
    {
        var info = Iso4217.Find(code.ToUpperInvariant());
        if (info is null)
        {
            return NotFound();
        }

        var snapshot = await configuration.GetAsync(cancellationToken);
        var entries = await currencies.GetRateHistoryAsync(info.Code, cancellationToken);
        var now = DateTime.UtcNow;
        var model = new RateHistoryViewModel
        {
            CurrencyCode = info.Code,
            CurrencyName = info.Name,
            BaseCurrency = snapshot.BaseCurrency,
            CurrentRateId = entries.FirstOrDefault(e => e.BaseCurrency == snapshot.BaseCurrency && e.EffectiveFrom <= now)?.Id,
            Entries = entries,
        };
        ViewData.SetPage($"{info.Code} rate history", ConfigurationPages.Trail(new Breadcrumb("Currency", ConfigurationPages.CurrencyUrl), new Breadcrumb($"{info.Code} rate history")));
        return View(ConfigurationPages.RateHistoryView, model);
    }

    private RedirectToActionResult Saved()
    {
        this.Flash(FlashKind.Success, ConfigurationPages.SavedMessage);
        return RedirectToAction(nameof(Index));
    }

    private ViewResult CurrencyPage(CurrencyConfigurationViewModel model)
    {
        ViewData.SetPage("Currency configuration", ConfigurationPages.CurrencyTrail());
        return View(ConfigurationPages.CurrencyView, model);
    }
}
