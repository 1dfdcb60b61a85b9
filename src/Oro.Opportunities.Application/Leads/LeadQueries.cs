using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Leads;

// CA1862: these comparisons run in SQL; EF Core translates ToLower() but not the StringComparison overloads.
#pragma warning disable CA1862

namespace Oro.Opportunities.Application.Leads;

/// <summary>Sales → Leads: the grid, the lead's page and the edit form's starting values, within the user's access.</summary>
public sealed class LeadQueries(RecordQueries<Lead> records, ISystemConfiguration configuration, LeadActions actions)
{
    public static readonly string DefaultSort = "created";

    private static readonly SortMap<Row> Sorts = new SortMap<Row>()
        .Add("name", r => r.Name)
        .Add("person", r => r.LastName, r => r.FirstName)
        .Add("company", r => r.CompanyName)
        .Add("email", r => r.Email)
        .Add("phone", r => r.Phone)
        .Add("status", r => r.StatusCode)
        .Add("source", r => r.SourceCode)
        .Add("account", r => r.AccountName)
        .AddOwner()
        .Add("created", r => r.CreatedAt)
        .Add("updated", r => r.UpdatedAt);

    /// <summary>The sorts on the lead's own columns (not the owner's or the account's names).</summary>
    private static readonly IReadOnlySet<string> KeySorts = new HashSet<string>(StringComparer.Ordinal)
        { "name", "person", "company", "email", "phone", "status", "source", "created", "updated" };

    public static IReadOnlyCollection<string> SortKeys => Sorts.Keys;

    public async Task<GridPage<LeadListItem>> SearchAsync(LeadSearch search, CancellationToken cancellationToken = default)
    {
        var (access, visible) = await records.ListableAsync(cancellationToken);
        var leads = Filter(visible, search);
        var db = records.Db;
        var rows = Rows(db, access, leads);

        // The lead's own columns, without the owner and account joins: sorts on them page the ids here.
        var keys = leads.Select(l => new Row
        {
            Id = l.Id,
            Name = l.Name,
            FirstName = l.FirstName,
            LastName = l.LastName,
            CompanyName = l.CompanyName,
            Email = l.Email,
            Phone = l.Phone,
            StatusCode = l.StatusCode,
            SourceCode = l.SourceCode,
            OwnerId = l.OwnerId,
            CreatedAt = l.CreatedAt,
            UpdatedAt = l.UpdatedAt,
            Version = l.Version,
        });
        var page = await RecordGrid.PageAsync(rows, await leads.CountAsync(cancellationToken), search, Sorts, DefaultSort, true, cancellationToken, keys, KeySorts);
        return page.Map(r =>
        {
            var rights = RecordRights.Of<Lead>(access, r);
            return new LeadListItem(
                r.Id, r.Name, (r.FirstName + " " + r.LastName).Trim(), r.CompanyName, r.Email, r.Phone, r.StatusCode, r.SourceCode,
                r.AccountId, r.AccountName, r.OwnerId, r.OwnerName, r.CreatedAt, r.UpdatedAt, r.Version, rights.CanEdit, rights.CanDelete);
        });
    }

    /// <summary>
    /// The ids of the filtered leads in the grid's order (its sort, else the default), as Export Grid writes
    /// them: the same sort keys and the same tie-break on the id as the grid's pages.
    /// </summary>
    public static IQueryable<int> OrderedIds(AppDbContext db, UserAccess access, IQueryable<Lead> leads, GridSearch search)
    {
        var (sort, descending) = search.EffectiveSort(Sorts.Keys, DefaultSort, true);
        return Sorts.Apply(Rows(db, access, leads), sort, descending).Select(r => r.Id);
    }

