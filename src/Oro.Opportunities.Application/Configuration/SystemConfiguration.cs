using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Configuration;

namespace Oro.Opportunities.Application.Configuration;

/// <summary>
/// Process-wide cache of the configuration snapshot. Every read compares the cached revision
/// with the stored one (a single-row primary-key read) and reloads when they differ.
/// </summary>
public sealed class ConfigurationCache : IDisposable
{
    private readonly SemaphoreSlim reloadLock = new(1, 1);
    private volatile ConfigurationSnapshot? snapshot;

    public async Task<ConfigurationSnapshot> GetAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var stored = await DataRevisions.CurrentAsync(db, DataRevisions.Configuration, cancellationToken);
        var current = snapshot;
        if (current is not null && current.Revision == stored)
        {
            return current;
        }

        await reloadLock.WaitAsync(cancellationToken);
        try
        {
            current = snapshot;
            if (current is not null && current.Revision == stored)
            {
                return current;
            }

            current = await LoadAsync(db, cancellationToken);
            snapshot = current;
            return current;
        }
        finally
        {
            reloadLock.Release();
        }
    }

    public void Dispose() => reloadLock.Dispose();

    public static Task<long> ReadRevisionAsync(AppDbContext db, CancellationToken cancellationToken) =>
        db.ConfigurationRevisions.AsNoTracking()
            .Where(r => r.Id == ConfigurationRevision.SingletonId)
            .Select(r => r.Revision)
            .FirstOrDefaultAsync(cancellationToken);

    private static async Task<ConfigurationSnapshot> LoadAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        // The revision is read first: if a change lands while loading, the next read sees a newer
        // revision than the snapshot carries and loads again.
        var revision = await ReadRevisionAsync(db, cancellationToken);
        var settings = await db.Settings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, cancellationToken);
        var statuses = await db.OpportunityStatuses.AsNoTracking()
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Id)
            .Select(s => new StatusInfo(s.Id, s.Code, s.Label, s.DefaultProbability, s.Kind, s.SortOrder, s.IsSystem))
            .ToListAsync(cancellationToken);
        var allowed = await db.AllowedCurrencies.AsNoTracking()
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Code)
            .Select(c => c.Code)
            .ToListAsync(cancellationToken);
        var baseCurrency = settings.GetValueOrDefault(SettingKeys.BaseCurrency) ?? "USD";

        // The whole rate history against the current base: closed deals use the rate of their
        // closing moment (spec §7). Rates are never dated in the future, so the latest row is current.
        var rows = await db.CurrencyRates.AsNoTracking()
            .Where(r => r.BaseCurrencyCode == baseCurrency)
            .Select(r => new { r.Id, r.CurrencyCode, r.RateToBase, r.RateFromBase, r.EffectiveFrom })
            .ToListAsync(cancellationToken);
        var histories = rows
            .Where(r => r.CurrencyCode != baseCurrency)
            .GroupBy(r => r.CurrencyCode, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => new RateHistory(g.Select(r => new RatePoint(r.Id, r.EffectiveFrom, r.RateToBase))), StringComparer.Ordinal);
        var current = rows
            .Where(r => r.CurrencyCode != baseCurrency)
            .GroupBy(r => r.CurrencyCode, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(r => r.EffectiveFrom).ThenByDescending(r => r.Id).First())
            .ToDictionary(r => r.CurrencyCode, r => new RateInfo(r.CurrencyCode, r.RateToBase, r.RateFromBase, r.EffectiveFrom), StringComparer.Ordinal);
        current[baseCurrency] = new RateInfo(baseCurrency, 1m, 1m, DateTime.UnixEpoch);
        var reasons = await db.CloseReasons.AsNoTracking().Select(r => new CloseReasonInfo(r.Code, r.Label)).ToListAsync(cancellationToken);
        var order = CloseReasonInfo.Defaults.Select(r => r.Code).ToList();
        reasons = [.. reasons.OrderBy(r => order.IndexOf(r.Code) is var i && i < 0 ? int.MaxValue : i).ThenBy(r => r.Code, StringComparer.Ordinal)];

        return new ConfigurationSnapshot(
            revision,
            Flag(settings, SettingKeys.OpportunityEnabled, true),
            Flag(settings, SettingKeys.LeadEnabled, true),
            Flag(settings, SettingKeys.DisplayRelevantOpportunities, true),
            baseCurrency,
            Enum.TryParse<CurrencyDisplay>(settings.GetValueOrDefault(SettingKeys.CurrencyDisplay), out var display) ? display : CurrencyDisplay.Code,
            allowed,
            statuses,
            current,
            histories)
        {
            // Unset: the zone of the server the app runs on (what "the system's time" meant before the setting).
            TimeZone = Common.TimeZones.Find(settings.GetValueOrDefault(SettingKeys.TimeZone)) is { } zone
                ? Common.TimeZones.IanaId(zone) ?? zone.Id
                : Common.TimeZones.IanaId(Common.TimeZones.Server) ?? "UTC",
            CloseReasons = reasons.Count > 0 ? reasons : CloseReasonInfo.Defaults,
            LeadSources = Leads.LeadSourceList.Parse(settings.GetValueOrDefault(SettingKeys.LeadSources)),
        };
    }

    private static bool Flag(Dictionary<string, string> settings, string key, bool fallback) =>
        settings.TryGetValue(key, out var value) && bool.TryParse(value, out var flag) ? flag : fallback;

    internal static string Format(bool value) => value.ToString(CultureInfo.InvariantCulture).ToLowerInvariant();
}

/// <summary>Request-scoped reader: the revision is checked once per request, then reused.</summary>
public sealed class SystemConfiguration(AppDbContext db, ConfigurationCache cache) : ISystemConfiguration
{
    private ConfigurationSnapshot? snapshot;

    public async Task<ConfigurationSnapshot> GetAsync(CancellationToken cancellationToken = default) =>
        snapshot ??= await cache.GetAsync(db, cancellationToken);
}
