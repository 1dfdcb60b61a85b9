using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Leads;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Application.Workflows;

/// <summary>What a transition run on a lead did.</summary>
public sealed record LeadTransitionResult(int LeadId, string Workflow, string? FromStep, string ToStep, string TransitionLabel, string ToStepLabel, int? OpportunityId);

/// <summary>
/// Runs a lead workflow's transition (spec §6, the Unqualified Sales Lead): checks the step, the user's
/// Perform grant, the form and the conditions exactly as for opportunities
/// (<see cref="WorkflowRunner.BuildValues"/>), then — in one transaction with the step and the history
/// rows — applies the form's lead fields as ONE <see cref="LeadChange"/> through
/// <see cref="LeadCommands.ApplyAsync"/> and runs the transition's action: <c>convertLead</c> is
/// <see cref="LeadConversion.ConvertAsync"/> prefilled by <see cref="LeadConversion.PrepareAsync"/> (the
/// Convert page's use case; the opportunity named by the form's <c>opportunityName</c>),
/// <c>disqualifyLead</c> / <c>reactivateLead</c> are the status moves of the same change.
/// </summary>
public sealed class LeadWorkflowRunner(
    AppDbContext db,
    AccessControl accessControl,
    ISystemConfiguration configuration,
    WorkflowCatalogCache catalogs,
    OwnedRecords<Lead> leads,
    LeadCommands commands,
    LeadConversion conversion,
    UserClock clock)
{
    /// <param name="version">The lead's concurrency token the form was built with (null: the current one).</param>
    /// <param name="form">The form's values by workflow field name; a field not sent stays as it is.</param>
    public async Task<LeadTransitionResult> RunAsync(
        int leadId, string workflowName, string transitionName, long? version, IReadOnlyDictionary<string, string?> form, CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        var workflow = catalog.Active(WorkflowEntities.Lead).FirstOrDefault(w => w.Name == workflowName)
            ?? throw new NotFoundException("That workflow is not active.");
        var definition = workflow.Definition!;
        var transition = definition.Transition(transitionName) ?? throw new NotFoundException($"The {definition.Label} has no transition '{transitionName}'.");
        var access = await accessControl.GetAsync(cancellationToken);

        // The step is read before the lead (they are saved together): a transition committed between the
        // two reads shows as a newer version (the conflict), never as a stale lead in a newer step.
        var item = await db.WorkflowItems.FirstOrDefaultAsync(
            i => i.Entity == WorkflowEntities.Lead && i.EntityId == leadId && i.WorkflowName == workflowName, cancellationToken);

        // 404 / 403 / the lead's conflict message, as every lead edit path.
        var lead = await leads.LoadAsync(access, leadId, version, PermissionAction.Edit, cancellationToken);
        var position = WorkflowCatalog.PositionOf(workflow, item?.Step, lead.CreatedAt, lead.StatusCode);
        var step = position.Step;
        if (!definition.Available(position).Contains(transition))
        {
            throw new DomainRuleException(step is null
                ? $"{transition.Label} is not available: the lead is not in the {definition.Label} yet."
                : $"{transition.Label} is not available in step {definition.Step(step)!.Label} of the {definition.Label}.");
        }

        WorkflowCatalog.EnsureMayPerform(access, workflowName, transition);

        var time = await clock.NowAsync(cancellationToken);
        var values = WorkflowRunner.BuildValues(definition, transition, form, field => Current(lead, field), snapshot, time.Today);
        var change = await ChangeAsync(access, lead, values, transition.Action, cancellationToken);
        var data = JsonSerializer.Serialize(transition.Form.ToDictionary(
            f => f.Field, f => WorkflowRunner.FormText(form, f.Field, WorkflowEntities.Field(definition.Entity, f.Field)!)));

        var owned = db.Database.CurrentTransaction is null;
        await using var transaction = owned ? await db.Database.BeginWriteTransactionAsync(cancellationToken) : null;
        try
        {
            int? opportunityId = null;
            if (change is not null || transition.Action != WorkflowEntities.ConvertLead)
            {
                await commands.ApplyAsync(leadId, version, change ?? new LeadChange(), cancellationToken);
            }

            if (transition.Action == WorkflowEntities.ConvertLead)
            {
                // The Convert page's use case: the account by the lead's account or company name (or a new
                // one), the contact from the lead when it has none, the opportunity linked, the lead Qualified.
                var draft = await conversion.PrepareAsync(leadId, cancellationToken);
                var name = values.GetValueOrDefault("opportunityName") as string;
                var converted = await conversion.ConvertAsync(
                    leadId,
                    new ConversionInput(draft.Opportunity with { Name = string.IsNullOrWhiteSpace(name) ? draft.Opportunity.Name : name }, draft.NewContact, draft.LeadVersion),
                    cancellationToken);
                opportunityId = converted.OpportunityId;
            }

            var now = time.UtcNow;
            if (item is null)
            {
                db.WorkflowItems.Add(new WorkflowItem(workflowName, WorkflowEntities.Lead, leadId, transition.To, now));
            }
            else
            {
                item.MoveTo(transition.To, now);
            }

            db.WorkflowTransitionLogs.Add(new WorkflowTransitionLog(workflowName, WorkflowEntities.Lead, leadId, transition.Name, step, transition.To, access.UserId, now, data));
            await db.SaveChangesAsync(cancellationToken);
            if (transaction is not null)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return new LeadTransitionResult(leadId, workflowName, step, transition.To, transition.Label, definition.Step(transition.To)!.Label, opportunityId);
        }
        catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException)
        {
            // Two starts at once: the second insert of the record's step breaks the unique index.
            throw new ConcurrencyConflictException(LeadConversion.ConvertedMeanwhileMessage, ex);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConcurrencyConflictException(LeadConversion.ConvertedMeanwhileMessage, ex);
        }
        finally
        {
            if (owned)
            {
                // Whatever was refused was rolled back with the transaction; the tracked rows are stale.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The record's value of a lead workflow field (for conditions and prefills).</summary>
    public static object? Current(Lead lead, string field) => field switch
    {
        "name" => lead.Name,
        "companyName" => lead.CompanyName,
        "account" => lead.AccountId,
        "contact" => lead.ContactId,
        "jobTitle" => lead.JobTitle,
        "website" => lead.Website,
        "industry" => lead.Industry,
        "additionalComments" => lead.Notes,
        _ => null,
    };

    internal static WorkflowSubject Subject(Lead lead) => new(
        WorkflowEntities.Lead, lead.Id, lead.Name, lead.Version, lead.CreatedAt, field => Current(lead, field), lead.AccountId, lead.ContactId, lead.StatusCode);

    /// <summary>
    /// The form's lead fields and the action's status move as one change (null: nothing to change); an
    /// account or contact picked must be one the user may see.
    /// </summary>
    private async Task<LeadChange?> ChangeAsync(UserAccess access, Lead lead, Dictionary<string, object?> values, string? action, CancellationToken cancellationToken)
    {
        var change = new LeadChange();
        var any = false;
        foreach (var (name, value) in values)
        {
            any |= name != "opportunityName";
            change = name switch
            {
                "name" => change with { Name = (string?)value ?? string.Empty },
                "companyName" => change with { CompanyName = new((string?)value) },
                "account" => change with
                {
                    AccountId = new(value is int accountId && accountId != lead.AccountId
                            && !await db.Accounts.Permitted(db, access).AnyAsync(a => a.Id == accountId, cancellationToken)
                        ? throw new TransitionFormException([new("account", "That account does not exist.")])
                        : (int?)value),
                },
                "contact" => change with
                {
                    ContactId = new(value is int contactId && contactId != lead.ContactId
                            && !await db.Contacts.Permitted(db, access).AnyAsync(c => c.Id == contactId, cancellationToken)
                        ? throw new TransitionFormException([new("contact", "That contact does not exist.")])
                        : (int?)value),
                },
                "jobTitle" => change with { JobTitle = new((string?)value) },
                "website" => change with { Website = new((string?)value) },
                "industry" => change with { Industry = new((string?)value) },
                "additionalComments" => change with { Notes = new((string?)value) },
                _ => change,
            };
        }

        switch (action)
        {
            case WorkflowEntities.DisqualifyLead:
                return change with { Status = LeadStatusChange.Disqualify };
            case WorkflowEntities.ReactivateLead:
                return change with { Status = LeadStatusChange.Reactivate };
            default:
                return any ? change : null;
        }
    }
}

/// <summary>
/// Whether a lead workflow is active (spec §6, §9): then its transitions replace the Convert to
/// Opportunity, Disqualify and Reactivate buttons of the lead pages.
/// </summary>
public sealed class LeadWorkflowGate(AppDbContext db, ISystemConfiguration configuration, WorkflowCatalogCache catalogs) : ILeadWorkflowGate
{
    public async Task<bool> IsLeadWorkflowActiveAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        var catalog = await catalogs.GetAsync(db, snapshot.Revision, cancellationToken);
        return catalog.Active(WorkflowEntities.Lead).Count > 0;
    }
}
