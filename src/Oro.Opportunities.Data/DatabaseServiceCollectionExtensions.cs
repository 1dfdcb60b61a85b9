using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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
