using System.Globalization;
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
/// rates. Rates are never updated in place; every change adds a rate row effective from a moment
/// (now by default, or a past date), and the deals that rate applies to are re-valued with it in the
/// same transaction. A change of the base currency is <see cref="BaseCurrencyChange"/>.
/// </summary>
public sealed class CurrencySettings(ConfigurationWriter writer, ICurrencyUsage usage, ICurrentUser currentUser, TimeProvider time, BaseCurrencyChange baseChange)
{
    /// <summary>A rate may be dated up to this much after the server's clock (a browser clock a little ahead).</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Saves the display and, when the base changes, changes the base currency right here (small
    /// databases; the page asks for a confirmation first and runs large changes in the background).
    /// </summary>
    public async Task SaveCurrencySettingsAsync(string baseCurrency, CurrencyDisplay display, long expectedRevision, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var oldBase = await CurrentBaseAsync(cancellationToken);
        if (baseCurrency != oldBase)
        {
            await baseChange.RunAsync(baseCurrency, display, expectedRevision, currentUser.UserId, progress: null, cancellationToken: cancellationToken);
            return;
        }

        await writer.SetAsync(SettingKeys.CurrencyDisplay, display.ToString(), cancellationToken);
        await writer.SaveAsync(expectedRevision, cancellationToken);
    }

    /// <summary>How many deals a rate for <paramref name="currencyCode"/> effective from <paramref name="effectiveFrom"/> would re-value: closed deals of its period, and open deals when it would be the current rate.</summary>
    public async Task<RateImpact> PreviewRateAsync(string currencyCode, DateTime effectiveFrom, CancellationToken cancellationToken = default)
    {
        var db = writer.Db;
        var baseCurrency = await CurrentBaseAsync(cancellationToken);
        var rows = db.CurrencyRates.AsNoTracking().Where(r => r.CurrencyCode == currencyCode && r.BaseCurrencyCode == baseCurrency);
        var isEarliest = !await rows.AnyAsync(r => r.EffectiveFrom < effectiveFrom, cancellationToken);
        var next = await rows.Where(r => r.EffectiveFrom > effectiveFrom).OrderBy(r => r.EffectiveFrom).Select(r => (DateTime?)r.EffectiveFrom).FirstOrDefaultAsync(cancellationToken);
        var deals = db.Opportunities.AsNoTracking().Where(o => o.BudgetCurrency == currencyCode || o.CloseRevenueCurrency == currencyCode);
        var closed = await deals.CountAsync(o => o.ClosedAt != null && (isEarliest || o.ClosedAt >= effectiveFrom) && (next == null || o.ClosedAt < next), cancellationToken);
        var open = next is null ? await deals.CountAsync(o => o.ClosedAt == null, cancellationToken) : 0;
        return new RateImpact(currencyCode, effectiveFrom, isEarliest ? null : effectiveFrom, next, closed, open);
    }

    /// <summary>
    /// The currencies the user changed: those whose submitted rate differs from the rate in effect now
    /// (what the form showed). The form posts every currency; an untouched one is never back-dated.
    /// </summary>
    public async Task<IReadOnlyList<RateChange>> ChangedAsync(IReadOnlyList<RateChange> changes, CancellationToken cancellationToken = default)
    {
        var baseCurrency = await CurrentBaseAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var current = await RatesAtAsync(baseCurrency, now, cancellationToken);
        return changes.Where(c => c.CurrencyCode != baseCurrency && NewRateIfChanged(c, baseCurrency, current.GetValueOrDefault(c.CurrencyCode), now) is not null).ToList();
    }

