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
public sealed class CurrencyConfigurationController(ISystemConfiguration configuration, CurrencySettings currencies, BaseCurrencyChangeJobs baseChanges) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        await CurrencyPageAsync(CurrencyConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken)), cancellationToken);

    /// <summary>The page, with the last base-currency change as every node sees it (its job row, ADR-0017).</summary>
    private async Task<ViewResult> CurrencyPageAsync(CurrencyConfigurationViewModel page, CancellationToken cancellationToken)
    {
        var model = page.BaseChange is null && await baseChanges.CurrentAsync(cancellationToken) is { Target: not null } status
            ? CurrencyConfigurationViewModel.WithBaseChange(page, status)
            : page;
        ViewData.SetPage("Currency configuration", ConfigurationPages.CurrencyTrail());
        return View(ConfigurationPages.CurrencyView, model);
    }

    /// <summary>The confirmation step of a base-currency change: what it will do and to how many deals (spec §7).</summary>
    [HttpGet("change-base")]
    public async Task<IActionResult> ChangeBase(string to, CurrencyDisplay display, long revision, [FromServices] BaseCurrencyChange change, CancellationToken cancellationToken)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var code = (to ?? string.Empty).Trim().ToUpperInvariant();
        if (!snapshot.AllowedCurrencies.Contains(code) || code == snapshot.BaseCurrency)
        {
            return RedirectToAction(nameof(Index));
        }

        var model = new ChangeBaseViewModel
        {
            Preview = await change.PreviewAsync(code, cancellationToken),
            Display = display,
            Revision = revision,
            Status = await baseChanges.CurrentAsync(cancellationToken) ?? new BaseCurrencyChangeStatus().Current,
        };
        ViewData.SetPage("Change the base currency", ConfigurationPages.Trail(new Breadcrumb("Currency", ConfigurationPages.CurrencyUrl), new Breadcrumb("Change the base currency")));
        return View(ConfigurationPages.ChangeBaseView, model);
    }

    /// <summary>Runs a confirmed base-currency change: here when small, as a background job when large.</summary>
    [HttpPost("change-base")]
    public async Task<IActionResult> ConfirmChangeBase(
        string baseCurrency, CurrencyDisplay display, long revision,
        [FromServices] BaseCurrencyChange change, [FromServices] Application.Security.ICurrentUser user,
        CancellationToken cancellationToken)
    {
        var code = (baseCurrency ?? string.Empty).Trim().ToUpperInvariant();
        try
        {
            var preview = await change.PreviewAsync(code, cancellationToken);
            if (preview.Refusal is not null)
            {
                throw new DomainRuleException(preview.Refusal);
            }

            if (preview.RunsInBackground)
            {
                // A row every node sees, run under a lease: one at a time, resumed by another node if its own is lost.
                await baseChanges.QueueAsync(code, display, revision, user.UserId, preview.Deals, cancellationToken);
                this.Flash(FlashKind.Info, $"Changing the base currency to {code} runs in the background: {preview.Deals:N0} deals are re-valued. Totals keep showing {preview.OldBase} until it has finished.");
            }
            else
            {
                var revalued = await change.RunAsync(code, display, revision, user.UserId, progress: null, cancellationToken: cancellationToken);
                this.Flash(FlashKind.Success, $"The base currency is now {code}; {revalued:N0} deals were re-valued. {ConfigurationPages.SavedMessage}");
            }
        }
        catch (DomainRuleException ex)
        {
            this.Flash(FlashKind.Danger, ex.Message);
        }

        return RedirectToAction(nameof(Index));
    }

    [HttpPost("settings")]
    public async Task<IActionResult> SaveSettings(
        [Bind(Prefix = "Settings")] CurrencySettingsEditModel model,
        [FromServices] IValidator<CurrencySettingsEditModel> validator,
        CancellationToken cancellationToken)
    {
        if (await validator.ValidateIntoAsync(model, ModelState, "Settings", cancellationToken))
        {
            var snapshot = await configuration.GetAsync(cancellationToken);
            if (model.BaseCurrency != snapshot.BaseCurrency && snapshot.AllowedCurrencies.Contains(model.BaseCurrency!))
            {
                // A new base re-values every deal: the user sees what will happen and confirms first.
                return RedirectToAction(nameof(ChangeBase), new { to = model.BaseCurrency, display = model.Display, revision = model.Revision });
            }

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

        return await CurrencyPageAsync(CurrencyConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), settings: model), cancellationToken);
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
                var effectiveFrom = model.EffectiveFrom is DateTime date ? DateTime.SpecifyKind(date.Date, DateTimeKind.Utc) : (DateTime?)null;
                if (effectiveFrom is DateTime from && !model.Confirmed)
                {
                    // A past date re-values closed deals: say which and how many before saving (the currencies changed only).
                    var snapshot = await configuration.GetAsync(cancellationToken);
                    var impacts = new List<RateImpact>();
                    foreach (var change in await currencies.ChangedAsync(changes, cancellationToken))
                    {
                        impacts.Add(await currencies.PreviewRateAsync(change.CurrencyCode, from, cancellationToken));
                    }

                    return await CurrencyPageAsync(CurrencyConfigurationViewModel.Build(snapshot, rates: model, rateImpacts: impacts), cancellationToken);
                }

                var revalued = await currencies.SaveRatesAsync(changes, model.Revision, effectiveFrom, cancellationToken);
                this.Flash(FlashKind.Success, revalued == 0 ? ConfigurationPages.SavedMessage : $"{ConfigurationPages.SavedMessage}: {revalued:N0} deals re-valued with the new rates.");
                return RedirectToAction(nameof(Index));
            }
            catch (DomainRuleException ex)
            {
                // Rate rules name no row; the message goes above the table.
                ModelState.AddModelError(string.Empty, ex.Message);
            }
        }

        return await CurrencyPageAsync(CurrencyConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), rates: model), cancellationToken);
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

        return await CurrencyPageAsync(CurrencyConfigurationViewModel.Build(await configuration.GetAsync(cancellationToken), newCurrency: model), cancellationToken);
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

}
