using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Application.Currencies;

/// <summary>What a change of the base currency will do, shown before it runs (spec §7).</summary>
public sealed record BaseChangePreview(
    string OldBase, string NewBase, int RatesToWrite, int Deals, int DealsInNewBase, int DealsInOldBase, bool RunsInBackground, string? Refusal);

/// <summary>
/// Changes the base currency (spec §7, ADR-0013): re-expresses the rate history in the new base date
/// by date with cross rates, then re-values every stored base value, open and closed, with the rate
/// that applies to it — the new rate rows, the base-currency setting, the configuration revision
/// (the cached snapshot) and all the values commit in one transaction, so readers see all-old or
/// all-new, never a mixture.
/// </summary>
public sealed class BaseCurrencyChange(ConfigurationWriter writer, TimeProvider time, BaseCurrencyChangeStatus status)
{
    /// <summary>Above this many deals with an amount, the page runs the change as a background job.</summary>
    public const int BackgroundThreshold = 20_000;

    public async Task<BaseChangePreview> PreviewAsync(string newBase, CancellationToken cancellationToken = default)
    {
        var db = writer.Db;
        var oldBase = await CurrentBaseAsync(db, cancellationToken);
        string? refusal = null;
        var rates = 0;
        try
        {
            rates = (await PlanRatesAsync(db, oldBase, newBase, time.GetUtcNow().UtcDateTime, userId: null, cancellationToken)).Count;
        }
        catch (DomainRuleException ex)
        {
            refusal = ex.Message;
        }

        var deals = db.Opportunities.AsNoTracking().Where(o => o.BudgetAmount != null || o.CloseRevenueAmount != null);
        var count = await deals.CountAsync(cancellationToken);
        return new BaseChangePreview(
            oldBase, newBase, rates, count,
            await deals.CountAsync(o => o.BudgetCurrency == newBase || o.CloseRevenueCurrency == newBase, cancellationToken),
            await deals.CountAsync(o => o.BudgetCurrency == oldBase || o.CloseRevenueCurrency == oldBase, cancellationToken),
            count > BackgroundThreshold,
            refusal);
    }

