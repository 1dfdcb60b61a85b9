using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Data;

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
/// Counts opportunities per status and moves them, in one set-based update, to another open
/// status; the probability follows the rule of spec §3.1 (it takes the new default unless it was
/// entered by hand).
/// </summary>
public sealed class OpportunityStatusUsage(AppDbContext db, TimeProvider clock) : IStatusUsage
{
    public Task<int> CountAsync(int statusId, CancellationToken cancellationToken = default) =>
        db.Opportunities.CountAsync(o => o.StatusId == statusId, cancellationToken);

    public async Task MoveAsync(int fromStatusId, int toStatusId, CancellationToken cancellationToken = default)
    {
        var from = await db.OpportunityStatuses.AsNoTracking().SingleAsync(s => s.Id == fromStatusId, cancellationToken);
        var to = await db.OpportunityStatuses.AsNoTracking().SingleAsync(s => s.Id == toStatusId, cancellationToken);
        if (from.IsClosed || to.IsClosed)
        {
            throw new Domain.DomainRuleException("Only opportunities of an open status can be moved, and only to an open status.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await db.Opportunities
            .Where(o => o.StatusId == fromStatusId)
            .ExecuteUpdateAsync(
                update => update
                    .SetProperty(o => o.StatusId, to.Id)
                    .SetProperty(o => o.StatusCode, to.Code)
                    .SetProperty(o => o.Probability, o => o.Probability == null || o.Probability == from.DefaultProbability ? to.DefaultProbability : o.Probability)
                    .SetProperty(o => o.UpdatedAt, now)
                    .SetProperty(o => o.Version, o => o.Version + 1),
                cancellationToken);
        await DataRevisions.BumpAsync(db, Domain.Configuration.DataRevision.Opportunities, cancellationToken);
    }
}
