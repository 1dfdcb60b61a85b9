using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Security;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Customers;

/// <summary>The accounts grid and the account view page, within the user's access.</summary>
public sealed class AccountQueries(
    RecordQueries<Account> records,
    ISystemConfiguration configuration,
    OpportunityGridQuery opportunityGrid,
    ContactQueries contacts)
{
    /// <summary>The most deals and contacts the view page lists; the counts say when there are more.</summary>
    public const int DetailListLimit = 200;

    private static readonly SortMap<Row> Sorts = new SortMap<Row>()
        .Add("name", r => r.Name)
        .AddOwner()
        .Add("opportunities", r => r.Count)
        .Add("pipeline", r => r.Pipeline)
        .Add("created", r => r.CreatedAt)
        .Add("updated", r => r.UpdatedAt);

    public async Task<GridPage<AccountListItem>> SearchAsync(AccountSearch search, CancellationToken cancellationToken = default)
    {
        var (access, accounts) = await records.ListableAsync(cancellationToken);
        if (search.Term is { } term)
        {
            accounts = accounts.Where(a => a.Name.ToLower().Contains(term));
        }

        var db = records.Db;
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
        var page = await RecordGrid.PageAsync(rows, await accounts.CountAsync(cancellationToken), search, Sorts, "name", false, cancellationToken);
        return page.Map(r =>
        {
            var rights = RecordRights.Of<Account>(access, r);
            return new AccountListItem(r.Id, r.Name, r.OwnerId, r.OwnerName, r.Count, r.Pipeline ?? 0m, r.CreatedAt, r.UpdatedAt, rights.CanEdit, rights.CanDelete);
        });
    }

    public async Task<AccountDetails> GetDetailsAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await records.AccessAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var db = records.Db;
        var account = await (
                from a in await records.VisibleAsync(cancellationToken)
                join u in db.Users on a.OwnerId equals u.Id
                where a.Id == id
                select new { a.Id, a.Name, a.OwnerId, u.FirstName, u.LastName, u.UserName, u.TeamId, a.CreatedAt, a.UpdatedAt })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException();

        var visibleDeals = db.Opportunities.AsNoTracking().Permitted(db, access);
        var accountDeals = visibleDeals.Where(o => o.AccountId == id);
        var deals = await opportunityGrid.Project(accountDeals, "created", descending: true).Take(DetailListLimit).ToListAsync(cancellationToken);
        var summary = await OpportunityDetailsQuery.SummarizeAccountAsync(db, visibleDeals, id, cancellationToken);
        var (accountContacts, contactCount) = await contacts.OfAccountAsync(id, DetailListLimit, cancellationToken);
        var rights = RecordRights.Of<Account>(access, account.OwnerId, account.TeamId);

        return new AccountDetails(
            account.Id,
            account.Name,
            account.OwnerId,
            RecordOwners.DisplayName(account.FirstName, account.LastName, account.UserName),
            account.CreatedAt,
            account.UpdatedAt,
            rights.CanEdit,
            rights.CanDelete,
            snapshot.OpportunityEnabled && access.CanCreate(SecuredEntity.Opportunity),
            access.CanCreate(SecuredEntity.Contact),
            snapshot.OpportunityEnabled,
            snapshot.BaseCurrency,
            summary,
            deals,
            summary.WonCount + summary.LostCount + summary.OpenCount,
            accountContacts,
            contactCount,
            await records.HistoryAsync(id, snapshot, cancellationToken));
    }

    /// <summary>The edit form's values: 404 when hidden, 403 when visible but not editable.</summary>
    public Task<AccountEditData> GetForEditAsync(int id, CancellationToken cancellationToken = default) =>
        records.ForEditAsync(id, (accounts, _) => accounts.Select(a => new AccountEditData(a.Id, a.Name, a.OwnerId, a.Version)), cancellationToken);

    private sealed class Row : OwnedRow
    {
        public required string Name { get; init; }

        public int Count { get; init; }

        public decimal? Pipeline { get; init; }

        public DateTime UpdatedAt { get; init; }
    }
}
