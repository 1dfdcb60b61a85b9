using Serilog;

namespace Oro.Opportunities.Web.Infrastructure;

public static class RequestLogging
{
    /// <summary>One log line per request, with the user name when signed in.</summary>
    public static IApplicationBuilder UseSerilogRequestLoggingWithUser(this IApplicationBuilder app) =>
        app.UseSerilogRequestLogging(options =>
        {
            options.EnrichDiagnosticContext = (context, http) =>
            {
                if (http.User.Identity?.IsAuthenticated == true)
                {
                    context.Set("UserName", http.User.Identity.Name);
                }
            };
        });
}
