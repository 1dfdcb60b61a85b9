using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// Hangfire with the job storage that matches the database provider (ADR-0005). The processing
/// server can be switched off (<c>BackgroundJobs:ServerEnabled</c>) for hosts that only serve pages.
/// </summary>
public static class BackgroundJobsSetup
{
    /// <summary>
    /// The app's own jobs page (System → Background jobs). Hangfire's dashboard is not mounted: it
    /// shows the job storage's details (the SQLite file's path among them) and needs inline styles.
    /// </summary>
    public const string JobsPagePath = "/system/jobs";

    public static IServiceCollection AddOroBackgroundJobs(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database, string dataFolder)
    {
        // Hangfire keeps its configuration in process-wide statics (JobStorage.Current): with several hosts in
        // one process (the integration tests) a host could be handed another host's storage, disposed with it.
        // Registered before AddHangfire (which only adds its own when none is there), this host's storage is
        // the one its own configuration created.
        JobStorage? storage = null;
        services.AddSingleton<JobStorage>(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return storage ?? JobStorage.Current;
        });

        // The same for the job activator (JobActivator.Current): with another host's activator, this host's
        // server would build the import job from the other host's services, and so run it on the other
        // host's database, leaving this one's job queued for ever.
        services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            switch (database.Provider)
            {
                case DatabaseProvider.Sqlite:
                    storage = config.UseSQLiteStorage(
                        configuration["BackgroundJobs:SqlitePath"] ?? Path.Combine(dataFolder, "jobs.db"),
                        new SQLiteStorageOptions { QueuePollInterval = TimeSpan.FromSeconds(1) }).Entry;
                    break;
                case DatabaseProvider.PostgreSql:
                    storage = config.UsePostgreSqlStorage(
                        options => options.UseNpgsqlConnection(database.ConnectionString),
                        new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true, QueuePollInterval = TimeSpan.FromSeconds(1) }).Entry;
                    break;
                case DatabaseProvider.SqlServer:
                    storage = config.UseSqlServerStorage(database.ConnectionString).Entry;
                    break;
            }
        });

        if (configuration.GetValue("BackgroundJobs:ServerEnabled", true))
        {
            services.AddHangfireServer(options =>
            {
                options.WorkerCount = Math.Max(1, configuration.GetValue("BackgroundJobs:WorkerCount", 2));
                options.ServerName = configuration["BackgroundJobs:NodeId"] is { Length: > 0 } node ? node : $"{Environment.MachineName}:{Environment.ProcessId}";
            });

            // Takes over jobs from lost nodes (lease expired) instead of waiting for the queue's invisibility timeout (ADR-0017).
            services.AddHostedService<JobWatchdog>();
        }

        return services;
    }
}
