using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Auditing;
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

public sealed record HistoryEntry(DateTime At, string Who, AuditAction Action, IReadOnlyList<FieldChange> Changes);

/// <summary>Reads the view page of one opportunity, or fails with 404 when the user may not see it.</summary>
public sealed class OpportunityDetailsQuery(AppDbContext db, AccessControl accessControl, ISystemConfiguration configuration, OpportunityGridQuery grid)
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
        var reasons = await db.CloseReasons.AsNoTracking().ToDictionaryAsync(r => r.Code, r => r.Label, cancellationToken);
        return new OpportunityDetails(
            item,
            opportunity.BaseCloseRevenue,
            opportunity.CloseReasonCode is { } code ? reasons.GetValueOrDefault(code, code) : null,
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

    public async Task<IReadOnlyList<HistoryEntry>> HistoryAsync(string entityType, int id, ConfigurationSnapshot snapshot, CancellationToken cancellationToken)
    {
        var entries = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType && a.EntityId == id)
            .OrderByDescending(a => a.At).ThenByDescending(a => a.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
        var parsed = entries.Select(e => (Entry: e, Changes: JsonSerializer.Deserialize<List<FieldChange>>(e.ChangesJson) ?? [])).ToList();
        var userIds = parsed.SelectMany(p => p.Changes.Where(c => c.Field == "OwnerId").SelectMany(c => new[] { c.Old, c.New }))
            .Select(ParseId).OfType<int>()
            .Concat(entries.Where(e => e.UserId != null).Select(e => e.UserId!.Value))
            .Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.UserName ?? "?", cancellationToken);
        var accountIds = IdsOf(parsed.SelectMany(p => p.Changes), "AccountId");
        // Names of related records the user may not see are not revealed through the history.
        var access = await accessControl.GetAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().Permitted(db, access).Where(a => accountIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Name, cancellationToken);
        var contactIds = IdsOf(parsed.SelectMany(p => p.Changes), "ContactId");
        var contacts = await db.Contacts.AsNoTracking().Permitted(db, access).Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => (c.FirstName + " " + c.LastName).Trim(), cancellationToken);
        var leadIds = IdsOf(parsed.SelectMany(p => p.Changes), "LeadId");
        var leads = leadIds.Count == 0 ? new Dictionary<int, string>() : await db.Set<Domain.Leads.Lead>().AsNoTracking().Permitted(db, access).Where(l => leadIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, cancellationToken);
        string? Name(Dictionary<int, string> names, string? id) =>
            ParseId(id) is int key ? names.GetValueOrDefault(key, "(not visible to you)") : id;

        return parsed.Select(p => new HistoryEntry(
                p.Entry.At,
                p.Entry.UserId is int uid ? users.GetValueOrDefault(uid, "#" + uid) : "system",
                p.Entry.Action,
                p.Changes.Select(c => c.Field switch
                {
                    "OwnerId" => new FieldChange("Owner", Name(users, c.Old), Name(users, c.New)),
                    "AccountId" => new FieldChange("Account", Name(accounts, c.Old), Name(accounts, c.New)),
                    "ContactId" => new FieldChange("Contact", Name(contacts, c.Old), Name(contacts, c.New)),
                    "LeadId" => new FieldChange("Lead", Name(leads, c.Old), Name(leads, c.New)),
                    _ => Readable(c, snapshot),
                }).ToList()))
            .ToList();
    }

    private static int? ParseId(string? value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null;

    private static List<int> IdsOf(IEnumerable<FieldChange> changes, string field) =>
        changes.Where(c => c.Field == field).SelectMany(c => new[] { c.Old, c.New }).Select(ParseId).OfType<int>().Distinct().ToList();

    private static FieldChange Readable(FieldChange change, ConfigurationSnapshot snapshot) => change.Field switch
    {
        "StatusCode" => new FieldChange("Status", StatusLabel(change.Old, snapshot), StatusLabel(change.New, snapshot)),
        "CloseReasonCode" => change with { Field = "Close reason" },
        "BudgetAmount" => change with { Field = "Budget amount" },
        "BudgetCurrency" => change with { Field = "Budget currency" },
        "CloseRevenueAmount" => change with { Field = "Close revenue" },
        "CloseRevenueCurrency" => change with { Field = "Close revenue currency" },
        "CloseDate" => change with { Field = "Expected close date" },
        "ClosedAt" => change with { Field = "Closed at" },
        "CustomerNeed" => change with { Field = "Customer need" },
        "ProposedSolution" => change with { Field = "Proposed solution" },
        "Notes" => change with { Field = "Additional comments" },
        "ExternalId" => change with { Field = "External id" },
        // Written by a re-valuation (a rate entered or a base-currency change): why, and the base values.
        Data.Revaluation.AuditField => change with { Field = "Re-valuation" },
        "BaseBudgetAmount" => change with { Field = "Budget in base currency" },
        "BaseCloseRevenue" => change with { Field = "Close revenue in base currency" },
        _ => change,
    };

    private static string? StatusLabel(string? code, ConfigurationSnapshot snapshot) =>
        code is null ? null : snapshot.FindStatus(code)?.Label ?? code;

    private Task<int?> OwnerTeamAsync(int ownerId, CancellationToken cancellationToken) =>
        db.Users.AsNoTracking().Where(u => u.Id == ownerId).Select(u => u.TeamId).FirstOrDefaultAsync(cancellationToken);
}
