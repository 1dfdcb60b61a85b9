using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Leads;

/// <summary>
/// Export and Export Grid of leads (spec §9): the leads the user may see, all or filtered exactly as the
/// grid filters them, in Oro's lead columns, so export → import round-trips. The account, contact and
/// opportunity named are those the user may see. Streamed as read, after one pass that counts how many
/// e-mail, phone and address groups the rows need.
/// </summary>
public sealed class LeadExporter(AppDbContext db, AccessControl accessControl)
{
    public async Task EnsureAllowedAsync(CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.Has(Capability.Export))
        {
            throw new ForbiddenException("You do not have the Export permission.");
        }
    }

    public async Task<int> WriteAsync(Stream output, LeadSearch? search, CancellationToken cancellationToken = default)
    {
        await EnsureAllowedAsync(cancellationToken);
        var access = await accessControl.GetAsync(cancellationToken);
        var leads = db.Set<Lead>().AsNoTracking().Permitted(db, access);
        if (search is not null)
        {
            leads = LeadQueries.Filter(leads, search);
        }

        // How many groups of each list the header needs (Oro writes as many as the longest list).
        int emails = LeadCsv.DefaultGroups, phones = LeadCsv.DefaultGroups, addresses = LeadCsv.DefaultGroups;
        await foreach (var lists in leads.Select(l => new { l.Emails, l.Phones, l.Addresses }).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            emails = Math.Max(emails, lists.Emails.Count);
            phones = Math.Max(phones, lists.Phones.Count);
            addresses = Math.Max(addresses, lists.Addresses.Count);
        }

        var accounts = db.Accounts.AsNoTracking().Permitted(db, access);
        var contacts = db.Contacts.AsNoTracking().Permitted(db, access);
        var opportunities = db.Opportunities.AsNoTracking().Permitted(db, access);
        IQueryable<ExportRow> RowsOf(IQueryable<Lead> subset) =>
            from l in subset
            join u in db.Users on l.OwnerId equals u.Id
            join a0 in accounts on l.AccountId equals a0.Id into linkedAccounts
            from a in linkedAccounts.DefaultIfEmpty()
            join c0 in contacts on l.ContactId equals c0.Id into linkedContacts
            from c in linkedContacts.DefaultIfEmpty()
            orderby l.Id
            select new ExportRow(
                l,
                u.UserName,
                a == null ? null : a.Name,
                c == null ? null : c.FirstName,
                c == null ? null : c.LastName,
                opportunities.Where(o => o.LeadId == l.Id).OrderBy(o => o.Id).Select(o => o.Name).FirstOrDefault());

        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader(LeadCsv.Columns(addresses, emails, phones).ToArray());
        await writer.FlushAsync(cancellationToken);
        var count = 0;
        var source = search is null ? RowsOf(leads).AsAsyncEnumerable() : InGridOrderAsync(RowsOf, leads, LeadQueries.OrderedIds(db, access, leads, search), cancellationToken);
        await foreach (var row in source.WithCancellation(cancellationToken))
        {
            var l = row.Lead;
            writer.WriteField(l.Id, default);
            foreach (var value in new[] { l.Name, l.NamePrefix, l.FirstName, l.MiddleName, l.LastName, l.NameSuffix, l.JobTitle, l.StatusCode, l.CompanyName, l.Website })
            {
                writer.WriteField(value);
            }

            writer.WriteField(l.NumberOfEmployees, default);
            foreach (var value in new[] { l.Notes, l.Industry, row.ContactFirst, row.ContactLast })
            {
                writer.WriteField(value);
            }

            var ordered = Primary(l.Addresses);
            for (var i = 0; i < addresses; i++)
            {
                var a = i < ordered.Count ? ordered[i] : null;
                foreach (var value in new[] { a?.Label, a?.Organization, a?.NamePrefix, a?.FirstName, a?.MiddleName, a?.LastName, a?.NameSuffix, a?.Street, a?.Street2, a?.PostalCode, a?.City, a?.Region, a?.RegionCode, a?.Country })
                {
                    writer.WriteField(value);
                }
            }

            foreach (var value in new[] { l.Twitter, l.LinkedIn, row.Owner, row.Opportunity })
            {
                writer.WriteField(value);
            }

            var emailList = Primary(l.Emails);
            for (var i = 0; i < emails; i++)
            {
                writer.WriteField(i < emailList.Count ? emailList[i].Email : null);
            }

            var phoneList = Primary(l.Phones);
            for (var i = 0; i < phones; i++)
            {
                writer.WriteField(i < phoneList.Count ? phoneList[i].Phone : null);
            }

            writer.WriteField(row.Account);
            writer.WriteField(l.SourceCode);
            writer.WriteField((string?)null);
            await writer.EndRecordAsync(cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    public static async Task WriteTemplateAsync(Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader(LeadCsv.Columns().ToArray());
        await writer.FlushAsync(cancellationToken);
    }

    // The first group is the primary one: a file lists it first, as Oro does.
    private static List<T> Primary<T>(PrimaryList<T> list)
        where T : class, IContactPoint =>
        [.. list.OrderByDescending(i => i.IsPrimary)];

    /// <summary>
    /// Export Grid writes the rows in the grid's order (its sort, as the opportunities' Export Grid does):
    /// the ordered ids first, then the rows a chunk at a time, each chunk put back in that order.
    /// </summary>
    private static async IAsyncEnumerable<ExportRow> InGridOrderAsync(
        Func<IQueryable<Lead>, IQueryable<ExportRow>> rowsOf, IQueryable<Lead> leads, IQueryable<int> orderedIds,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        const int Chunk = 1_000;
        var ids = await orderedIds.ToListAsync(cancellationToken);
        for (var start = 0; start < ids.Count; start += Chunk)
        {
            var chunk = ids.GetRange(start, Math.Min(Chunk, ids.Count - start));
            var position = chunk.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
            foreach (var row in (await rowsOf(leads.Where(l => chunk.Contains(l.Id))).ToListAsync(cancellationToken)).OrderBy(r => position[r.Lead.Id]))
            {
                yield return row;
            }
        }
    }

    /// <summary>A lead with the names its row shows.</summary>
    private sealed record ExportRow(Lead Lead, string? Owner, string? Account, string? ContactFirst, string? ContactLast, string? Opportunity);
}
