using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Security;

namespace Oro.Opportunities.Application;

public static class ApplicationServiceCollectionExtensions
{
    public static IServiceCollection AddOroApplication(this IServiceCollection services)
    {
        services.AddSingleton<ConfigurationCache>();
        services.AddScoped<ISystemConfiguration, SystemConfiguration>();
        services.AddScoped<ConfigurationWriter>();
        services.AddScoped<AccessControl>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<OpportunityGridQuery>();
        services.AddScoped<OpportunityDetailsQuery>();
        services.AddScoped<OpportunityCommands>();
        services.AddScoped<Lookups>();
        services.AddScoped<SavedViews>();
        return services;
    }
}