    /// <summary>
    /// Adds a rate row, effective from <paramref name="effectiveFrom"/> (now when null), for every
    /// currency the user changed (<see cref="ChangedAsync"/>) whose rate differs from the one in effect
    /// at that moment, and re-values exactly the deals each new rate applies to, in one transaction.
    /// </summary>
    /// <returns>The number of deals re-valued.</returns>
    public async Task<int> SaveRatesAsync(IReadOnlyList<RateChange> changes, long expectedRevision, DateTime? effectiveFrom = null, CancellationToken cancellationToken = default)
    {
        await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
        var db = writer.Db;
        var baseCurrency = await CurrentBaseAsync(cancellationToken);
        var allowed = await db.AllowedCurrencies.Select(c => c.Code).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var from = EffectiveMoment(effectiveFrom, now);
        var inEffect = await RatesAtAsync(baseCurrency, from, cancellationToken);
        var added = new List<CurrencyRate>();
        foreach (var change in await ChangedAsync(changes, cancellationToken))
        {
            if (!allowed.Contains(change.CurrencyCode))
            {
                throw new DomainRuleException($"{change.CurrencyCode} is no longer an allowed currency. Reload the page.");
            }

            var rate = NewRateIfChanged(change, baseCurrency, inEffect.GetValueOrDefault(change.CurrencyCode), from);
            if (rate is not null)
            {
                db.CurrencyRates.Add(rate);
                added.Add(rate);
            }
        }

        return await SaveAndRevalueAsync(expectedRevision, baseCurrency, added, now, cancellationToken);
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
        var now = time.GetUtcNow().UtcDateTime;
        var rate = NewRateIfChanged(currency, baseCurrency, current: null, now)
            ?? throw new DomainRuleException("Enter the rate of the new currency.", "RateToBase");
        db.AllowedCurrencies.Add(new AllowedCurrency(code, allowed.Count == 0 ? 10 : allowed.Max(c => c.SortOrder) + 10));
        db.CurrencyRates.Add(rate);
        await SaveAndRevalueAsync(expectedRevision, baseCurrency, [rate], now, cancellationToken);
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
    /// Saves the new rates and, in the same transaction, re-values the deals each applies to, so no
    /// reader sees new rates beside old base values (nor the other way round).
    /// </summary>
    private async Task<int> SaveAndRevalueAsync(long expectedRevision, string baseCurrency, IReadOnlyList<CurrencyRate> added, DateTime now, CancellationToken cancellationToken)
    {
        var db = writer.Db;
        await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
        await writer.SaveAsync(expectedRevision, cancellationToken);
        var revalued = 0;
        foreach (var rate in added)
        {
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"{rate.CurrencyCode} rate {rate.RateToBase:0.##########} {baseCurrency} effective from {rate.EffectiveFrom:yyyy-MM-dd HH:mm} UTC");
            revalued += await Revaluation.RateAddedAsync(db, baseCurrency, rate.Id, new RevaluationContext(currentUser.UserId, now, reason), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return revalued;
    }

    /// <summary>A rate's effective moment: now by default; never in the future (spec §7: rates apply from when they are known).</summary>
    private static DateTime EffectiveMoment(DateTime? effectiveFrom, DateTime now)
    {
        if (effectiveFrom is not DateTime from)
        {
            return now;
        }

        var utc = from.Kind == DateTimeKind.Utc ? from : DateTime.SpecifyKind(from, DateTimeKind.Utc);
        if (utc > now + FutureTolerance)
        {
            throw new DomainRuleException("The effective date cannot be in the future.", "EffectiveFrom");
        }

        return utc > now ? now : utc;
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

    /// <summary>The rate of each currency in effect at <paramref name="moment"/> (the rule of <see cref="RateHistory"/>).</summary>
    private async Task<Dictionary<string, RateInfo>> RatesAtAsync(string baseCurrency, DateTime moment, CancellationToken cancellationToken)
    {
        var rates = await writer.Db.CurrencyRates.AsNoTracking()
            .Where(r => r.BaseCurrencyCode == baseCurrency && r.CurrencyCode != baseCurrency)
            .Select(r => new { r.Id, r.CurrencyCode, r.RateToBase, r.RateFromBase, r.EffectiveFrom })
            .ToListAsync(cancellationToken);
        return rates
            .GroupBy(r => r.CurrencyCode, StringComparer.Ordinal)
            .Select(g =>
            {
                var at = new RateHistory(g.Select(r => new RatePoint(r.Id, r.EffectiveFrom, r.RateToBase))).At(moment);
                return g.Single(r => r.Id == at.Id);
            })
            .ToDictionary(r => r.CurrencyCode, r => new RateInfo(r.CurrencyCode, r.RateToBase, r.RateFromBase, r.EffectiveFrom), StringComparer.Ordinal);
    }
}

/// <summary>What a rate entered for a currency at a moment re-values: closed deals of [From, Until) (From null: since the beginning) and open deals.</summary>
public sealed record RateImpact(string CurrencyCode, DateTime EffectiveFrom, DateTime? From, DateTime? Until, int ClosedDeals, int OpenDeals)
{
    public int Total => ClosedDeals + OpenDeals;
}
