using Microsoft.AspNetCore.Diagnostics;
using Serilog;
using Serilog.Events;

namespace Oro.Opportunities.Web.Infrastructure;

public static class RequestLogging
{
    /// <summary>
    /// One log line per request, with the user name when signed in. A request the client abandoned (its
    /// <c>RequestAborted</c> fired: a tab closed, a page left during a slow answer) is nobody's error: its
    /// line says status 499 and <c>Aborted = true</c> at Information, so it is counted apart from the
    /// errors, and the exception the cancellation raised ends here instead of reaching the exception handler.
    /// </summary>
    public static IApplicationBuilder UseSerilogRequestLoggingWithUser(this IApplicationBuilder app)
    {
        app.UseSerilogRequestLogging(options =>
        {
            // This host's logger (LoggingSetup), not Serilog's static one.
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = (http, _, exception) => Level(http, exception);
            options.GetMessageTemplateProperties = (http, path, elapsed, status) =>
            [
                new LogEventProperty("RequestMethod", new ScalarValue(http.Request.Method)),
                new LogEventProperty("RequestPath", new ScalarValue(path)),
                new LogEventProperty("StatusCode", new ScalarValue(IsAborted(http) ? StatusCodes.Status499ClientClosedRequest : status)),
                new LogEventProperty("Elapsed", new ScalarValue(elapsed)),
            ];
            options.EnrichDiagnosticContext = (context, http) =>
            {
                if (http.User.Identity?.IsAuthenticated == true)
                {
                    context.Set("UserName", http.User.Identity.Name);
                }

                if (IsAborted(http))
                {
                    context.Set("Aborted", true);
                }
            };
        });
        return app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException && IsAborted(context))
            {
                // Nobody is left to read an answer, not even an error page.
                if (context.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
                {
                    statusCodePages.Enabled = false;
                }

                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
                }
            }
        });
    }

    private static bool IsAborted(HttpContext http) => http.RequestAborted.IsCancellationRequested;

    /// <summary>
    /// An exception or a 5xx is an error; an abandoned request is not (it arrives here without its
    /// exception, as a 499). A 503 while the database is away is expected, not an error of ours: one warning
    /// per request (the outage itself is logged once, as it begins and ends, by <see cref="DatabaseAvailability"/>).
    /// </summary>
    private static LogEventLevel Level(HttpContext http, Exception? exception)
    {
        var outage = http.Items.ContainsKey(DatabaseOutageMiddleware.AnsweredKey);
        if (exception is not null || (http.Response.StatusCode >= 500 && !outage))
        {
            return LogEventLevel.Error;
        }

        return outage ? LogEventLevel.Warning : LogEventLevel.Information;
    }
}
