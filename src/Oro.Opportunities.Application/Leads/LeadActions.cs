using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Leads;

/// <summary>
/// The seam for the "Unqualified Sales Lead" workflow (spec §6, §9): while a lead workflow is active,
/// its transitions (Qualify, Disqualify, Reactivate) replace the Convert to Opportunity and Disqualify
/// buttons. The workflow feature registers its implementation (<c>LeadWorkflowGate</c>) over
/// <see cref="NoLeadWorkflow"/>. The workflow's transitions call <see cref="LeadConversion.ConvertAsync"/>
/// and <see cref="LeadCommands.ApplyAsync"/> themselves — the gate hides buttons, it does not refuse those calls.
/// </summary>
public interface ILeadWorkflowGate
{
    Task<bool> IsLeadWorkflowActiveAsync(CancellationToken cancellationToken = default);
}

/// <summary>No lead workflow: the buttons of the lead pages are shown.</summary>
public sealed class NoLeadWorkflow : ILeadWorkflowGate
{
    public Task<bool> IsLeadWorkflowActiveAsync(CancellationToken cancellationToken = default) => Task.FromResult(false);
}

/// <summary>What the buttons of one lead's page depend on.</summary>
public sealed record LeadState(string StatusCode, int OwnerId, int? OwnerTeamId, bool HasOpportunity);

/// <summary>
/// The one place that decides which lead buttons show (spec §9): Convert to Opportunity while the lead
/// has no opportunity, leads and opportunities are enabled, no lead workflow is active and the user may
/// edit the lead (and create opportunities); Disqualify for a new lead, Reactivate for a disqualified
/// one, both while no lead workflow is active. The convert and status endpoints ask the same question.
/// </summary>
public sealed class LeadActions(ISystemConfiguration configuration, AccessControl accessControl, ILeadWorkflowGate workflows)
{
    public async Task<LeadActionSet> ForAsync(LeadState lead, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var rights = RecordRights.Of<Lead>(access, lead.OwnerId, lead.OwnerTeamId);
        var buttons = rights.CanEdit && !await workflows.IsLeadWorkflowActiveAsync(cancellationToken);
        return new LeadActionSet(
            rights.CanEdit,
            rights.CanDelete,
            buttons && !lead.HasOpportunity && lead.StatusCode != LeadStatus.Qualified
                && snapshot.LeadEnabled && snapshot.OpportunityEnabled && access.CanCreate(SecuredEntity.Opportunity),
            buttons && lead.StatusCode == LeadStatus.New,
            buttons && lead.StatusCode == LeadStatus.Disqualified);
    }

    /// <summary>Whether the grid offers the mass Disqualify action (the workflow replaces it too).</summary>
    public async Task<bool> CanMassDisqualifyAsync(CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        return access.Level(SecuredEntity.Lead, PermissionAction.Edit) != AccessLevel.None && !await workflows.IsLeadWorkflowActiveAsync(cancellationToken);
    }
}
