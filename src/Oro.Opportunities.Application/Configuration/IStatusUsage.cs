using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Opportunities;

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
/// Counts opportunities per status and moves them, when their status is deleted, to another open
/// status: each through the one change operation (spec §3.1: the probability follows the new status
/// unless it was entered by hand) and the one save step, so every moved deal gets its audit entry.
/// Deals are loaded and saved in chunks inside the caller's transaction.
/// </summary>
public sealed class OpportunityStatusUsage(AppDbContext db, ISystemConfiguration configuration, OpportunitySaveStep saveStep, Common.UserClock clock) : IStatusUsage
{
    private const int ChunkSize = 1_000;

    public Task<int> CountAsync(int statusId, CancellationToken cancellationToken = default) =>
        db.Opportunities.CountAsync(o => o.StatusId == statusId, cancellationToken);

    public async Task MoveAsync(int fromStatusId, int toStatusId, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var from = snapshot.StatusById(fromStatusId) ?? throw new Domain.DomainRuleException("That status does not exist.");
        var to = snapshot.StatusById(toStatusId) ?? throw new Domain.DomainRuleException("That status does not exist.");
        if (from.IsClosed || to.IsClosed)
        {
            throw new Domain.DomainRuleException("Only opportunities of an open status can be moved, and only to an open status.");
        }

        var context = snapshot.ChangeContext(await clock.NowAsync(cancellationToken));
        var change = new OpportunityChange { Status = to };
        var lastId = 0;
        while (true)
        {
            var chunk = await db.Opportunities.Where(o => o.StatusId == fromStatusId && o.Id > lastId).OrderBy(o => o.Id).Take(ChunkSize).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                return;
            }

            foreach (var opportunity in chunk)
            {
                opportunity.Apply(change, context);
            }

            await saveStep.SaveAsync(chunk, ChangeOrigin.StatusDeletion, snapshot.Revision, cancellationToken);
            foreach (var opportunity in chunk)
            {
                // Only this chunk leaves the change tracker: the caller still tracks the status it deletes.
                db.Entry(opportunity).State = EntityState.Detached;
            }

            lastId = chunk[^1].Id;
        }
    }
}
