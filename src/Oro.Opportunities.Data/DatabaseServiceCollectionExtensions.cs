using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Oro.Opportunities.Data.Auditing;

namespace Oro.Opportunities.Data;

public static class DatabaseServiceCollectionExtensions
{
    /// <summary>Registers <see cref="AppDbContext"/> on the configured provider with its own migrations assembly.</summary>
    public static IServiceCollection AddOroDatabase(this IServiceCollection services, DatabaseSettings settings)
    {
        services.AddSingleton(settings);
        services.AddScoped<AuditInterceptor>();
        services.AddScoped<DataRevisionInterceptor>();
        services.AddDbContext<AppDbContext>((services, options) =>
        {
            Configure(options, settings);
            options.AddInterceptors(services.GetRequiredService<AuditInterceptor>(), services.GetRequiredService<DataRevisionInterceptor>());
        });
        return services;
    }

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        switch (settings.Provider)
        {
            case DatabaseProvider.Sqlite:
                options.UseSqlite(settings.ConnectionString, o => o.MigrationsAssembly(settings.MigrationsAssembly));
                options.AddInterceptors(SqlitePragmaInterceptor.Instance);

                // EF Core's own table rebuilds (SQLite cannot drop a column or add a foreign key in place) wrap
                // the DROP and RENAME in "PRAGMA foreign_keys = 0/1", statements SQLite ignores inside a
                // transaction, so EF runs them outside it and then warns that the migration "cannot be executed
                // in a transaction": twice on every new database, for the rebuilds in the shipped ScaleOutJobLeases
                // and LeadsAndContactLists migrations. The statements are EF's, not ours (dotnet/efcore#35871), so
                // the event is logged at Information instead of as a warning on every first start (issue 23). A
                // migration of ours that suppressed the transaction itself would be logged the same way: review
                // such SQL by hand.
                options.ConfigureWarnings(w => w.Log((RelationalEventId.NonTransactionalMigrationOperationWarning, LogLevel.Information)));
                break;
            case DatabaseProvider.PostgreSql:
                options.UseNpgsql(settings.ConnectionString, o => o.MigrationsAssembly(settings.MigrationsAssembly));
                break;
            case DatabaseProvider.SqlServer:
                // No retrying execution strategy: the audit interceptor opens its own transaction,
                // which retrying strategies refuse.
                options.UseSqlServer(settings.ConnectionString, o => o.MigrationsAssembly(settings.MigrationsAssembly));
                break;
        }

        return options;
    }
}
