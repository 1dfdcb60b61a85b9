using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Application.Workflows;

/// <summary>
/// The change context every path applies opportunity changes with: the configuration's statuses,
/// rates and clock, plus the field restrictions of the workflow steps the records are in (spec §6).
/// Paths ask for it with the ids they change; one query finds the steps, none when no active workflow
/// restricts anything.
/// </summary>
public sealed class WorkflowRestrictions(WorkflowCatalogCache catalogs)
{
    /// <summary>
    /// The context for changing the opportunities <paramref name="ids"/> (and new ones). A transition of
    /// <paramref name="exemptWorkflow"/> is not held to that workflow's own restrictions: it is the way
    /// the workflow means the field to change.
    /// </summary>
    public async Task<ChangeContext> ContextAsync(
        AppDbContext db, ConfigurationSnapshot snapshot, Common.UserTime now, IReadOnlyCollection<int> ids, string? exemptWorkflow = null, CancellationToken cancellationToken = default)
    {
        var context = snapshot.ChangeContext(now);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        var restricting = catalog.Active(WorkflowEntities.Opportunity).Where(w => w.HasRestrictions && w.Name != exemptWorkflow).ToList();
        if (restricting.Count == 0)
        {
            return context;
        }

        var names = restricting.Select(w => w.Name).ToList();
        var steps = new Dictionary<(string, int), string>();
        if (ids.Count > 0)
        {
            var idList = ids.Distinct().ToList();
            var rows = await db.WorkflowItems.AsNoTracking()
                .Where(i => i.Entity == WorkflowEntities.Opportunity && EF.Parameter(idList).Contains(i.EntityId) && EF.Parameter(names).Contains(i.WorkflowName))
                .Select(i => new { i.WorkflowName, i.EntityId, i.Step })
                .ToListAsync(cancellationToken);
            foreach (var row in rows)
            {
                steps[(row.WorkflowName, row.EntityId)] = row.Step;
            }
        }

        return context with { Restrictions = new StepRestrictions(restricting, steps) };
    }

    /// <summary>Refuses what a step forbids, with the message every path shows.</summary>
    private sealed class StepRestrictions(IReadOnlyList<CatalogEntry> workflows, IReadOnlyDictionary<(string, int), string> steps) : IChangeRestrictions
    {
        public void Check(RestrictedChange change)
        {
            foreach (var workflow in workflows)
            {
                var definition = workflow.Definition!;
                var stored = change.OpportunityId is int id ? steps.GetValueOrDefault((workflow.Name, id)) : null;
                if (definition.Step(WorkflowCatalog.PositionOf(workflow, stored, change.CreatedAt).Step) is not { } step)
                {
                    continue;
                }

                foreach (var restriction in step.Restrictions)
                {
                    var field = WorkflowEntities.Field(definition.Entity, restriction.Field)!;
                    if (!field.StoredFields.Any(change.ChangedFields.Contains))
                    {
                        continue;
                    }

                    var where = change.OpportunityId is null
                        ? $"a new opportunity starts in step {step.Label} of the {definition.Label}"
                        : $"the opportunity is in step {step.Label} of the {definition.Label}";
                    if (restriction.ReadOnly)
                    {
                        throw new DomainRuleException($"{field.Label} cannot be changed here: {where}.", field.FormField);
                    }

                    var (value, shown) = field.Kind switch
                    {
                        WorkflowFieldKind.Status => (change.Status.Code, change.Status.Label),
                        WorkflowFieldKind.CloseReason => (change.CloseReasonCode, change.CloseReasonCode),
                        _ => (null, null),
                    };
                    if (value is not null && restriction.DisallowedValues.Contains(value))
                    {
                        var way = definition.TransitionsFrom(step.Name).FirstOrDefault(t => t.Effects.Any(e => e.Field == field.Name && e.Value == value));
                        throw new DomainRuleException(
                            $"{field.Label} cannot be {shown} here: {where}." + (way is null ? string.Empty : $" Use its {way.Label} transition."),
                            field.FormField);
                    }
                }
            }
        }
    }
}
