using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Application.Opportunities;

/// <summary>Where a change came from; handlers of after-change work may read it (the board reads its filter).</summary>
public sealed record ChangeOrigin(string Path, OpportunitySearch? Board = null, string? Workflow = null, string? WorkflowTransition = null)
{
    public static readonly ChangeOrigin Form = new("form");
    public static readonly ChangeOrigin Inline = new("inline");
    public static readonly ChangeOrigin Mass = new("mass");
    public static readonly ChangeOrigin Import = new("import");
    public static readonly ChangeOrigin StatusDeletion = new("status-deletion");

    public static ChangeOrigin BoardDrop(OpportunitySearch board) => new("board", board);

    /// <summary>A workflow transition (from the view page, or a card drop when <paramref name="board"/> is given).</summary>
    public static ChangeOrigin Transition(string workflow, string transition, OpportunitySearch? board = null) =>
        new(board is null ? "workflow" : "board", board, workflow, transition);
}

/// <summary>The events of one save, with where the change came from.</summary>
public sealed record ChangeBatch(IReadOnlyList<IDomainEvent> Events, ChangeOrigin Origin);

/// <summary>
/// Work that follows a change to opportunities (board totals today; workflow steps and webhooks
/// later). Registered once in DI by the feature that owns it; the save step calls every handler.
/// </summary>
public interface IOpportunityChangeHandler
{
    /// <summary>
    /// Before the write (the database still shows the state the change was applied to; a concurrent
    /// change of the same record fails the write on its concurrency token). Returns what to do once the
    /// write happened, or null when the batch is none of its business.
    /// </summary>
    Task<IChangeFollowUp?> BeginAsync(ChangeBatch batch, CancellationToken cancellationToken);
}

/// <summary>The second half of a handler's work for one save.</summary>
public interface IChangeFollowUp
{
    /// <summary>
    /// Inside the write transaction, right after the write, before its data revision is bumped: reads of
    /// the written state go here, outside the revision's row lock.
    /// </summary>
    Task WrittenAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Inside the write transaction, after the write, under the data revision it produced (its row lock held until the commit).</summary>
    Task SavedAsync(long revision, CancellationToken cancellationToken);

    /// <summary>After the transaction committed, or rolled back.</summary>
    void Completed(long revision, bool committed);
}

/// <summary>
/// The one save step for opportunities changed through <see cref="Opportunity.Apply"/>: one write
/// transaction holds the rows, their audit entries (the audit interceptor), the data-revision bump
/// and whatever the change handlers do inside it; the domain events the aggregates recorded are
/// dispatched to the handlers inside the transaction and after commit, then cleared.
/// </summary>
public sealed class OpportunitySaveStep(AppDbContext db, IEnumerable<IOpportunityChangeHandler> handlers)
{
    /// <summary>The answer when the configuration (rates, base currency, statuses) changed between reading it and saving.</summary>
    public const string ConfigurationChangedMessage =
        "The system configuration (for example the base currency or a rate) changed while this was being saved. Nothing was saved; reload and apply your change again.";

    /// <summary>
    /// Saves; returns the opportunities data revision the save produced (null when nothing changed or the
    /// caller owns the transaction). <paramref name="configurationRevision"/> is the revision of the
    /// configuration the changes were applied with: if it moved meanwhile (a base-currency change that
    /// re-valued every deal), the save is refused rather than writing values computed with the old rates.
    /// </summary>
    public async Task<long?> SaveAsync(IReadOnlyCollection<Opportunity> opportunities, ChangeOrigin origin, long configurationRevision, CancellationToken cancellationToken)
    {
        var events = opportunities.SelectMany(o => o.DomainEvents).ToList();
        try
        {
            // Handlers look at the state before the write outside the write transaction: on SQLite that
            // transaction holds the one write gate, and what runs inside it is what concurrent writers wait for.
            // A concurrent change to the same record is caught by its concurrency token and rolls this one back.
            var followUps = new List<IChangeFollowUp>();
            if (events.Count > 0)
            {
                var batch = new ChangeBatch(events, origin);
                foreach (var handler in handlers)
                {
                    if (await handler.BeginAsync(batch, cancellationToken) is { } followUp)
                    {
                        followUps.Add(followUp);
                    }
                }
            }

            await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginWriteTransactionAsync(cancellationToken) : null;

            // Inside the write transaction: on SQLite no configuration write can commit until this one ends;
            // elsewhere the configuration writer's row lock orders them.
            if (await Configuration.ConfigurationCache.ReadRevisionAsync(db, cancellationToken) != configurationRevision)
            {
                throw new ConcurrencyConflictException(ConfigurationChangedMessage);
            }

            // In its own transaction the save bumps the revisions last, just before the commit: every writer
            // of opportunities queues on that row lock, so only the bump, the handlers' records and the commit hold it.
            db.DeferRevisionBumps = transaction is not null;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            finally
            {
                db.DeferRevisionBumps = false;
            }

            foreach (var opportunity in opportunities)
            {
                opportunity.ClearDomainEvents();
            }

            if (transaction is null || events.Count == 0)
            {
                await DataRevisions.BumpPendingAsync(db, cancellationToken);
                await CommitAsync(transaction, cancellationToken);
                return null;
            }

            var committed = false;
            long produced = 0;
            try
            {
                foreach (var followUp in followUps)
                {
                    await followUp.WrittenAsync(cancellationToken);
                }

                // The revision this change produced: what its own bump returned.
                await DataRevisions.BumpPendingAsync(db, cancellationToken);
                produced = DataRevisions.Bumped(db, Domain.Configuration.DataRevision.Opportunities)
                    ?? await DataRevisions.ReadAsync(db, Domain.Configuration.DataRevision.Opportunities, cancellationToken);
                foreach (var followUp in followUps)
                {
                    await followUp.SavedAsync(produced, cancellationToken);
                }

                await CommitAsync(transaction, cancellationToken);
                committed = true;
            }
            finally
            {
                foreach (var followUp in followUps)
                {
                    followUp.Completed(produced, committed);
                }
            }

            return produced;
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(ConcurrencyConflictException.OpportunityMessage, ex);
        }
    }

    private static async Task CommitAsync(IDbContextTransaction? transaction, CancellationToken cancellationToken)
    {
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }
}
