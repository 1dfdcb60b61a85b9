using Oro.Opportunities.Application.Configuration;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// A module switched off in System Configuration answers 404 on every one of its URLs (spec §8),
/// whatever page or endpoint lies behind them; the menu hides it through the same snapshot.
/// </summary>
public sealed class FeatureGateMiddleware(RequestDelegate next)
{
    private static readonly (Feature Feature, PathString Prefix)[] Prefixes =
    [
        (Feature.Opportunities, new PathString("/opportunities")),
        (Feature.Leads, new PathString("/leads")),
    ];

    public static Feature? FeatureOf(PathString path)
    {
        foreach (var (feature, prefix) in Prefixes)
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
