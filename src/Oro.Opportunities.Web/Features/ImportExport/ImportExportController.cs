using FluentValidation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.ImportExport;

/// <summary>Sales → Opportunities → Import File, Export and Export Grid (spec §5).</summary>
[Route("opportunities")]
public sealed class ImportExportController(ImportJobs jobs, IOptionsMonitor<ImportOptions> options) : ImportPagesController(jobs, options)
{
    protected override ImportKindPage Kind => ImportKindPage.Opportunities;

    protected override Task WriteTemplateAsync(Stream output, CancellationToken cancellationToken) =>
        OpportunityExporter.WriteTemplateAsync(output, cancellationToken);

    /// <summary>
    /// Export (no query string: every opportunity the user may see) and Export Grid (the grid's query
    /// string: exactly the rows the grid filters to, in its order), streamed as they are read. Export
    /// Grid writes the import format, or with <c>format=visible</c> the grid's visible columns (<c>cols</c>).
    /// </summary>
    [HttpGet("export")]
    [Authorize(Policy = Policies.Export)]
    public async Task<IActionResult> Export(OpportunitySearch search, string? format, string? cols, [FromServices] OpportunityExporter exporter, CancellationToken cancellationToken)
    {
        try
        {
            await exporter.EnsureAllowedAsync(cancellationToken);
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }

        var grid = Request.Query.Keys.Any(k => k is not ("format" or "cols"));
        var visible = grid && format == "visible";
        Attachment($"opportunities{(grid ? "-grid" : "")}{(visible ? "-columns" : "")}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        if (visible)
        {
            await exporter.WriteVisibleColumnsAsync(Response.Body, search, OpportunityGridColumns.Parse(cols), cancellationToken);
        }
        else
        {
            await exporter.WriteAsync(Response.Body, grid ? search : null, cancellationToken);
        }

        return new EmptyResult();
    }
}

/// <summary>
/// Import File of one kind of record (spec §5): the upload form with its template, the job's page with
/// live progress and cancel, and the error report — the same pages and engine for opportunities and
/// leads; a job of another kind (or someone else's) answers 404.
/// </summary>
public abstract class ImportPagesController(ImportJobs jobs, IOptionsMonitor<ImportOptions> options) : Controller
{
    private const string CsvType = "text/csv; charset=utf-8";

    protected abstract ImportKindPage Kind { get; }

    protected abstract Task WriteTemplateAsync(Stream output, CancellationToken cancellationToken);

    [HttpGet("import")]
    [Authorize(Policy = Policies.Import)]
    public async Task<IActionResult> Import(string? error, CancellationToken cancellationToken)
    {
        if (error == "too-large")
        {
            ModelState.AddModelError(nameof(ImportUploadModel.File), $"The file is larger than the {ImportPageModel.Size(options.CurrentValue.MaxUploadBytes)} limit. Split it into smaller files.");
        }

        return await ImportPageAsync(cancellationToken);
    }

    [HttpPost("import")]
    [Authorize(Policy = Policies.Import)]
    [ImportUploadLimit]
    public async Task<IActionResult> Upload(ImportUploadModel form, [FromServices] IValidator<ImportUploadModel> validator, CancellationToken cancellationToken)
    {
        if (!await validator.ValidateIntoAsync(form, ModelState, cancellationToken: cancellationToken))
        {
            return await ImportPageAsync(cancellationToken);
        }

        await using var content = form.File!.OpenReadStream();
        var id = await jobs.QueueAsync(Kind.Kind, content, form.File.FileName, form.Mode == "import" ? ImportMode.Import : ImportMode.Validate, form.MatchByName, cancellationToken);
        return Redirect($"{Kind.Path}/import/{id}");
    }

    [HttpGet("import/template")]
    [Authorize(Policy = Policies.Import)]
    public async Task<IActionResult> Template(CancellationToken cancellationToken)
    {
        Attachment($"{Kind.Kind}-import-template.csv");
        await WriteTemplateAsync(Response.Body, cancellationToken);
        return new EmptyResult();
    }

