using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Application.Users;

namespace Oro.Opportunities.Application;

public static class ApplicationServiceCollectionExtensions
{
    public static IServiceCollection AddOroApplication(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ConfigurationCache>();
        services.AddScoped<ISystemConfiguration, SystemConfiguration>();
        services.AddScoped<ConfigurationWriter>();
        services.AddScoped<AccessControl>();
        services.AddScoped<UserAdministration>();
        services.AddScoped<TeamAdministration>();
        services.AddScoped<RoleAdministration>();
        return services;
    }
}
