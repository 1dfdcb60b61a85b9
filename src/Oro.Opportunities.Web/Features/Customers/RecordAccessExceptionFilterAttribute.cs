using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Oro.Opportunities.Application.Common;

namespace Oro.Opportunities.Web.Features.Customers;

/// <summary>
/// Turns the use cases' access refusals into status codes (spec §11): a record the user may not
/// see is 404, one they may see but not change is 403. The status code pages show the friendly page.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class RecordAccessExceptionFilterAttribute : ExceptionFilterAttribute
{
    public override void OnException(ExceptionContext context)
    {
        switch (context.Exception)
        {
            case NotFoundException:
                context.Result = new NotFoundResult();
                context.ExceptionHandled = true;
                break;
            case ForbiddenException:
                context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
                context.ExceptionHandled = true;
                break;
        }
    }
}
