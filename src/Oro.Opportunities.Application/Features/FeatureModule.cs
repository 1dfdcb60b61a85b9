using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Application.Features;

/// <summary>A menu entry a feature contributes: in which section, where it leads, and to whom it shows.</summary>
public sealed record MenuEntry(string Section, string Label, string Url, string Icon, int Order, Func<ConfigurationSnapshot, UserAccess, bool> IsVisible)
{
    /// <summary>Shown to users who may view at least one record of <paramref name="entity"/>, while <paramref name="feature"/> (if any) is on.</summary>
    public static Func<ConfigurationSnapshot, UserAccess, bool> ViewersOf(SecuredEntity entity, Feature? feature = null) =>
        (snapshot, access) => (feature is not { } f || snapshot.IsFeatureEnabled(f)) && access.Level(entity, PermissionAction.View) != AccessLevel.None;
}

/// <summary>Every URL under <see cref="PathPrefix"/> answers 404 while <see cref="Feature"/> is switched off (spec §8).</summary>
public sealed record FeatureGate(Feature Feature, string PathPrefix);

/// <summary>
/// One feature's registration, in one place of its own: its menu entries, the URLs its System
/// Configuration switch closes, and its services. Modules are found by their type (every
/// non-abstract implementation in this assembly), so a new feature touches no central list. What a
/// feature's records are (access rules, audit, cached figures) their classes declare themselves
/// (<see cref="SecuredRecordAttribute"/>, <c>[Audited]</c>, <c>[BumpsRevision]</c>).
/// </summary>
public interface IFeatureModule
{
    IEnumerable<MenuEntry> Menu => [];

    IEnumerable<FeatureGate> Gates => [];

    void AddServices(IServiceCollection services)
    {
    }
}

public static class FeatureModules
{
    /// <summary>Every feature module of the application, in a stable order.</summary>
    public static IReadOnlyList<IFeatureModule> All { get; } = typeof(IFeatureModule).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IFeatureModule).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (IFeatureModule)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>Registers the modules (for the menu and the feature gate) and each module's own services.</summary>
    public static IServiceCollection AddFeatureModules(this IServiceCollection services)
    {
        foreach (var module in All)
        {
            services.AddSingleton(module);
            module.AddServices(services);
        }

        return services;
    }
}
