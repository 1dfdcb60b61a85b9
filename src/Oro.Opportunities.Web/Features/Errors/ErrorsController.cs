using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Oro.Opportunities.Web.Features.Errors;

/// <summary>
/// Friendly error pages. Reached by re-execution (status code pages, exception handler) with the
/// original request's method, so it answers any method and never checks antiforgery: it changes nothing.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorsController : Controller
{
    [Route("error/{code:int}")]
    public IActionResult Show(int code)
    {
        var status = code is >= 400 and <= 599 ? code : 500;
        Response.StatusCode = status;
        var (title, text) = status switch
        {
            400 => ("Bad request", "The request could not be processed. If you submitted a form, reload the page and try again."),
            403 => ("Access denied", "You do not have permission to open this page. Ask an administrator if you need access."),
            404 => ("Page not found", "The page does not exist, or you do not have access to it."),
            _ => ("Something went wrong", "An unexpected error occurred. It has been logged; please try again."),
        };
        ViewData["Title"] = title;
        return View("Error", new ErrorViewModel(status, title, text));
    }
}

public sealed record ErrorViewModel(int StatusCode, string Title, string Text);
