using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Features;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// A module switched off in System Configuration answers 404 on every one of its URLs (spec §8),
/// whatever page or endpoint lies behind them; the menu hides it through the same snapshot. Which
/// URLs belong to which switch, each feature says in its module (<see cref="IFeatureModule.Gates"/>).
/// </summary>
public sealed class FeatureGateMiddleware(RequestDelegate next, IEnumerable<IFeatureModule> modules)
{
    private readonly (Feature Feature, PathString Prefix)[] prefixes =
        modules.SelectMany(m => m.Gates).Select(g => (g.Feature, new PathString(g.PathPrefix))).ToArray();

    public Feature? FeatureOf(PathString path)
    {
        foreach (var (feature, prefix) in prefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return feature;
            }
        }

        return null;
    }

    public async Task InvokeAsync(HttpContext context, ISystemConfiguration configuration)
    {
        if (FeatureOf(context.Request.Path) is Feature feature)
        {
            var snapshot = await configuration.GetAsync(context.RequestAborted);
            if (!snapshot.IsFeatureEnabled(feature))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
        }

        await next(context);
    }
}
