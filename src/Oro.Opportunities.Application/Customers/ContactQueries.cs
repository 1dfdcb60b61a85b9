using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain.Customers;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Customers;

/// <summary>The contacts grid and the contact view page, within the user's access.</summary>
public sealed class ContactQueries(
    RecordQueries<Contact> records,
    ISystemConfiguration configuration,
    OpportunityGridQuery opportunityGrid)
{
    private static readonly SortMap<Row> Sorts = new SortMap<Row>()
        .Add("name", r => r.LastName, r => r.FirstName)
        .Add("email", r => r.Email)
        .Add("phone", r => r.Phone)
        .Add("account", r => r.AccountName)
        .AddOwner()
        .Add("created", r => r.CreatedAt);

    public async Task<GridPage<ContactListItem>> SearchAsync(ContactSearch search, CancellationToken cancellationToken = default)
    {
        var (access, contacts) = await records.ListableAsync(cancellationToken);
        if (search.Term is { } term)
        {
            contacts = contacts.Where(c =>
                (c.FirstName + " " + c.LastName).ToLower().Contains(term)
                || (c.Email != null && c.Email.ToLower().Contains(term)));
        }

        var db = records.Db;
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
        var page = await RecordGrid.PageAsync(rows, await contacts.CountAsync(cancellationToken), search, Sorts, "name", false, cancellationToken);
        return page.Map(r =>
        {
            var rights = RecordRights.Of<Contact>(access, r);
            return new ContactListItem(
                r.Id, (r.FirstName + " " + r.LastName).Trim(), r.Email, r.Phone, r.AccountId, r.AccountName, r.OwnerId, r.OwnerName, r.CreatedAt, rights.CanEdit, rights.CanDelete);
        });
    }

    public async Task<ContactDetails> GetDetailsAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await records.AccessAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var db = records.Db;
        var accounts = db.Accounts.AsNoTracking().Permitted(db, access);
        var contact = await (
                from x in await records.VisibleAsync(cancellationToken)
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
        var rights = RecordRights.Of<Contact>(access, c.OwnerId, contact.TeamId);

        var deals = await opportunityGrid
            .Project(db.Opportunities.AsNoTracking().Permitted(db, access).Where(o => o.ContactId == id), "created", descending: true)
            .Take(AccountQueries.DetailListLimit)
            .ToListAsync(cancellationToken);

        return new ContactDetails(
            c.Id,
            PersonInput.From(c),
            contact.AccountName is null ? null : c.AccountId,
            contact.AccountName,
            c.OwnerId,
            RecordOwners.DisplayName(contact.FirstName, contact.LastName, contact.UserName),
            c.CreatedAt,
            c.UpdatedAt,
            rights.CanEdit,
            rights.CanDelete,
            snapshot.OpportunityEnabled,
            deals,
            await records.HistoryAsync(id, snapshot, cancellationToken));
    }

    /// <summary>The contacts of an account the user may see (at most <paramref name="limit"/>, by name) and how many there are.</summary>
    public async Task<(IReadOnlyList<AccountContactItem> Contacts, int Count)> OfAccountAsync(int accountId, int limit, CancellationToken cancellationToken = default)
    {
        var ofAccount = (await records.VisibleAsync(cancellationToken)).Where(c => c.AccountId == accountId);
        var contacts = await ofAccount
            .OrderBy(c => c.LastName).ThenBy(c => c.FirstName).ThenBy(c => c.Id)
            .Take(limit)
            .Select(c => new AccountContactItem(c.Id, (c.FirstName + " " + c.LastName).Trim(), c.JobTitle, c.Email, c.Phone))
            .ToListAsync(cancellationToken);
        return (contacts, contacts.Count < limit ? contacts.Count : await ofAccount.CountAsync(cancellationToken));
    }

    /// <summary>The edit form's values: 404 when hidden, 403 when visible but not editable.</summary>
    public async Task<ContactEditData> GetForEditAsync(int id, CancellationToken cancellationToken = default)
    {
        var found = await records.ForEditAsync(
            id,
            (editable, access) =>
                from c in editable
                join a0 in records.Db.Accounts.AsNoTracking().Permitted(records.Db, access) on c.AccountId equals a0.Id into linked
                from a in linked.DefaultIfEmpty()
                select new { Contact = c, AccountName = a == null ? null : a.Name },
            cancellationToken);
        var contact = found.Contact;
        return new ContactEditData(contact.Id, PersonInput.From(contact), contact.AccountId, found.AccountName, contact.OwnerId, contact.Version);
    }

    /// <summary>The name of an account the user may see, to prefill "Add contact" from an account page.</summary>
    public async Task<string?> AccountNameAsync(int accountId, CancellationToken cancellationToken = default)
    {
        var db = records.Db;
        var access = await records.AccessAsync(cancellationToken);
        return await db.Accounts.AsNoTracking().Permitted(db, access).Where(a => a.Id == accountId).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken);
    }

    private sealed class Row : OwnedRow
    {
        public required string FirstName { get; init; }

        public required string LastName { get; init; }

        public string? Email { get; init; }

        public string? Phone { get; init; }

        public int? AccountId { get; init; }

        public string? AccountName { get; init; }
    }
}
