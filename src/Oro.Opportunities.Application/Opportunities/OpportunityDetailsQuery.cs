using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Application.Opportunities;

public sealed record OpportunityDetails(
    OpportunityListItem Item,
    decimal? BaseCloseRevenue,
    string? CloseReasonLabel,
    string? CustomerNeed,
    string? ProposedSolution,
    string? Notes,
    bool IsClosed,
    bool CanEdit,
    bool CanDelete,
    AccountDealSummary? AccountSummary,
    IReadOnlyList<OpportunityListItem> Relevant,
    IReadOnlyList<HistoryEntry> History)
{
    /// <summary>The key another system knows the deal by (imports match on it); shown on the view page, not in the history.</summary>
    public string? ExternalId { get; init; }

    /// <summary>The lead the deal was converted from, when leads are on and the user may see it (spec §1: a link on the view page).</summary>
    public OpportunityLeadLink? Lead { get; init; }
}

public sealed record OpportunityLeadLink(int Id, string Name);

/// <summary>An account's deals split by outcome, in base currency (spec §4 relevant opportunities, §9 lifetime value).</summary>
public sealed record AccountDealSummary(int WonCount, decimal WonAmount, int LostCount, decimal LostAmount, int OpenCount, decimal OpenAmount)
{
    /// <summary>Lifetime sales value: Σ close revenue of won deals, base currency.</summary>
    public decimal LifetimeValue => WonAmount;
}

/// <summary>Reads the view page of one opportunity, or fails with 404 when the user may not see it.</summary>
public sealed class OpportunityDetailsQuery(AppDbContext db, AccessControl accessControl, ISystemConfiguration configuration, OpportunityGridQuery grid, ChangeHistory history)
{
    public async Task<OpportunityDetails> GetAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var visible = db.Opportunities.AsNoTracking().Permitted(db, access);
        var opportunity = await visible.FirstOrDefaultAsync(o => o.Id == id, cancellationToken) ?? throw new NotFoundException();

        var item = await grid.Project(visible.Where(o => o.Id == id)).FirstAsync(cancellationToken);

        AccountDealSummary? summary = null;
        IReadOnlyList<OpportunityListItem> relevant = [];
        if (snapshot.DisplayRelevantOpportunities)
        {
            relevant = await grid.Project(visible.Where(o => o.AccountId == opportunity.AccountId && o.Id != id)).Take(50).ToListAsync(cancellationToken);
            summary = await SummarizeAccountAsync(db, visible, opportunity.AccountId, cancellationToken);
        }

        var ownerTeam = await OwnerTeamAsync(opportunity.OwnerId, cancellationToken);
        return new OpportunityDetails(
            item,
            opportunity.BaseCloseRevenue,
            opportunity.CloseReasonCode is null ? null : snapshot.CloseReasonLabel(opportunity.CloseReasonCode),
            opportunity.CustomerNeed,
            opportunity.ProposedSolution,
            opportunity.Notes,
            opportunity.IsClosed,
            access.Can(SecuredEntity.Opportunity, PermissionAction.Edit, opportunity.OwnerId, ownerTeam),
            access.Can(SecuredEntity.Opportunity, PermissionAction.Delete, opportunity.OwnerId, ownerTeam),
            summary,
            relevant,
            await HistoryAsync("Opportunity", id, snapshot, cancellationToken))
        {
            ExternalId = opportunity.ExternalId,
            Lead = opportunity.LeadId is int leadId && snapshot.LeadEnabled
                ? await db.Set<Domain.Leads.Lead>().AsNoTracking().Permitted(db, access).Where(l => l.Id == leadId)
                    .Select(l => new OpportunityLeadLink(l.Id, l.Name)).FirstOrDefaultAsync(cancellationToken)
                : null,
        };
    }

    /// <summary>Won / lost / open counts and base amounts of an account's deals the user may see.</summary>
    public static async Task<AccountDealSummary> SummarizeAccountAsync(AppDbContext db, IQueryable<Opportunity> visible, int accountId, CancellationToken cancellationToken)
    {
        var groups = await visible
            .Where(o => o.AccountId == accountId)
            .GroupBy(o => o.ClosedAt == null ? "open" : o.StatusCode)
            .Select(g => new { Kind = g.Key, Count = g.Count(), Budget = g.Sum(o => o.BaseBudgetAmount), Revenue = g.Sum(o => o.BaseCloseRevenue) })
            .ToListAsync(cancellationToken);
        var won = groups.FirstOrDefault(g => g.Kind == OpportunityStatus.WonCode);
        var lost = groups.FirstOrDefault(g => g.Kind == OpportunityStatus.LostCode);
        var open = groups.FirstOrDefault(g => g.Kind == "open");
        return new AccountDealSummary(
            won?.Count ?? 0, won?.Revenue ?? 0m,
            lost?.Count ?? 0, lost?.Budget ?? 0m,
            open?.Count ?? 0, open?.Budget ?? 0m);
    }

    /// <summary>A record's change history as people read it (see <see cref="ChangeHistory"/>); accounts and contacts use it too.</summary>
    public Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string entityType, int id, ConfigurationSnapshot snapshot, CancellationToken cancellationToken) =>
        history.ForAsync(entityType, id, snapshot, cancellationToken);

    private Task<int?> OwnerTeamAsync(int ownerId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => u.TeamId).FirstOrDefaultAsync(cancellationToken);
}
