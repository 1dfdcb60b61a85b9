namespace Oro.Opportunities.Domain.Statuses;

/// <summary>What a status means for the deal: still open, won, or lost (spec §2).</summary>
public enum StatusKind
{
    Open = 0,
    Won = 1,
    Lost = 2,
}
