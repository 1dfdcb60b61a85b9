namespace Oro.Opportunities.Application.Security;

/// <summary>Who is making the request; the web layer provides it from the sign-in cookie.</summary>
public interface ICurrentUser
{
    int? UserId { get; }
}