    /// <summary>The grid's rows of <paramref name="leads"/>: with the owner, and the account when the user may see it.</summary>
    private static IQueryable<Row> Rows(AppDbContext db, UserAccess access, IQueryable<Lead> leads)
    {
        var accounts = db.Accounts.AsNoTracking().Permitted(db, access);
        return
            from l in leads
            join u in db.Users on l.OwnerId equals u.Id
            join a0 in accounts on l.AccountId equals a0.Id into linked
            from a in linked.DefaultIfEmpty()
            select new Row
            {
                Id = l.Id,
                Name = l.Name,
                FirstName = l.FirstName,
                LastName = l.LastName,
                CompanyName = l.CompanyName,
                Email = l.Email,
                Phone = l.Phone,
                StatusCode = l.StatusCode,
                SourceCode = l.SourceCode,
                AccountId = a == null ? null : a.Id,
                AccountName = a == null ? null : a.Name,
                OwnerId = l.OwnerId,
                OwnerFirst = u.FirstName,
                OwnerLast = u.LastName,
                OwnerUserName = u.UserName,
                OwnerTeamId = u.TeamId,
                CreatedAt = l.CreatedAt,
                UpdatedAt = l.UpdatedAt,
                Version = l.Version,
            };
    }

    /// <summary>The view and filters of the grid in SQL (Export Grid uses the same).</summary>
    public static IQueryable<Lead> Filter(IQueryable<Lead> leads, LeadSearch search)
    {
        if (search.EffectiveView == LeadSearch.OpenView)
        {
            leads = leads.Where(l => l.StatusCode == LeadStatus.New);
        }

        if (search.Term is { } term)
        {
            leads = leads.Where(l => l.Name.ToLower().Contains(term)
                || (l.CompanyName != null && l.CompanyName.ToLower().Contains(term))
                || (l.FirstName + " " + l.LastName).ToLower().Contains(term)
                || (l.Email != null && l.Email.ToLower().Contains(term)));
        }

        if (Lower(search.Name) is { } name)
        {
            leads = leads.Where(l => l.Name.ToLower().Contains(name));
        }

        if (Lower(search.Person) is { } person)
        {
            leads = leads.Where(l => (l.FirstName + " " + l.LastName).ToLower().Contains(person));
        }

        if (Lower(search.Company) is { } company)
        {
            leads = leads.Where(l => l.CompanyName != null && l.CompanyName.ToLower().Contains(company));
        }

        if (Lower(search.Email) is { } email)
        {
            leads = leads.Where(l => l.Email != null && l.Email.ToLower().Contains(email));
        }

        var statuses = search.Status.Select(LeadStatus.Parse).OfType<string>().Distinct().ToList();
        if (statuses.Count > 0)
        {
            leads = leads.Where(l => statuses.Contains(l.StatusCode));
        }

        if (!string.IsNullOrWhiteSpace(search.Source))
        {
            var source = search.Source.Trim();
            leads = leads.Where(l => l.SourceCode == source);
        }

        if (search.Owner.Count > 0)
        {
            var owners = search.Owner;
            leads = leads.Where(l => owners.Contains(l.OwnerId));
        }

        if (search.CreatedFrom is { } createdFrom)
        {
            var from = createdFrom.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            leads = leads.Where(l => l.CreatedAt >= from);
        }

        if (search.CreatedTo is { } createdTo)
        {
            var to = createdTo.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            leads = leads.Where(l => l.CreatedAt < to);
        }

        if (search.UpdatedFrom is { } updatedFrom)
        {
            var from = updatedFrom.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            leads = leads.Where(l => l.UpdatedAt >= from);
        }

        if (search.UpdatedTo is { } updatedTo)
        {
            var to = updatedTo.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            leads = leads.Where(l => l.UpdatedAt < to);
        }

        return leads;
    }

