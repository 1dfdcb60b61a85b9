using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Oro.Opportunities.Web.Features.Errors;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// A refusal with a sentence the user can act on: the friendly error page for a browser, or
/// <c>{ "error": "…" }</c> for a script. Used by the filters that refuse input before an action runs.
/// </summary>
public static class ErrorResults
{
    public const string ErrorView = "/Features/Errors/Error.cshtml";

    public static IActionResult For(ActionContext context, int status, string title, string text)
    {
        if (WantsJson(context.HttpContext.Request))
        {
            return new JsonResult(new { error = text }) { StatusCode = status };
        }

        var viewData = new ViewDataDictionary<ErrorViewModel>(new EmptyModelMetadataProvider(), context.ModelState)
        {
            Model = new ErrorViewModel(status, title, text),
        };
        viewData["Title"] = title;
        return new ViewResult { ViewName = ErrorView, ViewData = viewData, StatusCode = status };
    }

    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true)
        || request.Headers.XRequestedWith == "XMLHttpRequest";
}
