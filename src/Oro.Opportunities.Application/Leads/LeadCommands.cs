using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Leads;

namespace Oro.Opportunities.Application.Leads;

/// <summary>
/// Creating, editing and deleting leads (through the shared owned-record use case), and the status
/// changes Disqualify and Reactivate, with plain inputs so that pages, mass actions and the lead
/// workflow's transitions call the same code.
/// </summary>
public sealed class LeadCommands(OwnedRecords<Lead> records, ISystemConfiguration configuration)
{
    public Task<Lead> CreateAsync(LeadInput input, CancellationToken cancellationToken = default) =>
        records.CreateAsync(input.OwnerId, async (access, owner, now) =>
            Lead.Create(await ChangeAsync(access, null, input, cancellationToken), owner, now), cancellationToken);

    /// <summary>Applies the edit form; <paramref name="version"/> is the token the form was built with.</summary>
    public Task<Lead> UpdateAsync(int id, long version, LeadInput input, CancellationToken cancellationToken = default) =>
        records.UpdateAsync(id, version, input.OwnerId, async (access, lead) =>
            lead.Apply(await ChangeAsync(access, lead, input, cancellationToken)), cancellationToken);

    /// <summary>Deletes a lead (with <paramref name="version"/>, only as the user saw it); opportunities converted from it keep existing without it.</summary>
    public async Task DeleteAsync(int id, long? version = null, CancellationToken cancellationToken = default)
    {
        // Its workflow steps go with it, in the same transaction (a later lead could otherwise be given the
        // same id on SQLite and start in the deleted one's step); the transition history stays.
        var db = records.Db;
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginWriteTransactionAsync(cancellationToken) : null;
        await records.DeleteAsync(
            id,
            version,
            check: _ => db.WorkflowItems.Where(i => i.Entity == Domain.Workflows.WorkflowEntities.Lead && i.EntityId == id).ExecuteDeleteAsync(cancellationToken),
            cancellationToken: cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>New → Disqualified (spec §9). <paramref name="version"/>, when given, is the token the page was built with.</summary>
    public Task<Lead> DisqualifyAsync(int id, long? version = null, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, version, new LeadChange { Status = LeadStatusChange.Disqualify }, cancellationToken);

    /// <summary>Disqualified → New.</summary>
    public Task<Lead> ReactivateAsync(int id, long? version = null, CancellationToken cancellationToken = default) =>
        ApplyAsync(id, version, new LeadChange { Status = LeadStatusChange.Reactivate }, cancellationToken);

    /// <summary>Applies a change built elsewhere (the lead workflow's transitions) to a lead the user may edit.</summary>
    public Task<Lead> ApplyAsync(int id, long? version, LeadChange change, CancellationToken cancellationToken = default) =>
        records.UpdateAsync(id, version, null, (_, lead) =>
        {
            lead.Apply(change);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<MassActionResult> MassDeleteAsync(IReadOnlyDictionary<int, long> targets, CancellationToken cancellationToken = default) =>
        records.MassAsync(targets, (id, version) => DeleteAsync(id, version, cancellationToken));

    public Task<MassActionResult> MassDisqualifyAsync(IReadOnlyDictionary<int, long> targets, CancellationToken cancellationToken = default) =>
        records.MassAsync(targets, (id, version) => DisqualifyAsync(id, version, cancellationToken));

    public Task<MassActionResult> MassAssignOwnerAsync(IReadOnlyDictionary<int, long> targets, int ownerId, CancellationToken cancellationToken = default) =>
        records.MassAsync(targets, (id, version) => records.UpdateAsync(id, version, ownerId, (_, _) => Task.CompletedTask, cancellationToken));

    /// <summary>The change a form makes: the source checked against the configured list, the pickers resolved to records the user may see.</summary>
    private async Task<LeadChange> ChangeAsync(UserAccess access, Lead? lead, LeadInput input, CancellationToken cancellationToken)
    {
        var snapshot = await configuration.GetAsync(cancellationToken);
        if (input.SourceCode is { Length: > 0 } source && source != lead?.SourceCode && snapshot.LeadSources.All(s => s.Code != source))
        {
            throw new DomainRuleException("Choose a source from the list.", nameof(LeadInput.SourceCode));
        }

        var db = records.Db;
        var accountId = await RecordPickers.AccountAsync(db, access, input.AccountId, input.AccountName, lead?.AccountId, nameof(LeadInput.AccountName), cancellationToken);
        var contactId = await RecordPickers.ContactAsync(db, access, input.ContactId, input.ContactName, lead?.ContactId, nameof(LeadInput.ContactName), cancellationToken);
        return input.ToChange(accountId, contactId);
    }
}
