using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Caching.Memory;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Configuration;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>
/// Caches totals over filtered sets of opportunities (the grid's footer, the board's columns).
/// Computing them scans the whole filtered set; they change only when an opportunity does, so they
/// are keyed by the opportunities' data revision (bumped after every write, on every instance) plus
/// who is asking (their access scope) and the filter.
/// </summary>
public sealed class TotalsCache : IDisposable
{
    private readonly MemoryCache cache = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    /// <param name="today">The asking user's date: the overdue and recent views depend on it.</param>
    /// <param name="timeZone">The asking user's time zone: date filters are whole days in it.</param>
    public static string Key(string kind, UserAccess access, OpportunitySearch search, DateOnly today, string? timeZone = null)
    {
        var scope = access.Level(SecuredEntity.Opportunity, PermissionAction.View) switch
        {
            AccessLevel.All => "all",
            AccessLevel.Team => FormattableString.Invariant($"team{access.TeamId}-user{access.UserId}"),
            AccessLevel.Own => FormattableString.Invariant($"own{access.UserId}"),
            _ => "none",
        };

        // Sort and paging do not change totals; the date does for the overdue and recent views.
        var filter = JsonSerializer.Serialize(search with { Sort = null, Dir = null, Page = 1, Size = 0, After = null, Before = null });
        return string.Join('|', kind, scope, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), timeZone ?? string.Empty, filter);
    }

    public async Task<T> GetOrAddAsync<T>(AppDbContext db, string key, Func<Task<T>> compute, CancellationToken cancellationToken)
        where T : class
    {
        var revision = await DataRevisions.CurrentAsync(db, DataRevision.Opportunities, cancellationToken);
        var fullKey = revision.ToString(CultureInfo.InvariantCulture) + "|" + key;
        if (cache.TryGetValue(fullKey, out T? cached) && cached is not null)
        {
            return cached;
        }

        var value = await compute();
        cache.Set(fullKey, value, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = TimeSpan.FromMinutes(10) });
        return value;
    }

    public void Dispose() => cache.Dispose();
}
