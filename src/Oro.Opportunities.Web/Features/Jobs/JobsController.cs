using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Oro.Opportunities.Application.Currencies;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Features.Configuration;
using Oro.Opportunities.Web.Features.ImportExport;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Jobs;

/// <summary>One background job as the jobs page lists it. Times are UTC (the page shows them in the reader's zone).</summary>
public sealed record JobRow(string Type, string State, string StateCss, string Who, int? Percent, string? Progress, DateTime? Started, DateTime? Finished, string? Url);

/// <summary>
/// System → Background jobs: imports and base-currency changes, with who started them, their state
/// and progress, in the app's own layout. Administrators only; no file paths, no stack traces.
/// (Hangfire's own dashboard is not mounted: it shows storage details such as the job database's path.)
/// </summary>
[Route(BackgroundJobsSetup.JobsPagePath)]
[Authorize(Roles = SystemRoles.Administrator)]
public sealed class JobsController(ImportJobs imports, AppDbContext db, BaseCurrencyChangeStatus currencyStatus, IServiceProvider services) : Controller
{
    public const int ListSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rows = new List<JobRow>();
        foreach (var job in await imports.ListAsync(ListSize, cancellationToken))
        {
            var (css, label) = job.State switch
            {
                ImportJobState.Completed => ("success", "Completed"),
                ImportJobState.Failed => ("danger", "Failed"),
                ImportJobState.Cancelled => ("secondary", "Cancelled"),
                ImportJobState.Running => ("primary", "Running"),
                ImportJobState.AwaitingConfirmation => ("warning", ImportJobPageModel.StateLabel(job.State)),
                _ => ("info", "Queued"),
            };
            var counts = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{job.RowsRead:N0} rows read, {job.RowsCreated:N0} created, {job.RowsUpdated:N0} updated, {job.RowsFailed:N0} failed");
            rows.Add(new JobRow(
                (job.Mode == ImportMode.Validate ? "Validation of " : "Import of ") + (job.Kind == ImportKinds.Leads ? "leads from " : string.Empty) + job.FileName,
                label, css, job.UserName, job.Percent, counts, job.StartedAt, job.FinishedAt, ImportKindPage.JobUrl(job.Kind, job.Id)));
        }

        rows.AddRange(await CurrencyJobsAsync(cancellationToken));
        ViewData.SetPage("Background jobs", new Breadcrumb("System"), new Breadcrumb("Background jobs"));
        return View(rows.OrderByDescending(r => r.Started ?? r.Finished ?? DateTime.MaxValue).ToList());
    }

    /// <summary>Base-currency changes run on Hangfire (above 20,000 deals, ADR-0013): read from its monitoring API.</summary>
    private async Task<IEnumerable<JobRow>> CurrencyJobsAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<JobStorage>() is not { } storage)
        {
            return [];
        }

        var found = new List<(string Target, int? UserId, string State, string Css, DateTime? Started, DateTime? Finished)>();
        var monitoring = storage.GetMonitoringApi();
        static (string Target, int? UserId)? Args(Hangfire.Common.Job? job) =>
            job?.Type == typeof(BaseCurrencyChangeActivity) && job.Args.Count >= 4
                ? (job.Args[0] as string ?? "?", job.Args[3] is int id ? id : job.Args[3] is long l ? (int)l : null)
                : null;

        foreach (var (_, job) in monitoring.ProcessingJobs(0, ListSize))
        {
            if (Args(job.Job) is { } a)
            {
                found.Add((a.Target, a.UserId, "Running", "primary", job.StartedAt, null));
            }
        }

        foreach (var queue in monitoring.Queues())
        {
            foreach (var (_, job) in monitoring.EnqueuedJobs(queue.Name, 0, ListSize))
            {
                if (Args(job.Job) is { } a)
                {
                    found.Add((a.Target, a.UserId, "Queued", "info", null, null));
                }
            }
        }

        foreach (var (_, job) in monitoring.SucceededJobs(0, ListSize))
        {
            if (Args(job.Job) is { } a)
            {
                var finished = job.SucceededAt;
                var started = finished is { } f && job.TotalDuration is long ms ? f.AddMilliseconds(-ms) : (DateTime?)null;
                found.Add((a.Target, a.UserId, "Completed", "success", started, finished));
            }
        }

        foreach (var (_, job) in monitoring.FailedJobs(0, ListSize))
        {
            if (Args(job.Job) is { } a)
            {
                found.Add((a.Target, a.UserId, "Failed", "danger", null, job.FailedAt));
            }
        }

        var userIds = found.Select(f => f.UserId).OfType<int>().Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.FirstName, u.LastName, u.UserName })
            .ToDictionaryAsync(u => u.Id, u => (u.FirstName + " " + u.LastName).Trim() is { Length: > 0 } n ? n : u.UserName ?? "?", cancellationToken);
        var current = currencyStatus.Current;
        return found.Select(f =>
        {
            var progress = f.State == "Running" && current.Running && current.Target == f.Target ? current.Progress : null;
            int? percent = progress is { Total: > 0 } p ? (int)Math.Clamp(p.Done * 100 / p.Total, 0, 99) : f.State == "Completed" ? 100 : null;
            return new JobRow(
                $"Base currency change to {f.Target}", f.State, f.Css, f.UserId is int id ? names.GetValueOrDefault(id, "#" + id) : "System",
                percent, progress?.Phase, f.Started, f.Finished, ConfigurationPages.CurrencyUrl);
        });
    }
}
