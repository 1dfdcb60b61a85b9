using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.ImportExport;
using Oro.Opportunities.Application.Leads;
using Oro.Opportunities.Web.Features.ImportExport;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.Web.Features.Leads;

/// <summary>Sales → Leads → Import File, Export and Export Grid (spec §9): the opportunities' import pages and engine, with Oro's lead columns.</summary>
[Route("leads")]
public sealed class LeadImportExportController(ImportJobs jobs, IOptionsMonitor<ImportOptions> options) : ImportPagesController(jobs, options)
{
    protected override ImportKindPage Kind => ImportKindPage.Leads;

    protected override Task WriteTemplateAsync(Stream output, CancellationToken cancellationToken) =>
        LeadExporter.WriteTemplateAsync(output, cancellationToken);

    /// <summary>Export (no query string: every lead the user may see) and Export Grid (the grid's filters), streamed as read.</summary>
    [HttpGet("export")]
    [Authorize(Policy = Policies.Export)]
    public async Task<IActionResult> Export([FromQuery] LeadSearch search, [FromServices] LeadExporter exporter, CancellationToken cancellationToken)
    {
        try
        {
            await exporter.EnsureAllowedAsync(cancellationToken);
        }
        catch (ForbiddenException)
        {
            return Forbid();
        }

        var grid = Request.Query.Count > 0;
        if (grid && LeadSearchRules.Sanitize(search) is [var problem, ..])
        {
            return BadRequest(problem);
        }

        Attachment($"leads{(grid ? "-grid" : "")}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");
        await exporter.WriteAsync(Response.Body, grid ? search : null, cancellationToken);
        return new EmptyResult();
    }
}
