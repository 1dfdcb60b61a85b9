using Oro.Opportunities.Application.Board;

namespace Oro.Opportunities.UnitTests.Board;

public sealed class LiveBoardTotalsTests
{
    private const string Key = "board|all|2026-11-26|{}";

    private static Dictionary<int, ColumnTotals> Base() => new()
    {
        [1] = new ColumnTotals(1, 2, 300m, 30m),
        [2] = new ColumnTotals(2, 1, 50m, 40m),
    };

    private static CardTotalsPart Part(int status, int probability, decimal budget) => new(status, probability, budget);

    [Fact]
    public async Task A_committed_move_is_added_to_the_base_it_follows()
    {
        var live = new LiveBoardTotals();
        live.Reset(Key, 10, Base());
        live.Record(Key, 11, Part(1, 10, 100m), Part(2, 80, 100m));
        live.Complete(Key, 11, committed: true);

        var totals = await live.TryGetAsync(Key, 11, TestContext.Current.CancellationToken);

        Assert.NotNull(totals);
        Assert.Equal(new ColumnTotals(1, 1, 200m, 20m), totals[1]);
        Assert.Equal(new ColumnTotals(2, 2, 150m, 120m), totals[2]);
    }

    [Fact]
    public async Task A_revision_the_journal_does_not_hold_means_count_again()
    {
        var live = new LiveBoardTotals();
        live.Reset(Key, 10, Base());

        // Revision 11 was an edit elsewhere; 12 is a move.
        live.Record(Key, 12, Part(1, 10, 100m), Part(2, 80, 100m));
        live.Complete(Key, 12, committed: true);

        Assert.Null(await live.TryGetAsync(Key, 12, TestContext.Current.CancellationToken));
        Assert.Null(await live.TryGetAsync("another key", 1, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_rolled_back_move_is_never_applied()
    {
        var live = new LiveBoardTotals();
        live.Reset(Key, 10, Base());
        live.Record(Key, 11, Part(1, 10, 100m), Part(2, 80, 100m));
        live.Complete(Key, 11, committed: false);

        Assert.Null(await live.TryGetAsync(Key, 11, TestContext.Current.CancellationToken));
        Assert.Equal(Base()[1], (await live.TryGetAsync(Key, 10, TestContext.Current.CancellationToken))![1]);
    }

    [Fact]
    public async Task A_later_move_waits_for_an_earlier_one_still_committing_and_includes_it()
    {
        var live = new LiveBoardTotals();
        live.Reset(Key, 10, Base());
        live.Record(Key, 11, Part(1, 10, 100m), Part(2, 80, 100m));
        live.Record(Key, 12, Part(1, 10, 200m), null);
        live.Complete(Key, 12, committed: true);

        var waiting = live.TryGetAsync(Key, 12, TestContext.Current.CancellationToken);
        await Task.Delay(50, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);

        live.Complete(Key, 11, committed: true);
        var totals = await waiting;

        Assert.NotNull(totals);
        Assert.Equal(new ColumnTotals(1, 0, 0m, 0m), totals[1]);
        Assert.Equal(new ColumnTotals(2, 2, 150m, 120m), totals[2]);
    }

    [Fact]
    public async Task A_count_older_than_the_base_is_ignored_and_a_newer_one_replaces_it_and_the_moves_it_holds()
    {
        var live = new LiveBoardTotals();
        live.Reset(Key, 10, Base());
        live.Reset(Key, 9, new Dictionary<int, ColumnTotals>());
        Assert.Equal(2, (await live.TryGetAsync(Key, 10, TestContext.Current.CancellationToken))![1].Count);

        live.Record(Key, 11, Part(1, 10, 100m), Part(2, 80, 100m));
        live.Complete(Key, 11, committed: true);
        var recounted = new Dictionary<int, ColumnTotals> { [1] = new ColumnTotals(1, 7, 7m, 7m) };
        live.Reset(Key, 11, recounted);

        var totals = await live.TryGetAsync(Key, 11, TestContext.Current.CancellationToken);
        Assert.Equal(7, totals![1].Count);
        Assert.False(totals.ContainsKey(2));
    }
}
