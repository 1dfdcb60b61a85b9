using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Domain;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>Marks an action that answers JSON: its refusals become ProblemDetails rather than pages.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class JsonEndpointAttribute : Attribute;

/// <summary>
/// A controller whose form redisplays itself when a use case refuses it: the refusal is in
/// ModelState already; the page shows the form again with it (or, for a conflict, with what is stored now).
/// </summary>
public interface IRedisplaysForm
{
    Task<IActionResult?> RedisplayAsync(ActionExecutingContext context, Exception refusal);
}

/// <summary>A JSON endpoint that adds the current state of the record to a conflict answer.</summary>
public interface IConflictDetails
{
    Task<IDictionary<string, object?>> ConflictDetailsAsync(ActionExecutingContext context);
}

/// <summary>
/// Maps the use cases' refusals to answers in one place, instead of a <c>catch</c> in every action:
/// a record the user may not see is 404, one they may not change 403, a stale edit 409 and a rule the
/// change breaks 422. JSON endpoints get ProblemDetails (with <c>error</c> and <c>field</c> for the
/// scripts); a form page redisplays itself (<see cref="IRedisplaysForm"/>); any other page action
/// sends the user back where they came from with the message.
/// </summary>
public sealed class DomainErrorsFilter : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is not { } exception || executed.ExceptionHandled || Status(exception) is not int status)
        {
            return;
        }

        executed.ExceptionHandled = true;
        if (context.ActionDescriptor.EndpointMetadata.OfType<JsonEndpointAttribute>().Any())
        {
            executed.Result = await ProblemAsync(context, exception, status);
            return;
        }

        if (exception is NotFoundException)
        {
            executed.Result = new NotFoundResult();
            return;
        }

        if (exception is ForbiddenException)
        {
            executed.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }

        if (exception is DomainRuleException rule)
        {
            context.ModelState.AddRuleError(rule);
        }

        if (context.Controller is IRedisplaysForm form && await RedisplayAsync(form, context, exception) is { } page)
        {
            executed.Result = page;
            return;
        }

        if (context.Controller is Controller controller)
        {
            controller.Flash(FlashKind.Danger, exception.Message);
            var referer = context.HttpContext.Request.Headers.Referer.ToString();
            executed.Result = new RedirectResult(Uri.TryCreate(referer, UriKind.Absolute, out var uri) && uri.Host == context.HttpContext.Request.Host.Host
                ? uri.PathAndQuery
                : "/");
            return;
        }

        executed.Result = new ObjectResult(exception.Message) { StatusCode = status };
    }

    /// <summary>
    /// The form again with the refusal; when the form itself can no longer be shown (the record, the
    /// workflow or the step it belonged to is gone, or the user lost access) the refusal is answered as
    /// any other page action's, never as a 500.
    /// </summary>
    private static async Task<IActionResult?> RedisplayAsync(IRedisplaysForm form, ActionExecutingContext context, Exception refusal)
    {
        try
        {
            return await form.RedisplayAsync(context, refusal);
        }
        catch (Exception again) when (Status(again) is not null)
        {
            return again is NotFoundException ? new NotFoundResult() : null;
        }
    }

    private static int? Status(Exception exception) => exception switch
    {
        NotFoundException => StatusCodes.Status404NotFound,
        ForbiddenException => StatusCodes.Status403Forbidden,
        ConcurrencyConflictException => StatusCodes.Status409Conflict,
        DomainRuleException or Application.Workflows.TransitionFormException => StatusCodes.Status422UnprocessableEntity,
        _ => null,
    };

    private static async Task<IActionResult> ProblemAsync(ActionExecutingContext context, Exception exception, int status)
    {
        var message = exception is NotFoundException ? "This record does not exist or you do not have access to it." : exception.Message;
        var problem = new ProblemDetails { Status = status, Title = message, Detail = message };
        problem.Extensions["error"] = message;
        if (exception is DomainRuleException { Field: { } field })
        {
            problem.Extensions["field"] = field;
        }

        if (exception is Application.Workflows.TransitionFormException form)
        {
            problem.Extensions["errors"] = form.Errors.Select(e => new { field = e.Field, message = e.Message }).ToList();
            problem.Extensions["field"] = form.Errors[0].Field;
        }

        if (exception is ConcurrencyConflictException && context.Controller is IConflictDetails details)
        {
            foreach (var (key, value) in await details.ConflictDetailsAsync(context))
            {
                problem.Extensions[key] = value;
            }
        }

        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }
}
