using System.Collections.Concurrent;

namespace Oro.Opportunities.Application.Board;

/// <summary>
/// The board's column totals per board key (who is asking and with which filter), kept exact while
/// cards move without counting the columns again.
/// <para>
/// Every write to opportunities bumps the opportunities data revision inside its own transaction,
/// so revisions number the committed changes one by one. A key holds its totals at a base revision
/// (counted in a snapshot that read the revision and the totals together) and a journal of the card
/// moves made on this board since: each move records, inside its write transaction and under its
/// revision, what the card added to its column before and after. The totals at revision r are the
/// base plus the moves up to r, provided the journal holds every revision in between. A revision it
/// does not hold is a gap: the caller first reads the moves of the other instances from the database
/// (<see cref="BoardMoveLog"/>), and when the gap holds anything else (an edit, an import, a move on
/// another filter) counts again and resets the base. Nothing is ever applied twice or skipped; a move is
/// applied only once its transaction has committed.
/// </para>
/// </summary>
public sealed class LiveBoardTotals
{
    private const int MaxKeys = 2_000;
    private const int MaxJournal = 10_000;
    private static readonly TimeSpan InFlightWait = TimeSpan.FromSeconds(2);

    private readonly ConcurrentDictionary<string, KeyState> keys = new(StringComparer.Ordinal);
    private long counts;

    /// <summary>Records a move under <paramref name="revision"/>; call inside the write transaction, before it commits.</summary>
    public void Record(string key, long revision, CardTotalsPart? before, CardTotalsPart? after)
    {
        var state = State(key);
        lock (state)
        {
            if (revision > state.Base && state.Journal.Count < MaxJournal)
            {
                state.Journal[revision] = new Move(before, after);
            }
        }
    }

    /// <summary>The move recorded under <paramref name="revision"/> committed, or was rolled back.</summary>
    public void Complete(string key, long revision, bool committed)
    {
        if (!keys.TryGetValue(key, out var state))
        {
            return;
        }

        TaskCompletionSource changed;
        lock (state)
        {
            if (state.Journal.TryGetValue(revision, out var move))
            {
                if (committed)
                {
                    move.Committed = true;
                }
                else
                {
                    state.Journal.Remove(revision);
                }
            }

            changed = state.Changed;
            state.Changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// The totals at <paramref name="revision"/> or later, when the journal reaches that far without
    /// a gap; waits briefly for moves of this process still committing. Null means: count again.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, ColumnTotals>?> TryGetAsync(string key, long revision, CancellationToken cancellationToken)
    {
        if (!keys.TryGetValue(key, out var state))
        {
            return null;
        }

        var deadline = DateTime.UtcNow + InFlightWait;
        while (true)
        {
            Task wait;
            lock (state)
            {
                if (state.Totals is null)
                {
                    return null;
                }

                Advance(state);
                if (state.Base >= revision)
                {
                    return state.Totals;
                }

                // The next revision is a move of this process that has not committed yet: wait for it.
                if (!state.Journal.TryGetValue(state.Base + 1, out var next) || next.Committed)
                {
                    return null;
                }

                wait = state.Changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            try
            {
                await wait.WaitAsync(left, cancellationToken);
            }
            catch (TimeoutException)
            {
                return null;
            }
        }
    }

    /// <summary>The revision the board's totals are held at, once counted (null: never counted here).</summary>
    public long? BaseOf(string key)
    {
        if (!keys.TryGetValue(key, out var state))
        {
            return null;
        }

        lock (state)
        {
            return state.Totals is null ? null : state.Base;
        }
    }

    /// <summary>How many times this process counted a board's totals in full (a diagnostic: moves should not need it).</summary>
    public long Counts => Interlocked.Read(ref counts);

    /// <summary>Totals counted in one snapshot together with its <paramref name="revision"/>: the new base, when newer.</summary>
    public void Reset(string key, long revision, IReadOnlyDictionary<int, ColumnTotals> totals)
    {
        if (keys.Count >= MaxKeys && !keys.ContainsKey(key))
        {
            keys.Clear();
        }

        Interlocked.Increment(ref counts);
        var state = State(key);
        lock (state)
        {
            if (state.Totals is not null && state.Base >= revision)
            {
                return;
            }

            state.Base = revision;
            state.Totals = totals;
            foreach (var old in state.Journal.Keys.Where(r => r <= revision).ToList())
            {
                state.Journal.Remove(old);
            }
        }
    }

    private KeyState State(string key) => keys.GetOrAdd(key, _ => new KeyState());

    private static void Advance(KeyState state)
    {
        if (!state.Journal.TryGetValue(state.Base + 1, out var move) || !move.Committed)
        {
            return;
        }

        var totals = new Dictionary<int, ColumnTotals>(state.Totals!);
        do
        {
            Apply(totals, move.Before, -1);
            Apply(totals, move.After, +1);
            state.Journal.Remove(state.Base + 1);
            state.Base++;
        }
        while (state.Journal.TryGetValue(state.Base + 1, out move) && move.Committed);

        state.Totals = totals.AsReadOnly();
    }

    private static void Apply(Dictionary<int, ColumnTotals> totals, CardTotalsPart? part, int sign)
    {
        if (part is null)
        {
            return;
        }

        var current = totals.GetValueOrDefault(part.StatusId) ?? new ColumnTotals(part.StatusId, 0, 0m, 0m);
        var budget = part.BaseBudget ?? 0m;

        // Not rounded: the column's weighted sum is kept exact and rounded only for display.
        var weighted = budget * (part.Probability ?? 0) / 100m;
        totals[part.StatusId] = current with
        {
            Count = current.Count + sign,
            BaseBudget = current.BaseBudget + (sign * budget),
            WeightedBaseBudget = current.WeightedBaseBudget + (sign * weighted),
        };
    }

    private sealed class KeyState
    {
        public long Base { get; set; }

        public IReadOnlyDictionary<int, ColumnTotals>? Totals { get; set; }

        public SortedDictionary<long, Move> Journal { get; } = [];

        public TaskCompletionSource Changed { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Move(CardTotalsPart? before, CardTotalsPart? after)
    {
        public CardTotalsPart? Before { get; } = before;

        public CardTotalsPart? After { get; } = after;

        public bool Committed { get; set; }
    }
}
