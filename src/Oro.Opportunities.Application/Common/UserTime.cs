using System.Globalization;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Security;

namespace Oro.Opportunities.Application.Common;

/// <summary>
/// A moment as one user sees it: the instant (UTC, as stored) and the user's time zone. "Today" is
/// the date of that instant in the zone — what a user west of UTC calls today in the evening, not
/// the UTC date (which is already tomorrow).
/// </summary>
public sealed record UserTime(DateTime UtcNow, TimeZoneInfo Zone)
{
    public DateOnly Today => DateOnly.FromDateTime(TimeZones.ToLocal(UtcNow, Zone));
}

/// <summary>A time zone as the pickers offer it: its IANA name and a label with its current offset.</summary>
public sealed record TimeZoneOption(string Id, string Label);

/// <summary>IANA time zones (read by <see cref="TimeZoneInfo"/> from the system's tz database).</summary>
public static class TimeZones
{
    public const int IdMaxLength = 64;

    private static readonly Lazy<IReadOnlyList<TimeZoneOption>> Options = new(() =>
        TimeZoneInfo.GetSystemTimeZones()
            .Select(z => (Zone: z, Id: IanaId(z)))
            .Where(z => z.Id is not null && (z.Id.Contains('/', StringComparison.Ordinal) || z.Id == "UTC"))
            .DistinctBy(z => z.Id)
            .OrderBy(z => z.Zone.BaseUtcOffset).ThenBy(z => z.Id, StringComparer.Ordinal)
            .Select(z => new TimeZoneOption(z.Id!, Label(z.Zone, z.Id!)))
            .ToList());

    /// <summary>The zone of the server the app runs on: the system setting's default.</summary>
    public static TimeZoneInfo Server => Find(IanaId(TimeZoneInfo.Local)) ?? TimeZoneInfo.Utc;

    /// <summary>Every zone a user or the system can choose, ordered by offset.</summary>
    public static IReadOnlyList<TimeZoneOption> All => Options.Value;

    /// <summary>The zone with this IANA name, or null when the name is empty or unknown.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > IdMaxLength)
        {
            return null;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id.Trim(), out var zone) ? zone : null;
    }

    /// <summary>Whether <paramref name="id"/> names a zone a user may choose.</summary>
    public static bool IsKnown(string? id) => Find(id) is not null;

    /// <summary>The user's own zone when set (and known), else the system's, else the server's.</summary>
    public static TimeZoneInfo Resolve(string? userZone, string? systemZone) =>
        Find(userZone) ?? Find(systemZone) ?? Server;

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    /// <summary>
    /// The UTC instant at which <paramref name="date"/> begins in <paramref name="zone"/> (the first
    /// valid local time of that day when a clock change skips midnight).
    /// </summary>
    public static DateTime StartOfDayUtc(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        for (var i = 0; i < 24 * 4 && zone.IsInvalidTime(local); i++)
        {
            local = local.AddMinutes(15);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, zone);
    }

    /// <summary>"UTC+01:00 · Europe/Berlin": the offset in effect now, then the name.</summary>
    public static string Label(TimeZoneInfo zone, string id)
    {
        var offset = zone.GetUtcOffset(DateTime.UtcNow);
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{offset.Duration():hh\\:mm} · {id}");
    }

    /// <summary>The IANA name of a zone (Linux names are IANA already; Windows ones are converted).</summary>
    public static string? IanaId(TimeZoneInfo zone)
    {
        if (zone.HasIanaId)
        {
            return zone.Id == "Etc/UTC" || zone.Id == "Etc/Universal" || zone.Id == "Universal" || zone.Id == "Zulu" ? "UTC" : zone.Id;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : null;
    }
}

/// <summary>
/// The current user's clock: now, in their time zone (their own, else the one set in System →
/// Configuration → Localization). Resolved once per request; every "today" a request computes — a
/// deal closed without a close date, the Overdue and Recently Closed views, the date filters, the
/// home page — comes from here, so none of them re-derives the date from UTC.
/// </summary>
public sealed class UserClock(AccessControl accessControl, ISystemConfiguration configuration, TimeProvider clock)
{
    private TimeZoneInfo? zone;

    public async Task<TimeZoneInfo> ZoneAsync(CancellationToken cancellationToken = default)
    {
        if (zone is not null)
        {
            return zone;
        }

        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        return zone = TimeZones.Resolve(access.TimeZone, snapshot.TimeZone);
    }

    /// <summary>Now, for a change or a query made by the current user.</summary>
    public async Task<UserTime> NowAsync(CancellationToken cancellationToken = default) =>
        new(clock.GetUtcNow().UtcDateTime, await ZoneAsync(cancellationToken));

    /// <summary>
    /// The zone for code that cannot await (views, the grid's filter). A request resolves it before
    /// any action runs (the web layer's filter); outside a request it is read here.
    /// </summary>
    public TimeZoneInfo Zone => zone ?? ZoneAsync().GetAwaiter().GetResult();

    public UserTime Now => new(clock.GetUtcNow().UtcDateTime, Zone);

    public DateOnly Today => Now.Today;

    /// <summary>A stored UTC instant in the user's zone.</summary>
    public DateTime ToLocal(DateTime utc) => TimeZones.ToLocal(utc, Zone);
}
