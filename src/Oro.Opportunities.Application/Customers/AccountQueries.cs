using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Security;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Customers;

/// <summary>The accounts grid, the account view page and the edit form's starting values, all within the user's access.</summary>
public sealed class AccountQueries(
    AppDbContext db,
    AccessControl accessControl,
    ISystemConfiguration configuration,
    OpportunityGridQuery opportunityGrid,
    OpportunityDetailsQuery opportunityDetails,
    CustomerOwners owners)
{
    /// <summary>The most deals and contacts the view page lists; the counts say when there are more.</summary>
    public const int DetailListLimit = 200;

    public async Task<GridPage<AccountListItem>> SearchAsync(AccountSearch search, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (access.Level(SecuredEntity.Account, PermissionAction.View) == AccessLevel.None)
        {
            // A user with no access to the module gets no page at all, as the menu shows none.
            throw new NotFoundException();
        }

        var accounts = db.Accounts.AsNoTracking().Permitted(db, access);
        if (search.Term is { } term)
        {
            accounts = accounts.Where(a => a.Name.ToLower().Contains(term));
        }

        var total = await accounts.CountAsync(cancellationToken);
        var (sort, descending) = search.EffectiveSort();
        var size = search.EffectiveSize;
        var page = CustomerSearch.ClampPage(search.EffectivePage, total, size);
        var deals = db.Opportunities.AsNoTracking().Permitted(db, access);
        var rows =
            from a in accounts
            join u in db.Users on a.OwnerId equals u.Id
            select new Row
            {
                Id = a.Id,
                Name = a.Name,
                OwnerId = a.OwnerId,
                OwnerFirst = u.FirstName,
                OwnerLast = u.LastName,
                OwnerUserName = u.UserName,
                OwnerTeamId = u.TeamId,
                Count = deals.Count(o => o.AccountId == a.Id),
                Pipeline = deals.Where(o => o.AccountId == a.Id && o.ClosedAt == null).Sum(o => o.BaseBudgetAmount),
                CreatedAt = a.CreatedAt,
                UpdatedAt = a.UpdatedAt,
            };
        var items = await Sorted(rows, sort, descending)
            .Skip((page - 1) * size)
            .Take(size)
            .ToListAsync(cancellationToken);
        return new GridPage<AccountListItem>(
            items.Select(r => new AccountListItem(
                r.Id, r.Name, r.OwnerId, CustomerOwners.DisplayName(r.OwnerFirst, r.OwnerLast, r.OwnerUserName),
                r.Count, r.Pipeline ?? 0m, r.CreatedAt, r.UpdatedAt,
                access.Can(SecuredEntity.Account, PermissionAction.Edit, r.OwnerId, r.OwnerTeamId),
                access.Can(SecuredEntity.Account, PermissionAction.Delete, r.OwnerId, r.OwnerTeamId))).ToList(),
            total, page, size, sort, descending);
    }

    public async Task<AccountDetails> GetDetailsAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var account = await (
                from a in db.Accounts.AsNoTracking().Permitted(db, access)
                join u in db.Users on a.OwnerId equals u.Id
                where a.Id == id
                select new { a.Id, a.Name, a.OwnerId, u.FirstName, u.LastName, u.UserName, u.TeamId, a.CreatedAt, a.UpdatedAt })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException();

        var visibleDeals = db.Opportunities.AsNoTracking().Permitted(db, access);
        var accountDeals = visibleDeals.Where(o => o.AccountId == id);
        var deals = await opportunityGrid.Project(accountDeals, "created", descending: true).Take(DetailListLimit).ToListAsync(cancellationToken);
        var summary = await OpportunityDetailsQuery.SummarizeAccountAsync(db, visibleDeals, id, cancellationToken);

        var accountContacts = db.Contacts.AsNoTracking().Permitted(db, access).Where(c => c.AccountId == id);
        var contacts = await accountContacts
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id)
            .Take(DetailListLimit)
            .Select(c => new AccountContactItem(c.Id, (c.FirstName + " " + c.LastName).Trim(), c.JobTitle, c.Email, c.Phone))
            .ToListAsync(cancellationToken);

        return new AccountDetails(
            account.Id,
            account.Name,
            account.OwnerId,
            CustomerOwners.DisplayName(account.FirstName, account.LastName, account.UserName),
            account.CreatedAt,
            account.UpdatedAt,
            access.Can(SecuredEntity.Account, PermissionAction.Edit, account.OwnerId, account.TeamId),
            access.Can(SecuredEntity.Account, PermissionAction.Delete, account.OwnerId, account.TeamId),
            snapshot.OpportunityEnabled && access.CanCreate(SecuredEntity.Opportunity),
            access.CanCreate(SecuredEntity.Contact),
            snapshot.OpportunityEnabled,
            snapshot.BaseCurrency,
            summary,
            deals,
            summary.WonCount + summary.LostCount + summary.OpenCount,
            contacts,
            contacts.Count < DetailListLimit ? contacts.Count : await accountContacts.CountAsync(cancellationToken),
            await opportunityDetails.HistoryAsync("Account", id, snapshot, cancellationToken));
    }

    /// <summary>The edit form's values: 404 when hidden, 403 when visible but not editable.</summary>
    public async Task<AccountEditData> GetForEditAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking().Permitted(db, access, PermissionAction.Edit)
            .Where(a => a.Id == id)
            .Select(a => new AccountEditData(a.Id, a.Name, a.OwnerId, a.Version))
            .FirstOrDefaultAsync(cancellationToken);
        if (account is null)
        {
            await db.Accounts.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Edit, cancellationToken);
        }

        return account!;
    }

    public Task<IReadOnlyList<LookupItem>> OwnersAsync(int? currentOwnerId, CancellationToken cancellationToken = default) =>
        owners.AssignableAsync(SecuredEntity.Account, currentOwnerId, cancellationToken);

    public async Task<bool> CanCreateAsync(CancellationToken cancellationToken = default) =>
        (await accessControl.GetAsync(cancellationToken)).CanCreate(SecuredEntity.Account);

    public async Task<int> CurrentUserIdAsync(CancellationToken cancellationToken = default) =>
        (await accessControl.GetAsync(cancellationToken)).UserId;

    // Every sort ends with the id so that paging is stable when values tie.
    private static IQueryable<Row> Sorted(IQueryable<Row> rows, string sort, bool descending) => sort switch
    {
        "owner" => Then(descending
            ? rows.OrderByDescending(r => r.OwnerLast).ThenByDescending(r => r.OwnerFirst)
            : rows.OrderBy(r => r.OwnerLast).ThenBy(r => r.OwnerFirst), descending),
        "opportunities" => Then(descending ? rows.OrderByDescending(r => r.Count) : rows.OrderBy(r => r.Count), descending),
        "pipeline" => Then(descending ? rows.OrderByDescending(r => r.Pipeline) : rows.OrderBy(r => r.Pipeline), descending),
        "created" => Then(descending ? rows.OrderByDescending(r => r.CreatedAt) : rows.OrderBy(r => r.CreatedAt), descending),
        "updated" => Then(descending ? rows.OrderByDescending(r => r.UpdatedAt) : rows.OrderBy(r => r.UpdatedAt), descending),
        _ => Then(descending ? rows.OrderByDescending(r => r.Name) : rows.OrderBy(r => r.Name), descending),
    };

    private static IOrderedQueryable<Row> Then(IOrderedQueryable<Row> ordered, bool descending) =>
        descending ? ordered.ThenByDescending(r => r.Id) : ordered.ThenBy(r => r.Id);

    private sealed class Row
    {
        public int Id { get; init; }

        public required string Name { get; init; }

        public int OwnerId { get; init; }

        public required string OwnerFirst { get; init; }

        public required string OwnerLast { get; init; }

        public string? OwnerUserName { get; init; }

        public int? OwnerTeamId { get; init; }

        public int Count { get; init; }

        public decimal? Pipeline { get; init; }

        public DateTime CreatedAt { get; init; }

        public DateTime UpdatedAt { get; init; }
    }
}
