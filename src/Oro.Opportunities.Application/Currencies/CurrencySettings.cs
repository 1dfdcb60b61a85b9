using Oro.Opportunities.Data;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Application.Currencies;

/// <summary>Which of the two rate fields the administrator typed; the other one was computed from it.</summary>
public enum RateDirection
{
    ToBase = 0,
    FromBase = 1,
}

/// <summary>A rate as submitted for one currency: 1 unit = RateToBase base units; 1 base unit = RateFromBase units.</summary>
public sealed record RateChange(string CurrencyCode, decimal? RateToBase, decimal? RateFromBase, RateDirection Entered = RateDirection.ToBase);

/// <summary>One row of a currency's rate history.</summary>
public sealed record RateHistoryEntry(long Id, DateTime EffectiveFrom, string BaseCurrency, decimal RateToBase, decimal RateFromBase, string? CreatedBy);

/// <summary>
/// System Configuration → Currency (spec §7): base currency, display, allowed currencies and their
/// rates. Rates are never updated in place; every change adds a rate row effective from now.
/// </summary>
public sealed class CurrencySettings(ConfigurationWriter writer, ICurrencyUsage usage, ICurrentUser currentUser, TimeProvider time)
{
    /// <summary>
    /// Saves the display and, when the base changes, re-bases every current rate on the new base
    /// (new rows, effective now), so that amounts keep their value in every currency.
    /// </summary>
    public async Task SaveCurrencySettingsAsync(string baseCurrency, CurrencyDisplay display, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var db = writer.Db;
        var oldBase = await CurrentBaseAsync(cancellationToken);
        var allowed = await db.AllowedCurrencies.Select(c => c.Code).ToListAsync(cancellationToken);
        if (!allowed.Contains(baseCurrency))
        {
            throw new DomainRuleException("The base currency must be one of the allowed currencies.", "BaseCurrency");
        }

        if (baseCurrency != oldBase)
        {
            var now = time.GetUtcNow().UtcDateTime;
            var rates = await CurrentRatesAsync(oldBase, now, cancellationToken);
            if (!rates.TryGetValue(baseCurrency, out var newBaseRate))
            {
                throw new DomainRuleException($"{baseCurrency} has no rate to {oldBase} yet. Save a rate for it first.", "BaseCurrency");
            }

            foreach (var code in allowed.Where(c => c != baseCurrency))
            {
                var rateToOldBase = code == oldBase ? 1m : rates.TryGetValue(code, out var rate)
                    ? rate.RateToBase
                    : throw new DomainRuleException($"{code} has no rate to {oldBase} yet. Save a rate for it before changing the base currency.", "BaseCurrency");
                db.CurrencyRates.Add(new CurrencyRate(code, baseCurrency, ExchangeRate.Rebase(rateToOldBase, newBaseRate.RateToBase), now, currentUser.UserId));
            }

            db.CurrencyRates.Add(new CurrencyRate(baseCurrency, baseCurrency, 1m, now, currentUser.UserId));
            await writer.SetAsync(SettingKeys.BaseCurrency, baseCurrency, cancellationToken);
        }

        await writer.SetAsync(SettingKeys.CurrencyDisplay, display.ToString(), cancellationToken);
        await SaveAndRevalueAsync(expectedRevision, cancellationToken);
    }

    /// <summary>Adds a rate row for every currency whose submitted rate differs from its current one.</summary>
    public async Task SaveRatesAsync(IReadOnlyList<RateChange> changes, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var db = writer.Db;
        var baseCurrency = await CurrentBaseAsync(cancellationToken);
        var allowed = await db.AllowedCurrencies.Select(c => c.Code).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var current = await CurrentRatesAsync(baseCurrency, now, cancellationToken);
        foreach (var change in changes.Where(c => c.CurrencyCode != baseCurrency))
        {
            if (!allowed.Contains(change.CurrencyCode))
            {
                throw new DomainRuleException($"{change.CurrencyCode} is no longer an allowed currency. Reload the page.");
            }

            var rate = NewRateIfChanged(change, baseCurrency, current.GetValueOrDefault(change.CurrencyCode), now);
            if (rate is not null)
            {
                db.CurrencyRates.Add(rate);
            }
        }

        await SaveAndRevalueAsync(expectedRevision, cancellationToken);
    }

    public async Task AddCurrencyAsync(RateChange currency, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var db = writer.Db;
        var code = currency.CurrencyCode;
        if (!Iso4217.IsKnown(code))
        {
            throw new DomainRuleException("Choose a currency from the ISO 4217 list.", "CurrencyCode");
        }

        var allowed = await db.AllowedCurrencies.ToListAsync(cancellationToken);
        if (allowed.Any(c => c.Code == code))
        {
            throw new DomainRuleException($"{code} is already an allowed currency.", "CurrencyCode");
        }

        var baseCurrency = await CurrentBaseAsync(cancellationToken);
        var rate = NewRateIfChanged(currency, baseCurrency, current: null, time.GetUtcNow().UtcDateTime)
            ?? throw new DomainRuleException("Enter the rate of the new currency.", "RateToBase");
        db.AllowedCurrencies.Add(new AllowedCurrency(code, allowed.Count == 0 ? 10 : allowed.Max(c => c.SortOrder) + 10));
        db.CurrencyRates.Add(rate);
        await SaveAndRevalueAsync(expectedRevision, cancellationToken);
    }

