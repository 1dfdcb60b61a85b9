using Serilog;

namespace Oro.Opportunities.Web.Infrastructure;

public static class RequestLogging
{
    /// <summary>One log line per request, with the user name when signed in.</summary>
    public static IApplicationBuilder UseSerilogRequestLoggingWithUser(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            // A 503 while the database is away is expected, not an error of ours: one warning per request
            // (the outage itself is logged once, as it begins and ends, by DatabaseAvailability).
            options.GetLevel = (http, _, exception) =>
                exception is not null || (http.Response.StatusCode >= 500 && !http.Items.ContainsKey(DatabaseOutageMiddleware.AnsweredKey))
                    ? Serilog.Events.LogEventLevel.Error
                    : http.Items.ContainsKey(DatabaseOutageMiddleware.AnsweredKey) ? Serilog.Events.LogEventLevel.Warning : Serilog.Events.LogEventLevel.Information;
            options.EnrichDiagnosticContext = (context, http) =>
            {
                if (http.User.Identity?.IsAuthenticated == true)
                {
                    context.Set("UserName", http.User.Identity.Name);
                }
            };
        });
}
