using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Application.Workflows;

/// <summary>A stored definition, read: its record's state and the definition (null when the stored document no longer reads).</summary>
public sealed record CatalogEntry(int Id, string Name, string Label, string Entity, IReadOnlyList<string> Groups, bool IsSystem, bool IsActive, DateTime? ActivatedAt, WorkflowDefinition? Definition, IReadOnlyList<WorkflowDefinitionError> Errors)
{
    public bool HasRestrictions => Definition?.Steps.Any(s => s.Restrictions.Count > 0) ?? false;
}

/// <summary>Every stored workflow definition, read and validated once per configuration revision (ADR-0009).</summary>
public sealed class WorkflowCatalog(long revision, IReadOnlyList<CatalogEntry> entries)
{
    public long Revision => revision;

    public IReadOnlyList<CatalogEntry> Entries => entries;

    public CatalogEntry? Find(string name) => entries.FirstOrDefault(e => e.Name == name);

    /// <summary>The active, readable workflows of an entity, in name order.</summary>
    public IReadOnlyList<CatalogEntry> Active(string entity) =>
        entries.Where(e => e.IsActive && e.Entity == entity && e.Definition is not null).ToList();

    /// <summary>
    /// Where a record stands (spec §6): its stored step; else — a record created while the workflow was
    /// active (or a new one) — the start step, started; else a record from before the activation, not
    /// started, governed on every path as if in the step its <paramref name="status"/> implies
    /// (<see cref="WorkflowDefinition.StatusSteps"/>) or else the start step. Every path asks here.
    /// </summary>
    public static WorkflowPosition PositionOf(CatalogEntry workflow, string? storedStep, DateTime? createdAt, string? status = null)
    {
        if (storedStep is not null)
        {
            return new WorkflowPosition(storedStep, Started: true);
        }

        var definition = workflow.Definition!;
        var start = definition.StartStep;
        if (start is not null && (createdAt is null || (workflow.ActivatedAt is { } activated && createdAt >= activated)))
        {
            return new WorkflowPosition(start, Started: true);
        }

        var implied = status is not null && definition.StatusSteps.TryGetValue(status, out var byStatus) ? byStatus : start;
        return new WorkflowPosition(implied, Started: false);
    }

    /// <summary>Refuses (403) a transition none of the user's roles may perform: its form as its run (spec §11, "Perform").</summary>
    public static void EnsureMayPerform(Security.UserAccess access, string workflow, WorkflowTransition transition)
    {
        if (!access.CanPerform(workflow, transition.Name))
        {
            throw new ForbiddenException($"Your role may not perform {transition.Label}.");
        }
    }
}

/// <summary>The catalog of the configuration revision a request works with; reloaded when the revision moves.</summary>
public sealed class WorkflowCatalogCache : IDisposable
{
    private readonly SemaphoreSlim reloadLock = new(1, 1);
    private volatile WorkflowCatalog? catalog;

    public async Task<WorkflowCatalog> GetAsync(AppDbContext db, long revision, CancellationToken cancellationToken)
    {
        var current = catalog;
        if (current is not null && current.Revision == revision)
        {
            return current;
        }

        await reloadLock.WaitAsync(cancellationToken);
        try
        {
            current = catalog;
            if (current is not null && current.Revision == revision)
            {
                return current;
            }

            var stored = await ConfigurationCache.ReadRevisionAsync(db, cancellationToken);
            var records = await db.WorkflowDefinitions.AsNoTracking().OrderBy(w => w.Name).ToListAsync(cancellationToken);
            var entries = records.Select(r =>
            {
                var result = WorkflowDefinitionReader.Read(r.Content);
                return new CatalogEntry(r.Id, r.Name, r.Label, r.Entity, r.Groups, r.IsSystem, r.IsActive && result.IsValid, r.ActivatedAt, result.Definition, result.Errors);
            }).ToList();
            current = new WorkflowCatalog(stored, entries);
            catalog = current;
            return current;
        }
        finally
        {
            reloadLock.Release();
        }
    }

    public void Dispose() => reloadLock.Dispose();
}
