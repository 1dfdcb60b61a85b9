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
/// the grid filters them and in the grid's order, written as CSV — in the import template's columns,
/// or (Export Grid) in the grid's visible columns — while they are read, so the download starts at
/// once and memory stays flat whatever the row count.
/// </summary>
public sealed class OpportunityExporter(AppDbContext db, AccessControl accessControl, OpportunityGridQuery gridQuery, Configuration.ISystemConfiguration configuration, UserClock clock)
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

    /// <summary>
    /// Writes the CSV in the import format; <paramref name="search"/> null exports every visible record
    /// (by id), otherwise the grid's filtered set in the grid's order (its sort, then the id).
    /// </summary>
    public async Task<int> WriteAsync(Stream output, OpportunitySearch? search, CancellationToken cancellationToken = default)
    {
        await EnsureAllowedAsync(cancellationToken);
        var access = await accessControl.GetAsync(cancellationToken);
        var baseCurrency = (await configuration.GetAsync(cancellationToken)).BaseCurrency;
        var filtered = db.Opportunities.AsNoTracking().Permitted(db, access);

        // The lead's name, when the user may see the lead (a subquery, so both orders below share it).
        var leads = db.Set<Domain.Leads.Lead>().AsNoTracking().Permitted(db, access);
        IQueryable<ExportRow> rows;
        if (search is null)
        {
            rows =
                from o in filtered
                join a in db.Accounts on o.AccountId equals a.Id
                join u in db.Users on o.OwnerId equals u.Id
                join c0 in db.Contacts on o.ContactId equals c0.Id into contacts
                from c in contacts.DefaultIfEmpty()
                orderby o.Id
                select new ExportRow(
                    o.Id, o.Name, o.CloseDate, o.Probability, o.BudgetAmount, o.BudgetCurrency, o.BaseBudgetAmount, o.CustomerNeed,
                    o.CloseRevenueAmount, o.CloseRevenueCurrency, o.BaseCloseRevenue, o.ProposedSolution, o.Notes, o.StatusCode,
                    o.CloseReasonCode, c == null ? null : c.FirstName, c == null ? null : c.LastName,
                    leads.Where(l => l.Id == o.LeadId).Select(l => l.Name).FirstOrDefault(), u.UserName, a.Name, o.ExternalId);
        }
        else
        {
            rows = gridQuery.SortedRows(gridQuery.Filter(filtered, search), search, r => new ExportRow(
                r.O.Id, r.O.Name, r.O.CloseDate, r.O.Probability, r.O.BudgetAmount, r.O.BudgetCurrency, r.O.BaseBudgetAmount, r.O.CustomerNeed,
                r.O.CloseRevenueAmount, r.O.CloseRevenueCurrency, r.O.BaseCloseRevenue, r.O.ProposedSolution, r.O.Notes, r.O.StatusCode,
                r.O.CloseReasonCode, r.C == null ? null : r.C.FirstName, r.C == null ? null : r.C.LastName,
                leads.Where(l => l.Id == r.O.LeadId).Select(l => l.Name).FirstOrDefault(), r.U.UserName, r.A.Name, r.O.ExternalId));
        }

        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader(OpportunityCsv.Columns.ToArray());

        // The header goes out at once, so the browser starts the download before the first row is read.
        await writer.FlushAsync(cancellationToken);
        var count = 0;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            Write(writer, row, baseCurrency);
            await writer.EndRecordAsync(cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    /// <summary>
    /// Export Grid, "visible columns": the grid's filtered rows in its order, with the columns it
    /// shows and their headers — the values as a spreadsheet wants them (numbers without separators,
    /// amounts beside a currency column, labels instead of codes, times in the user's zone). For
    /// reading, not for importing back (the import format is <see cref="WriteAsync"/>).
    /// </summary>
    public async Task<int> WriteVisibleColumnsAsync(Stream output, OpportunitySearch search, IReadOnlyList<string> columns, CancellationToken cancellationToken = default)
    {
        await EnsureAllowedAsync(cancellationToken);
        var access = await accessControl.GetAsync(cancellationToken);
        var snapshot = await configuration.GetAsync(cancellationToken);
        var zone = await clock.ZoneAsync(cancellationToken);
        var keys = columns.Where(k => OpportunityGridColumns.All.Any(c => c.Key == k)).ToList();
        var rows = gridQuery.SortedRows(
            gridQuery.Filter(db.Opportunities.AsNoTracking().Permitted(db, access), search),
            search,
            r => new VisibleRow(
                r.O.Id, r.O.Name, r.O.CreatedAt, r.O.UpdatedAt,
                r.C == null ? null : (r.C.FirstName + " " + r.C.LastName).Trim(), r.C == null ? null : r.C.Email,
                r.O.CloseDate, r.O.BudgetAmount, r.O.BudgetCurrency, r.O.BaseBudgetAmount, r.O.Probability, r.S.Label,
                (r.U.FirstName + " " + r.U.LastName).Trim() == "" ? r.U.UserName! : (r.U.FirstName + " " + r.U.LastName).Trim(),
                r.A.Name, r.O.CloseRevenueAmount, r.O.CloseRevenueCurrency, r.O.CloseReasonCode));

        var zoneName = TimeZones.IanaId(zone) ?? zone.Id;
        var header = new List<string>();
        foreach (var key in keys)
        {
            var title = OpportunityGridColumns.All.First(c => c.Key == key).Header;
            switch (key)
            {
                case "created" or "updated":
                    header.Add($"{title} ({zoneName})");
                    break;
                case "budget" or "closeRevenue":
                    header.Add(title);
                    header.Add(title + " currency");
                    break;
                case "baseBudget":
                    header.Add($"Budget ({snapshot.BaseCurrency}, base currency)");
                    break;
                default:
                    header.Add(title);
                    break;
            }
        }

        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader(header.ToArray());
        await writer.FlushAsync(cancellationToken);
        var count = 0;
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            foreach (var key in keys)
            {
                switch (key)
                {
                    case "id": writer.WriteField(row.Id, default); break;
                    case "name": writer.WriteField(row.Name); break;
                    case "created": writer.WriteField(Local(row.CreatedAt, zone)); break;
                    case "updated": writer.WriteField(Local(row.UpdatedAt, zone)); break;
                    case "contact": writer.WriteField(row.ContactName); break;
                    case "closeDate": writer.WriteField(row.CloseDate, OpportunityCsv.DateFormat); break;
                    case "budget":
                        writer.WriteField(row.BudgetAmount, OpportunityCsv.AmountFormat(row.BudgetCurrency));
                        writer.WriteField(row.BudgetAmount is null ? null : row.BudgetCurrency);
                        break;
                    case "baseBudget": writer.WriteField(OpportunityCsv.BaseAmount(row.BaseBudgetAmount, snapshot.BaseCurrency), OpportunityCsv.BaseAmountFormat(snapshot.BaseCurrency)); break;
                    case "probability": writer.WriteField(row.Probability, default); break;
                    case "status": writer.WriteField(row.StatusLabel); break;
                    case "email": writer.WriteField(row.ContactEmail); break;
                    case "owner": writer.WriteField(row.OwnerName); break;
                    case "account": writer.WriteField(row.AccountName); break;
                    case "closeRevenue":
                        writer.WriteField(row.CloseRevenueAmount, OpportunityCsv.AmountFormat(row.CloseRevenueCurrency));
                        writer.WriteField(row.CloseRevenueAmount is null ? null : row.CloseRevenueCurrency);
                        break;
                    case "closeReason": writer.WriteField(row.CloseReasonCode is null ? null : snapshot.CloseReasonLabel(row.CloseReasonCode)); break;
                }
            }

            await writer.EndRecordAsync(cancellationToken);
            count++;
        }

        await writer.FlushAsync(cancellationToken);
        return count;
    }

    private static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZones.ToLocal(utc, zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The template: the header row only.</summary>
    public static async Task WriteTemplateAsync(Stream output, CancellationToken cancellationToken = default)
    {
        await using var writer = CsvWriter.Create(output, OpportunityCsv.WriterOptions, leaveOpen: true);
        writer.WriteHeader(OpportunityCsv.Columns.ToArray());
        await writer.FlushAsync(cancellationToken);
    }

    /// <summary>One row in the import columns; every amount with its currency's minor digits (<see cref="OpportunityCsv.AmountFormat"/>).</summary>
    private static void Write(CsvWriter writer, ExportRow row, string baseCurrency)
    {
        var baseFormat = OpportunityCsv.BaseAmountFormat(baseCurrency);
        writer.WriteField(row.Id, default);
        writer.WriteField(row.Name);
        writer.WriteField(row.CloseDate, OpportunityCsv.DateFormat);
        writer.WriteField(row.Probability, default);
        writer.WriteField(row.BudgetAmount, OpportunityCsv.AmountFormat(row.BudgetCurrency));
        writer.WriteField(row.BudgetAmount is null ? null : row.BudgetCurrency);
        writer.WriteField(OpportunityCsv.BaseAmount(row.BaseBudgetAmount, baseCurrency), baseFormat);
        writer.WriteField(row.CustomerNeed);
        writer.WriteField(row.CloseRevenueAmount, OpportunityCsv.AmountFormat(row.CloseRevenueCurrency));
        writer.WriteField(row.CloseRevenueAmount is null ? null : row.CloseRevenueCurrency);
        writer.WriteField(OpportunityCsv.BaseAmount(row.BaseCloseRevenue, baseCurrency), baseFormat);
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

    private sealed record VisibleRow(
        int Id, string Name, DateTime CreatedAt, DateTime UpdatedAt, string? ContactName, string? ContactEmail, DateOnly? CloseDate,
        decimal? BudgetAmount, string? BudgetCurrency, decimal? BaseBudgetAmount, int? Probability, string StatusLabel, string OwnerName,
        string AccountName, decimal? CloseRevenueAmount, string? CloseRevenueCurrency, string? CloseReasonCode);
}