    public async Task<LeadDetailsView> GetDetailsAsync(int id, CancellationToken cancellationToken = default)
    {
        var access = await records.AccessAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var db = records.Db;
        var found = await (
                from l in await records.VisibleAsync(cancellationToken)
                join u in db.Users on l.OwnerId equals u.Id
                where l.Id == id
                select new { Lead = l, u.FirstName, u.LastName, u.UserName, u.TeamId })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException();
        var lead = found.Lead;
        var accountName = lead.AccountId is int accountId
            ? await db.Accounts.AsNoTracking().Permitted(db, access).Where(a => a.Id == accountId).Select(a => a.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var contactName = lead.ContactId is int contactId
            ? await db.Contacts.AsNoTracking().Permitted(db, access).Where(c => c.Id == contactId).Select(c => (c.FirstName + " " + c.LastName).Trim()).FirstOrDefaultAsync(cancellationToken)
            : null;
        var hasOpportunity = await db.Opportunities.AnyAsync(o => o.LeadId == id, cancellationToken);
        var opportunities = hasOpportunity && snapshot.OpportunityEnabled
            ? await db.Opportunities.AsNoTracking().Permitted(db, access).Where(o => o.LeadId == id).OrderBy(o => o.Id)
                .Select(o => new LeadOpportunityLink(o.Id, o.Name)).Take(50).ToListAsync(cancellationToken)
            : [];
        var buttons = await actions.ForAsync(new LeadState(lead.StatusCode, lead.OwnerId, found.TeamId, hasOpportunity), cancellationToken);
        var history = await records.HistoryAsync(id, snapshot, cancellationToken);

        return new LeadDetailsView(
            lead.Id,
            ToInput(lead),
            lead.StatusCode,
            snapshot.LeadSourceLabel(lead.SourceCode),
            accountName is null ? null : lead.AccountId,
            accountName,
            contactName is null ? null : lead.ContactId,
            contactName,
            opportunities,
            RecordOwners.DisplayName(found.FirstName, found.LastName, found.UserName),
            lead.CreatedAt,
            lead.UpdatedAt,
            lead.Version,
            buttons,
            history);
    }

    /// <summary>The buttons a lead the user may see offers (404 when hidden) — what the convert and status endpoints check.</summary>
    public async Task<LeadActionSet> ActionsAsync(int id, CancellationToken cancellationToken = default)
    {
        var db = records.Db;
        var lead = await (
                from l in await records.VisibleAsync(cancellationToken)
                join u in db.Users on l.OwnerId equals u.Id
                where l.Id == id
                select new { l.StatusCode, l.OwnerId, u.TeamId, HasOpportunity = db.Opportunities.Any(o => o.LeadId == l.Id) })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException();
        return await actions.ForAsync(new LeadState(lead.StatusCode, lead.OwnerId, lead.TeamId, lead.HasOpportunity), cancellationToken);
    }

    /// <summary>The edit form's values: 404 when hidden, 403 when visible but not editable.</summary>
    public async Task<LeadEditData> GetForEditAsync(int id, CancellationToken cancellationToken = default)
    {
        var db = records.Db;
        var found = await records.ForEditAsync(
            id,
            (editable, access) =>
                from l in editable
                join a0 in db.Accounts.AsNoTracking().Permitted(db, access) on l.AccountId equals a0.Id into accounts
                from a in accounts.DefaultIfEmpty()
                join c0 in db.Contacts.AsNoTracking().Permitted(db, access) on l.ContactId equals c0.Id into contacts
                from c in contacts.DefaultIfEmpty()
                select new { Lead = l, AccountName = a == null ? null : a.Name, ContactName = c == null ? null : (c.FirstName + " " + c.LastName).Trim() },
            cancellationToken);
        var lead = found.Lead;
        return new LeadEditData(lead.Id, ToInput(lead), found.AccountName, found.ContactName, lead.StatusCode, lead.OwnerId, lead.Version);
    }

    public static LeadInput ToInput(Lead lead) => new()
    {
        Name = lead.Name,
        Person = PersonInput.From(lead),
        CompanyName = lead.CompanyName,
        Website = lead.Website,
        NumberOfEmployees = lead.NumberOfEmployees,
        Industry = lead.Industry,
        SourceCode = lead.SourceCode,
        Notes = lead.Notes,
        Twitter = lead.Twitter,
        LinkedIn = lead.LinkedIn,
        AccountId = lead.AccountId,
        ContactId = lead.ContactId,
        OwnerId = lead.OwnerId,
    };

    private static string? Lower(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ToLowerInvariant();

    private sealed class Row : OwnedRow
    {
        public required string Name { get; init; }

        public required string FirstName { get; init; }

        public required string LastName { get; init; }

        public string? CompanyName { get; init; }

        public string? Email { get; init; }

        public string? Phone { get; init; }

        public required string StatusCode { get; init; }

        public string? SourceCode { get; init; }

        public int? AccountId { get; init; }

        public string? AccountName { get; init; }

        public DateTime UpdatedAt { get; init; }

        public long Version { get; init; }
    }
}
