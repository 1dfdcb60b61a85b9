using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Security;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Customers;

/// <summary>The contacts grid, the contact view page and the edit form's starting values, all within the user's access.</summary>
public sealed class ContactQueries(
    AppDbContext db,
    AccessControl accessControl,
    ISystemConfiguration configuration,
    OpportunityGridQuery opportunityGrid,
    OpportunityDetailsQuery opportunityDetails,
    CustomerOwners owners)
{
    public async Task<GridPage<ContactListItem>> SearchAsync(ContactSearch search, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (access.Level(SecuredEntity.Contact, PermissionAction.View) == AccessLevel.None)
        {
            // A user with no access to the module gets no page at all, as the menu shows none.
            throw new NotFoundException();
        }

        var contacts = db.Contacts.AsNoTracking().Permitted(db, access);
        if (search.Term is { } term)
        {
            contacts = contacts.Where(c =>
                (c.FirstName + " " + c.LastName).ToLower().Contains(term)
                || (c.Email != null && c.Email.ToLower().Contains(term)));
        }

        var total = await contacts.CountAsync(cancellationToken);
        var (sort, descending) = search.EffectiveSort();
        var size = search.EffectiveSize;
        var page = CustomerSearch.ClampPage(search.EffectivePage, total, size);
        var accounts = db.Accounts.AsNoTracking().Permitted(db, access);
        var rows =
            from c in contacts
            join u in db.Users on c.OwnerId equals u.Id
            join a0 in accounts on c.AccountId equals a0.Id into linked
            from a in linked.DefaultIfEmpty()
            select new Row
            {
                Id = c.Id,
                FirstName = c.FirstName,
                LastName = c.LastName,
                Email = c.Email,
                Phone = c.Phone,
                AccountId = a == null ? null : a.Id,
                AccountName = a == null ? null : a.Name,
                OwnerFirst = u.FirstName,
                OwnerLast = u.LastName,
                OwnerUserName = u.UserName,
                OwnerTeamId = u.TeamId,
                OwnerId = c.OwnerId,
                CreatedAt = c.CreatedAt,
            };
        var items = await Sorted(rows, sort, descending)
            .Skip((page - 1) * size)
            .Take(size)
            .ToListAsync(cancellationToken);
        return new GridPage<ContactListItem>(
            items.Select(r => new ContactListItem(
                r.Id, (r.FirstName + " " + r.LastName).Trim(), r.Email, r.Phone, r.AccountId, r.AccountName,
                r.OwnerId, CustomerOwners.DisplayName(r.OwnerFirst, r.OwnerLast, r.OwnerUserName), r.CreatedAt,
                access.Can(SecuredEntity.Contact, PermissionAction.Edit, r.OwnerId, r.OwnerTeamId),
                access.Can(SecuredEntity.Contact, PermissionAction.Delete, r.OwnerId, r.OwnerTeamId))).ToList(),
            total, page, size, sort, descending);
    }

    public async Task<ContactDetails> GetDetailsAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var accounts = db.Accounts.AsNoTracking().Permitted(db, access);
        var contact = await (
                from x in db.Contacts.AsNoTracking().Permitted(db, access)
                join u in db.Users on x.OwnerId equals u.Id
                join a0 in accounts on x.AccountId equals a0.Id into linked
                from a in linked.DefaultIfEmpty()
                where x.Id == id
                select new
                {
                    Contact = x,
                    AccountName = a == null ? null : a.Name,
                    u.FirstName,
                    u.LastName,
                    u.UserName,
                    u.TeamId,
                })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException();
        var c = contact.Contact;

        var deals = await opportunityGrid
            .Project(db.Opportunities.AsNoTracking().Permitted(db, access).Where(o => o.ContactId == id), "created", descending: true)
            .Take(AccountQueries.DetailListLimit)
            .ToListAsync(cancellationToken);

        return new ContactDetails(
            c.Id, c.FirstName, c.LastName, c.JobTitle, c.Email, c.SecondaryEmail, c.Phone, c.SecondaryPhone,
            contact.AccountName is null ? null : c.AccountId,
            contact.AccountName,
            c.OwnerId,
            CustomerOwners.DisplayName(contact.FirstName, contact.LastName, contact.UserName),
            c.CreatedAt,
            c.UpdatedAt,
            access.Can(SecuredEntity.Contact, PermissionAction.Edit, c.OwnerId, contact.TeamId),
            access.Can(SecuredEntity.Contact, PermissionAction.Delete, c.OwnerId, contact.TeamId),
            snapshot.OpportunityEnabled,
            deals,
            await opportunityDetails.HistoryAsync("Contact", id, snapshot, cancellationToken));
    }

    /// <summary>The edit form's values: 404 when hidden, 403 when visible but not editable.</summary>
    public async Task<ContactEditData> GetForEditAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        var accounts = db.Accounts.AsNoTracking().Permitted(db, access);
        var contact = await (
                from c in db.Contacts.AsNoTracking().Permitted(db, access, PermissionAction.Edit)
                join a0 in accounts on c.AccountId equals a0.Id into linked
                from a in linked.DefaultIfEmpty()
                where c.Id == id
                select new ContactEditData(
                    c.Id, c.FirstName, c.LastName, c.JobTitle, c.Email, c.SecondaryEmail, c.Phone, c.SecondaryPhone,
                    c.AccountId, a == null ? null : a.Name, c.OwnerId, c.Version))
            .FirstOrDefaultAsync(cancellationToken);
        if (contact is null)
        {
            await db.Contacts.ThrowMissingOrForbiddenAsync(db, access, id, PermissionAction.Edit, cancellationToken);
        }

        return contact!;
    }

    /// <summary>The name of an account the user may see, to prefill "Add contact" from an account page.</summary>
    public async Task<string?> AccountNameAsync(int accountId, CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        return await db.Accounts.AsNoTracking().Permitted(db, access).Where(a => a.Id == accountId).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken);
    }

    public Task<IReadOnlyList<LookupItem>> OwnersAsync(int? currentOwnerId, CancellationToken cancellationToken = default) =>
        owners.AssignableAsync(SecuredEntity.Contact, currentOwnerId, cancellationToken);

    public async Task<bool> CanCreateAsync(CancellationToken cancellationToken = default) =>
        (await accessControl.GetAsync(cancellationToken)).CanCreate(SecuredEntity.Contact);

    public async Task<int> CurrentUserIdAsync(CancellationToken cancellationToken = default) =>
        (await accessControl.GetAsync(cancellationToken)).UserId;

    // Every sort ends with the id so that paging is stable when values tie.
    private static IQueryable<Row> Sorted(IQueryable<Row> rows, string sort, bool descending) => sort switch
    {
        "email" => Then(descending ? rows.OrderByDescending(r => r.Email) : rows.OrderBy(r => r.Email), descending),
        "phone" => Then(descending ? rows.OrderByDescending(r => r.Phone) : rows.OrderBy(r => r.Phone), descending),
        "account" => Then(descending ? rows.OrderByDescending(r => r.AccountName) : rows.OrderBy(r => r.AccountName), descending),
        "owner" => Then(descending
            ? rows.OrderByDescending(r => r.OwnerLast).ThenByDescending(r => r.OwnerFirst)
            : rows.OrderBy(r => r.OwnerLast).ThenBy(r => r.OwnerFirst), descending),
        "created" => Then(descending ? rows.OrderByDescending(r => r.CreatedAt) : rows.OrderBy(r => r.CreatedAt), descending),
        _ => Then(descending
            ? rows.OrderByDescending(r => r.LastName).ThenByDescending(r => r.FirstName)
            : rows.OrderBy(r => r.LastName).ThenBy(r => r.FirstName), descending),
    };

    private static IOrderedQueryable<Row> Then(IOrderedQueryable<Row> ordered, bool descending) =>
        descending ? ordered.ThenByDescending(r => r.Id) : ordered.ThenBy(r => r.Id);

    private sealed class Row
    {
        public int Id { get; init; }

        public required string FirstName { get; init; }

        public required string LastName { get; init; }

        public string? Email { get; init; }

        public string? Phone { get; init; }

        public int? AccountId { get; init; }

        public string? AccountName { get; init; }

        public int OwnerId { get; init; }

        public required string OwnerFirst { get; init; }

        public required string OwnerLast { get; init; }

        public string? OwnerUserName { get; init; }

        public int? OwnerTeamId { get; init; }

        public DateTime CreatedAt { get; init; }
    }
}