    /// <summary>
    /// Runs the change in one transaction; returns the number of deals re-valued. A background run
    /// passes <paramref name="beforeCommit"/> to mark its job row finished in the same transaction (with
    /// the number of deals), so the row and the change commit together or not at all (ADR-0017).
    /// </summary>
    public async Task<int> RunAsync(
        string newBase, CurrencyDisplay display, long expectedRevision, int? userId, IProgress<RevaluationProgress>? progress,
        Func<AppDbContext, int, CancellationToken, Task>? beforeCommit = null, CancellationToken cancellationToken = default)
    {
        var db = writer.Db;
        status.Start(newBase);
        try
        {
            await writer.EnsureRevisionAsync(expectedRevision, cancellationToken);
            var oldBase = await CurrentBaseAsync(db, cancellationToken);
            var allowed = await db.AllowedCurrencies.Select(c => c.Code).ToListAsync(cancellationToken);
            if (!allowed.Contains(newBase))
            {
                throw new DomainRuleException("The base currency must be one of the allowed currencies.", "BaseCurrency");
            }

            var now = time.GetUtcNow().UtcDateTime;
            var report = new Progress(status, progress);
            await using var transaction = await db.Database.BeginWriteTransactionAsync(cancellationToken);
            var changed = 0;
            if (newBase != oldBase)
            {
                report.Report(new RevaluationProgress("Re-expressing the rate history", 0, 1));
                db.CurrencyRates.AddRange(await PlanRatesAsync(db, oldBase, newBase, now, userId, cancellationToken));
                await writer.SetAsync(SettingKeys.BaseCurrency, newBase, cancellationToken);
            }

            await writer.SetAsync(SettingKeys.CurrencyDisplay, display.ToString(), cancellationToken);
            await writer.SaveAsync(expectedRevision, cancellationToken);
            if (newBase != oldBase)
            {
                var context = new RevaluationContext(userId, now, $"Base currency changed from {oldBase} to {newBase}");
                changed = await Revaluation.AllAsync(db, newBase, context, report, cancellationToken);
            }

            report.Report(new RevaluationProgress("Committing", 1, 1));
            if (beforeCommit is not null)
            {
                await beforeCommit(db, changed, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            status.Finish(null, changed);
            return changed;
        }
        catch (Exception ex)
        {
            status.Finish(ex is DomainRuleException ? ex.Message : "The change failed and was rolled back: " + ex.Message, 0);
            throw;
        }
    }

    /// <summary>
    /// The rate rows of the new base: for each currency X (the old base included) and each date d on
    /// which X's or the new base's rate changed, rate X→new at d = rate X→old at d ÷ rate new→old at d,
    /// each looked up by the history rule (before a currency's first rate, its earliest rate). Dates
    /// of rows an earlier period of the same base left behind get a row too, so every such row has a
    /// later twin of the same date that wins (greatest id) and the old period cannot show through.
    /// </summary>
    private static async Task<List<CurrencyRate>> PlanRatesAsync(AppDbContext db, string oldBase, string newBase, DateTime now, int? userId, CancellationToken cancellationToken)
    {
        if (newBase == oldBase)
        {
            return [];
        }

        var allowed = await db.AllowedCurrencies.AsNoTracking().Select(c => c.Code).ToListAsync(cancellationToken);
        if (!allowed.Contains(newBase))
        {
            throw new DomainRuleException("The base currency must be one of the allowed currencies.", "BaseCurrency");
        }

        var rows = await db.CurrencyRates.AsNoTracking()
            .Where(r => r.BaseCurrencyCode == oldBase || r.BaseCurrencyCode == newBase)
            .Select(r => new { r.Id, r.CurrencyCode, r.BaseCurrencyCode, r.EffectiveFrom, r.RateToBase })
            .ToListAsync(cancellationToken);
        RateHistory? HistoryOf(string code)
        {
            var points = rows.Where(r => r.BaseCurrencyCode == oldBase && r.CurrencyCode == code).Select(r => new RatePoint(r.Id, r.EffectiveFrom, r.RateToBase)).ToList();
            return points.Count == 0 ? null : new RateHistory(points);
        }

        var newBaseHistory = HistoryOf(newBase)
            ?? throw new DomainRuleException($"{newBase} has no rate to {oldBase} yet. Save a rate for it first.", "BaseCurrency");
        var plan = new List<CurrencyRate>();
        foreach (var code in allowed.Append(oldBase).Distinct().Where(c => c != newBase))
        {
            var history = code == oldBase ? null : HistoryOf(code)
                ?? throw new DomainRuleException($"{code} has no rate to {oldBase} yet. Save a rate for it before changing the base currency.", "BaseCurrency");
            var dates = newBaseHistory.Points.Select(p => p.EffectiveFrom)
                .Concat(history?.Points.Select(p => p.EffectiveFrom) ?? [])
                .Concat(rows.Where(r => r.BaseCurrencyCode == newBase && r.CurrencyCode == code).Select(r => r.EffectiveFrom))
                .Distinct().Order();
            foreach (var date in dates)
            {
                var rateToOldBase = history?.At(date).RateToBase ?? 1m;
                plan.Add(new CurrencyRate(code, newBase, ExchangeRate.Rebase(rateToOldBase, newBaseHistory.At(date).RateToBase), date, userId));
            }
        }

        var first = plan.Count == 0 ? now : plan.Min(r => r.EffectiveFrom);
        plan.Add(new CurrencyRate(newBase, newBase, 1m, first, userId));
        return plan;
    }

    private static async Task<string> CurrentBaseAsync(AppDbContext db, CancellationToken cancellationToken) =>
        await db.Settings.AsNoTracking().Where(s => s.Key == SettingKeys.BaseCurrency).Select(s => s.Value).FirstOrDefaultAsync(cancellationToken) ?? "USD";

    private sealed class Progress(BaseCurrencyChangeStatus status, IProgress<RevaluationProgress>? inner) : IProgress<RevaluationProgress>
    {
        public void Report(RevaluationProgress value)
        {
            status.Report(value);
            inner?.Report(value);
        }
    }
}

/// <summary>
/// The state of the base-currency change of this process (queued, running with its progress, or the
/// last one's outcome), for the settings page. One change at a time.
/// </summary>
public sealed class BaseCurrencyChangeStatus
{
    private readonly Lock gate = new();
    private Snapshot current = new(null, false, null, null, null, 0, DateTime.MinValue, []);
    private DateTime phaseStarted;

    /// <param name="Phases">Each finished phase with its duration, for the administrator and the benchmark.</param>
    public sealed record Snapshot(string? Target, bool Running, RevaluationProgress? Progress, string? Error, DateTime? FinishedAt, int Revalued, DateTime StartedAt, IReadOnlyList<(string Phase, TimeSpan Took)> Phases)
    {
        public string Percent => Progress is { Total: > 0 } p ? (100.0 * p.Done / p.Total).ToString("0", CultureInfo.InvariantCulture) : "0";

        public TimeSpan? Took => FinishedAt - StartedAt;

        public string PhaseSummary => string.Join(", ", Phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Phase} {p.Took.TotalSeconds:0.0} s")));
    }

    public Snapshot Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
    }

    /// <summary>Marks a change as queued; false when one is already queued or running.</summary>
    public bool TryQueue(string target)
    {
        lock (gate)
        {
            if (current.Running)
            {
                return false;
            }

            current = new Snapshot(target, true, new RevaluationProgress("Queued", 0, 1), null, null, 0, DateTime.UtcNow, []);
            phaseStarted = DateTime.UtcNow;
            return true;
        }
    }

    internal void Start(string target)
    {
        lock (gate)
        {
            var queued = current.Running && current.Target == target ? current.Phases.Append(("Waiting in the queue", DateTime.UtcNow - phaseStarted)).ToList() : [];
            current = new Snapshot(target, true, new RevaluationProgress("Starting", 0, 1), null, null, 0, DateTime.UtcNow, queued);
            phaseStarted = DateTime.UtcNow;
        }
    }

    internal void Report(RevaluationProgress progress)
    {
        lock (gate)
        {
            var now = DateTime.UtcNow;
            if (current.Progress is { } previous && previous.Phase != progress.Phase)
            {
                current = current with { Phases = [.. current.Phases, (previous.Phase, now - phaseStarted)] };
                phaseStarted = now;
            }

            current = current with { Progress = progress };
        }
    }

    internal void Finish(string? error, int revalued)
    {
        lock (gate)
        {
            var now = DateTime.UtcNow;
            var phases = current.Progress is { } last ? [.. current.Phases, (last.Phase, now - phaseStarted)] : current.Phases;
            current = current with { Running = false, Error = error, FinishedAt = now, Revalued = revalued, Phases = phases };
        }
    }
}

/// <summary>Starts a queued base-currency change (a <see cref="Domain.Money.BaseCurrencyChangeJob"/> row) in the background (the web app uses Hangfire).</summary>
public interface IBaseCurrencyChangeScheduler
{
    void Enqueue(int jobId);
}
