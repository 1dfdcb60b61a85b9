using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// Reads the body before anything else does, so a body the server cannot take (too many fields, a
/// value too long, a broken multipart body) or a NUL character (which PostgreSQL cannot store) is
/// refused with a 400 and a sentence, instead of failing later inside antiforgery or model binding.
/// Runs after the endpoint's own <see cref="RequestFormLimitsAttribute"/> (order 900) and before the
/// antiforgery check (order 1000).
/// </summary>
public sealed class RequestBodyGuard(IOptions<FormOptions> formOptions) : IAsyncAuthorizationFilter
{
    public const int Order = 950;

    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        var http = context.HttpContext;

        // Error pages are re-executions of a request already refused: its body is not read again.
        if (http.Features.Get<IStatusCodeReExecuteFeature>() is not null || http.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            return;
        }

        var problem = http.Request.Query.Any(q => HasNul(q.Key) || q.Value.Any(HasNul)) ? NulMessage : null;
        if (problem is null && http.Request.HasFormContentType)
        {
            try
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                if (form.Any(f => HasNul(f.Key) || f.Value.Any(HasNul)))
                {
                    problem = NulMessage;
                }
            }
            catch (InvalidDataException ex)
            {
                problem = FormProblem(ex, context);
            }
            catch (BadHttpRequestException)
            {
                problem = "The request is larger than the server accepts.";
            }
        }

        if (problem is not null)
        {
            context.Result = ErrorResults.For(context, StatusCodes.Status400BadRequest, "The request could not be accepted", problem);
        }
    }

    private const string NulMessage = "The request contains a NUL character, which cannot be stored. Remove it and try again.";

    private static bool HasNul(string? value) => value?.Contains('\0', StringComparison.Ordinal) == true;

    private string FormProblem(InvalidDataException ex, AuthorizationFilterContext context)
    {
        var limits = context.ActionDescriptor.EndpointMetadata.OfType<RequestFormLimitsAttribute>().LastOrDefault();
        if (ex.Message.Contains("count limit", StringComparison.OrdinalIgnoreCase))
        {
            var limit = limits?.ValueCountLimit ?? formOptions.Value.ValueCountLimit;
            return string.Create(CultureInfo.InvariantCulture, $"The form has more fields than the server accepts (at most {limit:N0}).")
                + (limits is null ? " Reload the page and try again." : string.Create(CultureInfo.InvariantCulture, $" Select at most {MassActionLimits.MaxIds:N0} records and try again."));
        }

        if (ex.Message.Contains("length limit", StringComparison.OrdinalIgnoreCase))
        {
            var limit = limits?.ValueLengthLimit ?? formOptions.Value.ValueLengthLimit;
            return string.Create(CultureInfo.InvariantCulture, $"A value in the form is longer than the server accepts (at most {limit:N0} characters).");
        }

        return "The form could not be read. Reload the page and try again.";
    }
}

/// <summary>
/// Every action that takes a body takes a form (the scripts post <c>FormData</c> too). A body of any
/// other type (JSON, XML, text) is refused with 415 before any filter tries to read it as a form.
/// </summary>
public sealed class FormContentTypeGuard : IAuthorizationFilter
{
    public const int Order = int.MinValue + 100;

    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var request = context.HttpContext.Request;
        var hasBody = request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
        if (hasBody && !request.HasFormContentType
            && context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null
            && context.HttpContext.Features.Get<IExceptionHandlerFeature>() is null)
        {
            context.Result = ErrorResults.For(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported format",
                "This address accepts forms only (application/x-www-form-urlencoded or multipart/form-data).");
        }
    }
}

/// <summary>How many records one mass action (and any other action taking a list of ids) takes.</summary>
public static class MassActionLimits
{
    public const int MaxIds = 5_000;

    /// <summary>The ids (a few over the limit, so the page can say so), their versions and the few other fields of the form.</summary>
    public const int FormValueCount = (2 * (MaxIds + 100)) + 100;

    public static string TooMany(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"A mass action takes at most {MaxIds:N0} records; {count:N0} were selected. Select fewer and try again.");
}

/// <summary>
/// Input is never echoed without bound: a redirect whose address would exceed <see cref="MaxLength"/>
/// characters (a return URL or a saved query sent back) is refused with 400 instead.
/// </summary>
public sealed class RedirectLengthFilter : IResultFilter
{
    public const int MaxLength = 8_192;

    public void OnResultExecuting(ResultExecutingContext context)
    {
        var url = context.Result switch
        {
            RedirectResult r => r.Url,
            LocalRedirectResult l => l.Url,
            _ => null,
        };
        if (url?.Length > MaxLength)
        {
            context.Result = ErrorResults.For(context, StatusCodes.Status400BadRequest, "The request is too long",
                "The address to return to is longer than the server accepts. Go back and try again with fewer filters.");
        }
    }

    public void OnResultExecuted(ResultExecutedContext context)
    {
    }
}
