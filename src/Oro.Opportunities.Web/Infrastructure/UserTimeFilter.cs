using Microsoft.AspNetCore.Mvc.Filters;
using Oro.Opportunities.Application.Common;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// Resolves the signed-in user's time zone before any action runs, so that views and the queries
/// that cannot await (the grid's filter) read it synchronously from <see cref="UserClock"/>.
/// </summary>
public sealed class UserTimeFilter : IAsyncResourceFilter
{
    public async Task OnResourceExecutionAsync(ResourceExecutingContext context, ResourceExecutionDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.Identity?.IsAuthenticated == true)
        {
            await http.RequestServices.GetRequiredService<UserClock>().ZoneAsync(http.RequestAborted);
        }

        await next();
    }
}