    /// <summary>Removes a currency from the allowed list; its rate history stays.</summary>
    public async Task RemoveCurrencyAsync(string currencyCode, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var db = writer.Db;
        var currency = await db.AllowedCurrencies.FirstOrDefaultAsync(c => c.Code == currencyCode, cancellationToken)
            ?? throw new DomainRuleException($"{currencyCode} is not an allowed currency.");
        if (currencyCode == await CurrentBaseAsync(cancellationToken))
        {
            throw new DomainRuleException($"{currencyCode} is the base currency and cannot be removed. Choose another base currency first.");
        }

        if (await usage.IsInUseAsync(currencyCode, cancellationToken))
        {
            throw new DomainRuleException($"{currencyCode} is used by existing records and cannot be removed.");
        }

        db.AllowedCurrencies.Remove(currency);
        await writer.SaveAsync(expectedRevision, cancellationToken);
    }

    /// <summary>
    /// Saves the new rates and, in the same transaction, re-values every open deal at them, so no
    /// reader sees new rates beside old base values.
    /// </summary>
    private async Task SaveAndRevalueAsync(long expectedRevision, CancellationToken cancellationToken)
    {
        var db = writer.Db;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await writer.SaveAsync(expectedRevision, cancellationToken);
        var baseCurrency = await CurrentBaseAsync(cancellationToken);
        foreach (var (code, rate) in await CurrentRatesAsync(baseCurrency, time.GetUtcNow().UtcDateTime, cancellationToken))
        {
            await OpenDealRevaluation.RevalueAsync(db, code, code == baseCurrency ? 1m : rate.RateToBase, cancellationToken);
        }

        await OpenDealRevaluation.RevalueAsync(db, baseCurrency, 1m, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<RateHistoryEntry>> GetRateHistoryAsync(string currencyCode, CancellationToken cancellationToken = default) =>
        await writer.Db.CurrencyRates.AsNoTracking()
            .Where(r => r.CurrencyCode == currencyCode)
            .OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id)
            .Select(r => new RateHistoryEntry(
                r.Id,
                r.EffectiveFrom,
                r.BaseCurrencyCode,
                r.RateToBase,
                r.RateFromBase,
                writer.Db.Users.Where(u => u.Id == r.CreatedByUserId).Select(u => u.UserName).FirstOrDefault()))
            .ToListAsync(cancellationToken);

    private CurrencyRate? NewRateIfChanged(RateChange change, string baseCurrency, RateInfo? current, DateTime now)
    {
        bool Differs(decimal entered, decimal? stored) => stored is null || ExchangeRate.Round(entered) != stored;

        // The field the user typed wins; the other one only counts when it alone was changed
        // (a browser without the script that fills it in).
        if (change.Entered == RateDirection.FromBase && change.RateFromBase is decimal typedFrom && Differs(typedFrom, current?.RateFromBase))
        {
            return CurrencyRate.FromRateFromBase(change.CurrencyCode, baseCurrency, typedFrom, now, currentUser.UserId);
        }

        if (change.RateToBase is decimal to && Differs(to, current?.RateToBase))
        {
            return new CurrencyRate(change.CurrencyCode, baseCurrency, to, now, currentUser.UserId);
        }

        if (change.RateFromBase is decimal from && Differs(from, current?.RateFromBase))
        {
            return CurrencyRate.FromRateFromBase(change.CurrencyCode, baseCurrency, from, now, currentUser.UserId);
        }

        return null;
    }

    private async Task<string> CurrentBaseAsync(CancellationToken cancellationToken) =>
        await writer.Db.Settings.AsNoTracking()
            .Where(s => s.Key == SettingKeys.BaseCurrency)
            .Select(s => s.Value)
            .FirstOrDefaultAsync(cancellationToken) ?? "USD";

    private async Task<Dictionary<string, RateInfo>> CurrentRatesAsync(string baseCurrency, DateTime now, CancellationToken cancellationToken)
    {
        var rates = await writer.Db.CurrencyRates.AsNoTracking()
            .Where(r => r.BaseCurrencyCode == baseCurrency && r.EffectiveFrom <= now)
            .Select(r => new { r.Id, r.CurrencyCode, r.RateToBase, r.RateFromBase, r.EffectiveFrom })
            .ToListAsync(cancellationToken);
        return rates
            .GroupBy(r => r.CurrencyCode)
            .Select(g => g.OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).First())
            .ToDictionary(r => r.CurrencyCode, r => new RateInfo(r.CurrencyCode, r.RateToBase, r.RateFromBase, r.EffectiveFrom), StringComparer.Ordinal);
    }
}
