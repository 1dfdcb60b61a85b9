using Microsoft.AspNetCore.Authorization;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Web.Infrastructure.Security;

/// <summary>Names of the authorization policies, one per capability of spec §11.</summary>
public static class Policies
{
    public const string SystemConfiguration = "capability:SystemConfiguration";
    public const string ManageUsers = "capability:ManageUsers";
    public const string ManageWorkflows = "capability:ManageWorkflows";
    public const string Import = "capability:Import";
    public const string Export = "capability:Export";

    public static string For(Capability capability) => "capability:" + capability;
}

public sealed record CapabilityRequirement(Capability Capability) : IAuthorizationRequirement;

/// <summary>Grants a capability policy when one of the user's roles has the capability (read from the database).</summary>
public sealed class CapabilityHandler(AccessControl accessControl) : AuthorizationHandler<CapabilityRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CapabilityRequirement requirement)
    {
        var access = await accessControl.GetAsync();
        if (access.Has(requirement.Capability))
        {
            context.Succeed(requirement);
        }
    }
}

public static class AuthorizationSetup
{
    public static IServiceCollection AddOroAuthorization(this IServiceCollection services)
    {
        services.AddScoped<IAuthorizationHandler, CapabilityHandler>();
        services.AddAuthorizationBuilder()
            // Everything needs a signed-in user unless it says [AllowAnonymous] (login, errors, /health).
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.Configure<AuthorizationOptions>(options =>
        {
            foreach (var capability in Enum.GetValues<Capability>())
            {
                options.AddPolicy(Policies.For(capability), policy => policy
                    .RequireAuthenticatedUser()
                    .AddRequirements(new CapabilityRequirement(capability)));
            }
        });
        return services;
    }
}
