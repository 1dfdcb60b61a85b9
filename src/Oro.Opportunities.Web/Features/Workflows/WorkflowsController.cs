using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.Workflows;
using Oro.Opportunities.Web.Features.Users;
using Oro.Opportunities.Web.Infrastructure;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Workflows;

public sealed record WorkflowListModel(IReadOnlyList<CatalogEntry> Entries, IReadOnlyList<WorkflowDefinitionError> UploadErrors, string? UploadedFileName, int MaxUploadKb);

public sealed record WorkflowDetailsModel(CatalogEntry Entry, WorkflowDiagram? Diagram, IReadOnlyDictionary<string, IReadOnlyList<string>> Performers, string Content);

public sealed record WorkflowConflictModel(CatalogEntry Entry, IReadOnlyList<CatalogEntry> Conflicting);

/// <summary>System → Workflows (spec §6): the definitions, activation within exclusive groups, upload and download of definitions.</summary>
[Authorize(Policy = Policies.ManageWorkflows)]
[Route("system/workflows")]
public sealed class WorkflowsController(WorkflowAdministration workflows) : Controller
{
    private static readonly Breadcrumb Workflows = new("Workflows", "/system/workflows");

    [HttpGet("")]
    public async Task<IActionResult> Index(string? error, CancellationToken cancellationToken)
    {
        ViewData.SetPage("Workflows", SystemCrumbs.System, new Breadcrumb("Workflows"));
        IReadOnlyList<WorkflowDefinitionError> errors = error == "too-large" ? [TooLarge] : [];
        Response.StatusCode = errors.Count > 0 ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK;
        return View("~/Features/Workflows/Index.cshtml", new WorkflowListModel((await workflows.CatalogAsync(cancellationToken)).Entries, errors, null, workflows.Limits.MaxBytes / 1024));
    }

    private WorkflowDefinitionError TooLarge => new(null, "(file)", $"The file is larger than {workflows.Limits.MaxBytes / 1024:N0} KB.");

    [HttpGet("schema.json")]
    public IActionResult Schema() => File(Encoding.UTF8.GetBytes(WorkflowDefinitionReader.SchemaText), "application/schema+json", "workflow-definition.schema.json");

    [HttpGet("{name}")]
    public async Task<IActionResult> Details(string name, CancellationToken cancellationToken)
    {
        var entry = (await workflows.CatalogAsync(cancellationToken)).Find(name);
        if (entry is null)
        {
            return NotFound();
        }

        var (_, content) = await workflows.DocumentAsync(name, cancellationToken);
        ViewData.SetPage(entry.Label, SystemCrumbs.System, Workflows, new Breadcrumb(entry.Label));
        return View(
            "~/Features/Workflows/Details.cshtml",
            new WorkflowDetailsModel(entry, entry.Definition is { } definition ? WorkflowDiagram.Of(definition) : null, await workflows.PerformersAsync(name, cancellationToken), content));
    }

    [HttpGet("{name}/download")]
    public async Task<IActionResult> Download(string name, CancellationToken cancellationToken)
    {
        var (stored, content) = await workflows.DocumentAsync(name, cancellationToken);
        var json = content.TrimStart().StartsWith('{');
        return File(Encoding.UTF8.GetBytes(content), json ? "application/json" : "application/yaml", stored + (json ? ".json" : ".yaml"));
    }

    [HttpPost("upload")]
    [WorkflowUploadLimit]
    public async Task<IActionResult> Upload(IFormFile? file, CancellationToken cancellationToken)
    {
        IReadOnlyList<WorkflowDefinitionError> errors;
        if (file?.Length > workflows.Limits.MaxBytes)
        {
            errors = [TooLarge];
        }
        else if (file is null)
        {
            errors = [new(null, "(file)", "Choose a workflow definition file (YAML or JSON).")];
        }
        else
        {
            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, cancellationToken);
            }

            try
            {
                var name = await workflows.UploadAsync(bytes, cancellationToken);
                this.Flash(FlashKind.Success, $"Workflow '{name}' uploaded. It is inactive until you activate it.");
                return Redirect($"/system/workflows/{name}");
            }
            catch (WorkflowDefinitionRejectedException ex)
            {
                errors = ex.Errors;
            }
        }

        ViewData.SetPage("Workflows", SystemCrumbs.System, new Breadcrumb("Workflows"));
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return View("~/Features/Workflows/Index.cshtml", new WorkflowListModel((await workflows.CatalogAsync(cancellationToken)).Entries, errors, file?.FileName, workflows.Limits.MaxBytes / 1024));
    }

    [HttpPost("{name}/activate")]
    public async Task<IActionResult> Activate(string name, [FromForm] List<string>? deactivate, CancellationToken cancellationToken)
    {
        try
        {
            await workflows.ActivateAsync(name, deactivate, cancellationToken);
        }
        catch (WorkflowGroupConflictException ex)
        {
            // Ask which to deactivate (the page lists the active workflows of the same group).
            var entry = (await workflows.CatalogAsync(cancellationToken)).Find(name)!;
            ViewData.SetPage($"Activate {entry.Label}", SystemCrumbs.System, Workflows, new Breadcrumb(entry.Label, $"/system/workflows/{name}"), new Breadcrumb("Activate"));
            Response.StatusCode = StatusCodes.Status409Conflict;
            return View("~/Features/Workflows/Activate.cshtml", new WorkflowConflictModel(entry, ex.Conflicting));
        }

        this.Flash(FlashKind.Success, "Workflow activated. Existing records enter it with its Start transition; new records start in its start step.");
        return Redirect("/system/workflows");
    }

    [HttpPost("{name}/deactivate")]
    public async Task<IActionResult> Deactivate(string name, CancellationToken cancellationToken)
    {
        await workflows.DeactivateAsync(name, cancellationToken);
        this.Flash(FlashKind.Success, "Workflow deactivated.");
        return Redirect("/system/workflows");
    }

    [HttpPost("{name}/delete")]
    public async Task<IActionResult> Delete(string name, CancellationToken cancellationToken)
    {
        await workflows.DeleteAsync(name, cancellationToken);
        this.Flash(FlashKind.Success, "Workflow deleted.");
        return Redirect("/system/workflows");
    }
}

/// <summary>The upload limit of a workflow definition (<see cref="WorkflowDefinitionLimits.MaxBytes"/>): back to System → Workflows.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class WorkflowUploadLimitAttribute : UploadLimitAttribute
{
    protected override long MaxBytes(IServiceProvider services) => services.GetRequiredService<IOptions<WorkflowDefinitionLimits>>().Value.MaxBytes;

    protected override string PageOf(HttpRequest request) => "/system/workflows";
}
