using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.ImportExport;

/// <summary>
/// Export and Export Grid (spec §5): the opportunities the user may see, all or filtered exactly as
/// the grid filters them, written as CSV in the import template's columns while they are read, so the
/// download starts at once and memory stays flat whatever the row count.
/// </summary>
public sealed class OpportunityExporter(AppDbContext db, AccessControl accessControl, OpportunityGridQuery gridQuery)
{
    /// <summary>Refuses users without the Export capability before anything is written.</summary>
    public async Task EnsureAllowedAsync(CancellationToken cancellationToken = default)
    {
        var access = await accessControl.GetAsync(cancellationToken);
        if (!access.Has(Capability.Export))
        {
            throw new ForbiddenException("You do not have the Export permission.");
        }
    }

    /// <summary>Writes the CSV; <paramref name="search"/> null exports every visible record, otherwise the grid's filtered set.</summary>
    public async Task<int> WriteAsync(Stream output, OpportunitySearch? search, CancellationToken cancellationToken = default)
    {
        await EnsureAllowedAsync(cancellationToken);
        var access = await accessControl.GetAsync(cancellationToken);
        var filtered = db.Opportunities.AsNoTracking().Permitted(db, access);
        if (search is not null)
        {
            filtered = gridQuery.Filter(filtered, search);
        }

        var leads = db.Set<Domain.Leads.Lead>().AsNoTracking().Permitted(db, access);
        var rows =
            from o in filtered
            join a in db.Accounts on o.AccountId equals a.Id
            join u in db.Users on o.OwnerId equals u.Id
            join c0 in db.Contacts on o.ContactId equals c0.Id into contacts
            from c in contacts.DefaultIfEmpty()
            join l0 in leads on o.LeadId equals l0.Id into linkedLeads
            from l in linkedLeads.DefaultIfEmpty()
            orderby o.Id
            select new ExportRow(
                o.Id, o.Name, o.CloseDate, o.Probability, o.BudgetAmount, o.BudgetCurrency, o.BaseBudgetAmount, o.CustomerNeed,
                o.CloseRevenueAmount, o.CloseRevenueCurrency, o.BaseCloseRevenue, o.ProposedSolution, o.Notes, o.StatusCode,
                o.CloseReasonCode, c == null ? null : c.FirstName, c == null ? null : c.LastName, l == null ? null : l.Name, u.UserName, a.Name, o.ExternalId);

        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader(OpportunityCsv.Columns.ToArray());

        // The header goes out at once, so the browser starts the download before the first row is read.
        await writer.FlushAsync(cancellationToken);
        var count = 0;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Write(writer, row);
            await writer.EndRecordAsync(cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>The template: the header row only.</summary>
    public static async Task WriteTemplateAsync(Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader(OpportunityCsv.Columns.ToArray());
        await writer.FlushAsync(cancellationToken);
    }

    private static void Write(CsvWriter writer, ExportRow row)
    {
        writer.WriteField(row.Id, default);
        writer.WriteField(row.Name);
        writer.WriteField(row.CloseDate, OpportunityCsv.DateFormat);
        writer.WriteField(row.Probability, default);
        writer.WriteField(row.BudgetAmount, OpportunityCsv.AmountFormat);
        writer.WriteField(row.BudgetAmount is null ? null : row.BudgetCurrency);
        writer.WriteField(row.BaseBudgetAmount, OpportunityCsv.AmountFormat);
        writer.WriteField(row.CustomerNeed);
        writer.WriteField(row.CloseRevenueAmount, OpportunityCsv.AmountFormat);
        writer.WriteField(row.CloseRevenueAmount is null ? null : row.CloseRevenueCurrency);
        writer.WriteField(row.BaseCloseRevenue, OpportunityCsv.AmountFormat);
        writer.WriteField(row.ProposedSolution);
        writer.WriteField(row.Notes);
        writer.WriteField(row.StatusCode);
        writer.WriteField(row.CloseReasonCode);
        writer.WriteField(row.ContactFirstName);
        writer.WriteField(row.ContactLastName);
        writer.WriteField(row.LeadName);
        writer.WriteField(row.OwnerUserName);
        writer.WriteField(row.AccountName);
        writer.WriteField(row.ExternalId);
    }

    private sealed record ExportRow(
        int Id, string Name, DateOnly? CloseDate, int? Probability, decimal? BudgetAmount, string? BudgetCurrency, decimal? BaseBudgetAmount,
        string? CustomerNeed, decimal? CloseRevenueAmount, string? CloseRevenueCurrency, decimal? BaseCloseRevenue, string? ProposedSolution,
        string? Notes, string StatusCode, string? CloseReasonCode, string? ContactFirstName, string? ContactLastName, string? LeadName, string? OwnerUserName,
        string AccountName, string? ExternalId);
}
