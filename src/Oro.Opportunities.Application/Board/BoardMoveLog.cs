using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Application.Board;

/// <summary>
/// The card moves of every app instance, in the database (<see cref="BoardMove"/>): a move is stored in
/// its own write transaction under the revision it produced, and an instance whose
/// <see cref="LiveBoardTotals"/> miss revisions reads them here. When every missing revision is a move
/// on the same board, the totals follow them without counting the columns again; any other write
/// among them (an edit, an import, a move under another filter) still means: count again.
/// </summary>
public sealed class BoardMoveLog(AppDbContext db, LiveBoardTotals live, TimeProvider clock)
{
    /// <summary>How many moves an instance may catch up on from the log; further behind, counting is as cheap.</summary>
    public const int MaxCatchUp = 1_000;

    /// <summary>Moves older than this many revisions are deleted now and then; no instance catches up that far.</summary>
    private const int Kept = 10 * MaxCatchUp;

    /// <summary>A board key as the 64-bit number the log stores (the first 8 bytes of its SHA-256).</summary>
    public static long Hash(string key) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0);

    /// <summary>
    /// Inside the move's write transaction, after its write and before the bump: the bump stores the move
    /// in its own statement where the database can (<see cref="DataRevisions.WithBump"/>).
    /// </summary>
    public void Prepare(string key, CardTotalsPart? before, CardTotalsPart? after) =>
        DataRevisions.WithBump(db, Move(0, key, before, after));

    /// <summary>Inside the move's write transaction, after its write, under the revision it produced (unless its bump stored it).</summary>
    public async Task StoreAsync(string key, long revision, CardTotalsPart? before, CardTotalsPart? after, CancellationToken cancellationToken)
    {
        // A move the bump did not take (not PostgreSQL, or no bump of this revision) must not ride on a later one.
        DataRevisions.WithBump(db, null);
        if (!DataRevisions.StoredWithBump(db, revision))
        {
            db.BoardMoves.Add(Move(revision, key, before, after));
            await db.SaveChangesAsync(cancellationToken);
        }

        if (revision % MaxCatchUp == 0)
        {
            await db.BoardMoves.Where(m => m.Revision <= revision - Kept).ExecuteDeleteAsync(cancellationToken);
        }
    }

    private BoardMove Move(long revision, string key, CardTotalsPart? before, CardTotalsPart? after) =>
        new(revision, Hash(key), clock.GetUtcNow().UtcDateTime)
        {
            BeforeStatusId = before?.StatusId,
            BeforeProbability = before?.Probability,
            BeforeBaseBudget = before?.BaseBudget,
            AfterStatusId = after?.StatusId,
            AfterProbability = after?.Probability,
            AfterBaseBudget = after?.BaseBudget,
        };

    /// <summary>
    /// Brings the board's live totals up to <paramref name="revision"/> (committed) from the log, when
    /// every revision after their base is a move on this board. False: count again.
    /// </summary>
    public async Task<bool> CatchUpAsync(string key, long revision, CancellationToken cancellationToken)
    {
        if (live.BaseOf(key) is not long from || revision <= from || revision - from > MaxCatchUp)
        {
            return false;
        }

        var board = Hash(key);
        var moves = await db.BoardMoves.AsNoTracking()
            .Where(m => m.Revision > from && m.Revision <= revision && m.Board == board)
            .OrderBy(m => m.Revision)
            .ToListAsync(cancellationToken);
        if (moves.Count != revision - from)
        {
            return false;
        }

        foreach (var move in moves)
        {
            live.Record(key, move.Revision, Part(move.BeforeStatusId, move.BeforeProbability, move.BeforeBaseBudget), Part(move.AfterStatusId, move.AfterProbability, move.AfterBaseBudget));
            live.Complete(key, move.Revision, committed: true);
        }

        return true;
    }

    private static CardTotalsPart? Part(int? statusId, int? probability, decimal? baseBudget) =>
        statusId is int status ? new CardTotalsPart(status, probability, baseBudget) : null;
}
