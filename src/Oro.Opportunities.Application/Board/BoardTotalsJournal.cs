using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Application.Board;

/// <summary>
/// Keeps the board's live column totals (<see cref="LiveBoardTotals"/>) through a card move made on
/// the board: what the card added to its column before the change, read just before the write
/// transaction (the drop carries the card's version, so a concurrent change of it fails the write), and
/// after it, read inside the transaction just before the revision is bumped. Both are recorded under
/// the revision the change produced, and stored in the database too (<see cref="BoardMoveLog"/>) for
/// the other instances. Any other change leaves a gap in the journal, and the board counts again.
/// </summary>
public sealed class BoardTotalsJournal(BoardQuery board, LiveBoardTotals live, BoardMoveLog log) : IOpportunityChangeHandler
{
    public async Task<IChangeFollowUp?> BeginAsync(ChangeBatch batch, CancellationToken cancellationToken)
    {
        if (batch.Origin.Board is not { } search)
        {
            return null;
        }

        var changed = batch.Events.OfType<OpportunityChanged>().Where(e => !e.Created).Select(e => e.Opportunity).Distinct().ToList();
        if (changed.Count != 1)
        {
            return null;
        }

        var id = changed[0].Id;
        return new FollowUp(board, live, log, search, id, await board.CardPartAsync(search, id, cancellationToken));
    }

    private sealed class FollowUp(BoardQuery board, LiveBoardTotals live, BoardMoveLog log, OpportunitySearch search, int id, CardTotalsPart? before) : IChangeFollowUp
    {
        private string? key;
        private CardTotalsPart? after;

        public async Task WrittenAsync(CancellationToken cancellationToken)
        {
            key = await board.KeyAsync(search, cancellationToken);
            after = await board.CardPartAsync(search, id, cancellationToken);
            log.Prepare(key, before, after);
        }

        public async Task SavedAsync(long revision, CancellationToken cancellationToken)
        {
            // The save step calls WrittenAsync first, which set the key.
            live.Record(key!, revision, before, after);

            // For the other instances: they read it from the log once it committed.
            await log.StoreAsync(key!, revision, before, after, cancellationToken);
        }

        public void Completed(long revision, bool committed)
        {
            if (key is not null)
            {
                live.Complete(key, revision, committed);
            }
        }
    }
}