    [HttpGet("import/{id:int}")]
    [Authorize(Policy = Policies.Import)]
    public async Task<IActionResult> Job(int id, CancellationToken cancellationToken)
    {
        try
        {
            var job = await JobAsync(id, cancellationToken);
            ViewData.SetPage($"Import #{job.Id}", new Breadcrumb("Sales"), new Breadcrumb(Kind.Title, Kind.Path), new Breadcrumb("Import", $"{Kind.Path}/import"), new Breadcrumb($"#{job.Id}"));
            return View("~/Features/ImportExport/Job.cshtml", new ImportJobPageModel
            {
                Kind = Kind,
                Job = job,
                Errors = await jobs.ErrorsAsync(id, 100, cancellationToken),
                ErrorCount = await jobs.ErrorCountAsync(id, cancellationToken),
                PreviousImport = await jobs.PreviousImportAsync(id, cancellationToken),
            });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    [HttpGet("import/{id:int}/progress")]
    [Authorize(Policy = Policies.Import)]
    public async Task<IActionResult> Progress(int id, CancellationToken cancellationToken)
    {
        try
        {
            var job = await JobAsync(id, cancellationToken);
            return Json(new
            {
                state = ImportJobPageModel.StateLabel(job.State),
                finished = job.IsFinished,
                percent = job.Percent,
                rowsRead = job.RowsRead,
                created = job.RowsCreated,
                updated = job.RowsUpdated,
                failed = job.RowsFailed,
                lastCommittedRow = job.LastCommittedRow,
                cancelRequested = job.CancelRequested,
                elapsedSeconds = job.Duration?.TotalSeconds,
            });
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    /// <summary>Imports a file that was imported before, after the user saw when and by whom.</summary>
    [HttpPost("import/{id:int}/confirm")]
    [Authorize(Policy = Policies.Import)]
    public async Task<IActionResult> Confirm(int id, CancellationToken cancellationToken)
    {
        try
        {
            var confirmed = await jobs.ConfirmAsync(id, cancellationToken);
            this.Flash(FlashKind.Info, confirmed ? "Importing the file again, as you confirmed." : "This import is no longer waiting for confirmation.");
            return Redirect($"{Kind.Path}/import/{id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    [HttpPost("import/{id:int}/cancel")]
    [Authorize(Policy = Policies.Import)]
    public async Task<IActionResult> Cancel(int id, CancellationToken cancellationToken)
    {
        try
        {
            var job = await JobAsync(id, cancellationToken);
            await jobs.RequestCancelAsync(id, cancellationToken);
            this.Flash(FlashKind.Info, job.AwaitsConfirmation || job.State == ImportJobState.Queued
                ? "Not imported: nothing was written."
                : "Cancelling: the chunk being written finishes, nothing after it is imported.");
            return Redirect($"{Kind.Path}/import/{id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    [HttpGet("import/{id:int}/errors.csv")]
    [Authorize(Policy = Policies.Import)]
    public async Task<IActionResult> ErrorReport(int id, CancellationToken cancellationToken)
    {
        try
        {
            _ = await JobAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Attachment($"import-{id}-errors.csv");
        await jobs.WriteErrorReportAsync(id, Response.Body, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>The rows that failed, as they were in the file, with the reasons in an extra column: fix them and import the file as it is.</summary>
    [HttpGet("import/{id:int}/errors-with-data.csv")]
    [Authorize(Policy = Policies.Import)]
    public async Task<IActionResult> ErrorsWithData(int id, CancellationToken cancellationToken)
    {
        ImportJobSummary job;
        try
        {
            job = await JobAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        var name = Path.GetFileNameWithoutExtension(job.FileName);
        Attachment($"{(name.Length > 0 ? name : "import")}-errors-with-data.csv");
        await jobs.WriteErrorsWithDataAsync(id, Response.Body, cancellationToken);
        return new EmptyResult();
    }

    protected void Attachment(string fileName)
    {
        Response.ContentType = CsvType;
        Response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName, Inline = false }.ToString();
        Response.Headers.CacheControl = "no-store";
    }

    private async Task<IActionResult> ImportPageAsync(CancellationToken cancellationToken)
    {
        var list = await jobs.ListAsync(Kind.Kind, 50, cancellationToken);
        ViewData.SetPage($"Import {Kind.Title.ToLowerInvariant()}", new Breadcrumb("Sales"), new Breadcrumb(Kind.Title, Kind.Path), new Breadcrumb("Import"));
        return View("~/Features/ImportExport/Import.cshtml", new ImportPageModel
        {
            Kind = Kind,
            Jobs = list,
            MaxUploadBytes = options.CurrentValue.MaxUploadBytes,
            ShowUser = list.Select(j => j.UserId).Distinct().Count() > 1 || list.Any(j => j.UserId.ToString(System.Globalization.CultureInfo.InvariantCulture) != User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value),
        });
    }

    /// <summary>A job of this page's kind the user may see, or "not found".</summary>
    private async Task<ImportJobSummary> JobAsync(int id, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(id, cancellationToken);
        return job.Kind == Kind.Kind ? job : throw new NotFoundException();
    }
}
