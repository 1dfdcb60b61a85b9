namespace Oro.Opportunities.Domain.Opportunities;

/// <summary>
/// What one card move on a board did to that board's column totals, stored in the move's own write
/// transaction under the opportunities data revision it produced (one move per revision). Every app
/// instance reads the moves it did not make from here, so board totals follow moves made on any
/// instance without counting the columns again (ADR-0010, ADR-0017).
/// </summary>
public sealed class BoardMove
{
    public BoardMove(long revision, long board, DateTime recordedAt)
    {
        Revision = revision;
        Board = board;
        RecordedAt = recordedAt;
    }

    /// <summary>The opportunities data revision the move produced.</summary>
    public long Revision { get; private set; }

    /// <summary>Which board (access scope, filter and day), as a 64-bit hash of its key.</summary>
    public long Board { get; private set; }

    public DateTime RecordedAt { get; private set; }

    public int? BeforeStatusId { get; set; }

    public int? BeforeProbability { get; set; }

    public decimal? BeforeBaseBudget { get; set; }

    public int? AfterStatusId { get; set; }

    public int? AfterProbability { get; set; }

    public decimal? AfterBaseBudget { get; set; }
}
