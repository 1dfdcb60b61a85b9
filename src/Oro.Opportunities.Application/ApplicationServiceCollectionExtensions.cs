using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
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
        return services;
    }
}
