using Microsoft.AspNetCore.Mvc;
using Oro.Opportunities.Application.Common;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Application.Users;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.Web.Features.Profile;

/// <summary>The signed-in user's own profile: their time zone (every user may set their own).</summary>
[Route("profile")]
public sealed class ProfileController(UserAdministration users, ICurrentUser currentUser, UserClock clock) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var user = currentUser.UserId is int id ? await users.FindAsync(id, cancellationToken) : null;
        if (user is null)
        {
            return NotFound();
        }

        return Page(new ProfilePageModel { User = user, TimeZone = user.TimeZone, Now = await clock.NowAsync(cancellationToken) });
    }

    [HttpPost("")]
    public async Task<IActionResult> Save([FromForm] string? timeZone, CancellationToken cancellationToken)
    {
        try
        {
            await users.SetOwnTimeZoneAsync(timeZone, cancellationToken);
        }
        catch (DomainRuleException ex)
        {
            ModelState.AddRuleError(ex);
            var user = await users.FindAsync(currentUser.UserId!.Value, cancellationToken);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page(new ProfilePageModel { User = user!, TimeZone = timeZone, Now = await clock.NowAsync(cancellationToken) });
        }

        this.Flash(FlashKind.Success, "Profile saved: times are shown in your time zone.");
        return Redirect("/profile");
    }

    private ViewResult Page(ProfilePageModel model)
    {
        ViewData.SetPage("My profile", new Breadcrumb("My profile"));
        return View("Index", model);
    }
}

public sealed class ProfilePageModel
{
    public required UserDetails User { get; init; }

    public string? TimeZone { get; init; }

    public required UserTime Now { get; init; }
}
