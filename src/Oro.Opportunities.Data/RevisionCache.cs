using System.Collections.Concurrent;

namespace Oro.Opportunities.Data;

/// <summary>
/// A process-wide cache whose entries hold for one data revision: the first read under a newer revision
/// empties it. Whatever a write on any instance may change is thus never served past that write, as
/// long as the write bumps the revision (<see cref="DataRevisionInterceptor"/>).
/// </summary>
public class RevisionCache<TKey, TValue>
    where TKey : notnull
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<TKey, TValue> entries = new();
    private long revision = -1;

    /// <summary>
    /// The value for <paramref name="key"/> at the current <paramref name="revisionName"/> revision
    /// (<see cref="DataRevisions.CurrentAsync"/>), loaded and kept when missing; a loaded value that
    /// <paramref name="keep"/> refuses is returned but not kept.
    /// </summary>
    public async Task<TValue> GetOrAddAsync(AppDbContext db, string revisionName, TKey key, Func<Task<TValue>> load, Func<TValue, bool>? keep = null, CancellationToken cancellationToken = default)
    {
        var current = await DataRevisions.CurrentAsync(db, revisionName, cancellationToken);
        if (TryGet(current, key, out var cached))
        {
            return cached;
        }

        var loaded = await load();
        if (keep is null || keep(loaded))
        {
            Add(current, key, loaded);
        }

        return loaded;
    }

    public bool TryGet(long currentRevision, TKey key, out TValue value)
    {
        if (Interlocked.Read(ref revision) != currentRevision)
        {
            entries.Clear();
            Interlocked.Exchange(ref revision, currentRevision);
        }

        return entries.TryGetValue(key, out value!);
    }

    public void Add(long currentRevision, TKey key, TValue value)
    {
        if (Interlocked.Read(ref revision) != currentRevision)
        {
            return;
        }

        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[key] = value;
    }
}
