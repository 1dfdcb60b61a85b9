using System.Text.Json;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// While the database is unreachable (a PostgreSQL restart, ADR-0017), every request that needs it gets
/// 503 with <c>Retry-After</c> at once — a page that says so, or <c>{ "error" }</c> for scripts — instead
/// of hanging on a connect timeout or ending on a 500 page that itself needs the database (the layout
/// reads the user's menu). The page needs nothing from the database: the sign-in cookie is left alone,
/// so the user is still signed in when the server is back. A GET page reloads itself after 5 seconds.
/// </summary>
public sealed class DatabaseOutageMiddleware(RequestDelegate next, DatabaseAvailability availability, ILogger<DatabaseOutageMiddleware> logger)
{
    /// <summary>Set on a request this middleware answered, so that its log line is a warning, not an error.</summary>
    public const string AnsweredKey = "oro.database-outage";

    public const string Message = "The database is not reachable at the moment (it may be restarting). Nothing was changed; try again in a few seconds.";

    public async Task InvokeAsync(HttpContext context)
    {
        if (availability.IsDown && !context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(context);
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (DatabaseErrors.IsUnavailable(ex) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            availability.ReportFailure(ex);
            logger.LogWarning("{Method} {Path}: the database is unreachable ({Error}); answered 503.", context.Request.Method, context.Request.Path, ex.GetBaseException().Message);
            context.Response.Clear();
            await WriteAsync(context);
        }
    }

    private static async Task WriteAsync(HttpContext context)
    {
        context.Items[AnsweredKey] = true;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "5";
        response.Headers.CacheControl = "no-store";
        if (ErrorResults.WantsJson(context.Request))
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(JsonSerializer.Serialize(new { error = Message }));
            return;
        }

        response.ContentType = "text/html; charset=utf-8";
        var refresh = HttpMethods.IsGet(context.Request.Method) ? "<meta http-equiv=\"refresh\" content=\"5\" />" : string.Empty;
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                {{refresh}}
                <title>Temporarily unavailable · Oro Opportunities</title>
                <link rel="stylesheet" href="/lib/bootstrap/css/bootstrap.min.css" />
                <link rel="stylesheet" href="/css/site.css" />
            </head>
            <body>
                <main id="main" class="container">
                    <div class="text-center py-5" data-status="503" data-testid="database-unavailable">
                        <div class="error-code">503</div>
                        <h1 class="h3">Temporarily unavailable</h1>
                        <p class="text-muted">{{Message}}</p>
                        <p class="text-muted small">{{(HttpMethods.IsGet(context.Request.Method) ? "This page tries again by itself every 5 seconds." : "Go back and send the form again once the page loads.")}}</p>
                    </div>
                </main>
            </body>
            </html>
            """);
    }
}
