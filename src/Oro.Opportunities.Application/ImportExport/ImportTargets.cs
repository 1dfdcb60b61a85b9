using Oro.Opportunities.Application.Common;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>The kinds of record an import job loads (<see cref="Domain.ImportExport.ImportJob.Kind"/>).</summary>
public static class ImportKinds
{
    public const string Opportunities = "opportunities";
    public const string Leads = "leads";
}

/// <summary>What a kind's writer gets for one run: the job's context and user, and the configuration it applies rows with.</summary>
public sealed record ImportRunContext(
    AppDbContext Db, UserAccess Access, ConfigurationSnapshot Snapshot, int UserId, bool MatchByName, Func<UserTime> Clock, IEnumerable<IOpportunityChangeHandler> ChangeHandlers);

/// <summary>How many records a chunk created and updated, and what the job's notices should add (rows imported with something left out).</summary>
public sealed record ChunkCounts(int Created, int Updated, IReadOnlyList<string>? Notices = null);

/// <summary>
/// One kind of record the import engine (<see cref="ImportRunner"/>) loads: its columns, and a writer
/// for a run. The runner owns the file, the chunks, their transactions, the job's counters, cancel,
/// resume and the error report; the kind decides what each row does.
/// </summary>
public interface IImportTarget
{
    string Kind { get; }

    ImportColumns Columns { get; }

    Task<IImportChunkWriter> StartAsync(ImportRunContext context, CancellationToken cancellationToken);
}

public interface IImportChunkWriter
{
    /// <summary>Reads the current record of the file into the kind's row (cells checked for form only).</summary>
    ImportRecordRow Read(CsvReader reader, ImportColumnMap map, bool malformed);

    /// <summary>
    /// Plans and writes one chunk inside the runner's transaction: valid rows become records (audited,
    /// with the revisions their cached figures are keyed by moved); a row that breaks a rule gets its
    /// errors and nothing of it is written.
    /// </summary>
    Task<ChunkCounts> WriteAsync(IReadOnlyList<ImportRecordRow> rows, CancellationToken cancellationToken);
}

/// <summary>Opportunities (spec §5): Oro's opportunity columns, applied through the one change pipeline.</summary>
public sealed class OpportunityImportTarget(Workflows.WorkflowRestrictions restrictions) : IImportTarget
{
    public string Kind => ImportKinds.Opportunities;

    public ImportColumns Columns => OpportunityCsv.Import;

    public async Task<IImportChunkWriter> StartAsync(ImportRunContext context, CancellationToken cancellationToken)
    {
        var users = await context.Db.Users.AsNoTracking().Select(u => new ImportUser(u.Id, u.UserName!, u.TeamId, u.IsEnabled)).ToListAsync(cancellationToken);
        return new Writer(context, new ChunkPlanner(context.Db, context.Access, context.Snapshot, restrictions, users, context.UserId, context.MatchByName, context.Clock));
    }

    private sealed class Writer(ImportRunContext context, ChunkPlanner planner) : IImportChunkWriter
    {
        public ImportRecordRow Read(CsvReader reader, ImportColumnMap map, bool malformed) => ImportRow.Read(reader, map, malformed);

        public async Task<ChunkCounts> WriteAsync(IReadOnlyList<ImportRecordRow> rows, CancellationToken cancellationToken)
        {
            var db = context.Db;
            var userId = context.UserId;
            var plan = await planner.PlanAsync(rows.Cast<ImportRow>().ToList(), cancellationToken);

            // New accounts first, then new contacts (they belong to an account), then the opportunities;
            // the new records go in with multi-row inserts and their audit entries (see AuditedInsert).
            var now = context.Clock().UtcNow;
            var newAccounts = plan.NewAccounts.Values.Where(a => a.Used).ToList();
            var accountIds = await AuditedInsert.InsertAsync(db, newAccounts.Select(a => a.Account).ToList(), userId, now, cancellationToken);
            for (var i = 0; i < newAccounts.Count; i++)
            {
                newAccounts[i].Id = checked((int)accountIds[i]);
            }

            var newContacts = plan.NewContacts.Values.Where(c => c.Used).ToList();
            foreach (var pending in newContacts)
            {
                pending.Contact.AccountId = pending.AccountId ?? pending.NewAccount?.Id;
            }

            var contactIds = await AuditedInsert.InsertAsync(db, newContacts.Select(c => c.Contact).ToList(), userId, now, cancellationToken);
            for (var i = 0; i < newContacts.Count; i++)
            {
                newContacts[i].Id = checked((int)contactIds[i]);
            }

            var created = new List<Opportunity>();
            foreach (var item in plan.Items)
            {
                planner.LinkCreated(item, now);
                if (item.IsNew)
                {
                    created.Add(item.Opportunity);
                }
                else
                {
                    // The import's context does not detect changes on its own (thousands of tracked rows).
                    db.Entry(item.Opportunity).DetectChanges();
                }
            }

            // Changed records through the one save step (audit by the interceptor, events dispatched), inside the chunk's transaction.
            await new OpportunitySaveStep(db, context.ChangeHandlers).SaveAsync(plan.Items.Select(i => i.Opportunity).ToList(), ChangeOrigin.Import, planner.ConfigurationRevision, cancellationToken);

            // New records: multi-row inserts with their audit entries (see AuditedInsert for why not SaveChanges).
            await AuditedInsert.InsertAsync(db, created, userId, now, cancellationToken);

            // Created rows bypass EF's change tracking: the revision that cached grid and board totals
            // are keyed by moves in the same transaction as the rows.
            await DataRevisions.BumpAsync(db, Domain.Configuration.DataRevision.Opportunities, cancellationToken);
            return new ChunkCounts(plan.Created, plan.Updated, planner.TakeNotices());
        }
    }
}
