using Serilog;

namespace Oro.Opportunities.Web.Infrastructure;

public static class LoggingSetup
{
    /// <summary>Serilog to the console, and to a daily rolling file when <c>Logging:File:Path</c> is set.</summary>
    public static WebApplicationBuilder AddOroLogging(this WebApplicationBuilder builder)
    {
        var filePath = builder.Configuration["Logging:File:Path"];
        // The logger belongs to this host, not to Serilog's static Log (preserveStaticLogger): two hosts in
        // one process (the integration tests run many) each log to their own sinks.
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                // ReadFrom.Services: sinks registered in the container (a test's log capture, an operator's extra sink) also receive every event.
                logger.ReadFrom.Configuration(builder.Configuration)
                    .ReadFrom.Services(services)
                    .Enrich.FromLogContext()
                    .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                if (!string.IsNullOrWhiteSpace(filePath))
                {
                    logger.WriteTo.File(filePath, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                }
            },
            preserveStaticLogger: true);
        return builder;
    }
}
