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
    /// <summary>
    /// The status comes from the route only (<c>[FromRoute]</c>): a re-executed request keeps its query
    /// string and body, and a field named <c>code</c> there must not choose the answer. Nothing else is
    /// bound, so a body the server could not read does not break the page that reports it.
    /// </summary>
    [Route("error/{code:int}")]
    public IActionResult Show([FromRoute] int code)
    {
        // Anything that is not an error status is no page of ours.
        var status = code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = status;
        var (title, text) = status switch
        {
            400 => ("Bad request", "The request could not be processed. If you submitted a form, reload the page and try again."),
            403 => ("Access denied", "You do not have permission to open this page. Ask an administrator if you need access."),
            404 => ("Page not found", "The page does not exist, or you do not have access to it."),
            405 => ("Not allowed", "This address does not accept that kind of request."),
            409 => ("Changed meanwhile", "Someone changed this record at the same time. Reload the page to see the current values."),
            413 => ("Too large", "The request is larger than the server accepts."),
            415 => ("Unsupported format", "The request was sent in a format this page does not accept."),
            422 => ("Not valid", "Some values were not valid. Go back, correct them and try again."),
            429 => ("Too many attempts", "Too many attempts in a short time. Wait a few minutes, then try again."),
            < 500 => ("Request refused", "The request could not be processed. Go back and try again."),
            _ => ("Something went wrong", "An unexpected error occurred. It has been logged; please try again."),
        };
        ViewData["Title"] = title;
        return View("Error", new ErrorViewModel(status, title, text));
    }
}

public sealed record ErrorViewModel(int StatusCode, string Title, string Text);
