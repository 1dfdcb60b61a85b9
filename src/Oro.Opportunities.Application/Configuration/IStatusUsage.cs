namespace Oro.Opportunities.Application.Configuration;

/// <summary>
/// How many records use a status, and moving them to another one. Deleting a status depends on
/// this seam rather than on the Opportunity entity, so the delete-and-move flow works (and is
/// tested) before opportunities exist.
/// </summary>
public interface IStatusUsage
{
    Task<int> CountAsync(int statusId, CancellationToken cancellationToken = default);

    Task MoveAsync(int fromStatusId, int toStatusId, CancellationToken cancellationToken = default);
}

/// <summary>
/// Counts opportunities per status. There is no Opportunity entity yet (it comes with the
/// opportunities issue), so no status is in use: this answers 0 and moves nothing until then.
/// </summary>
public sealed class OpportunityStatusUsage : IStatusUsage
{
    public Task<int> CountAsync(int statusId, CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task MoveAsync(int fromStatusId, int toStatusId, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
