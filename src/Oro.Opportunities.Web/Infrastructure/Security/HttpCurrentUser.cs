using System.Globalization;
using System.Security.Claims;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data.Auditing;

namespace Oro.Opportunities.Web.Infrastructure.Security;

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser, IAuditContext
{
    public int? UserId =>
        int.TryParse(accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
}
