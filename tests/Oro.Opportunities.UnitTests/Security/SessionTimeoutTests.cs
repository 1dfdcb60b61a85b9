using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Infrastructure.Security;

namespace Oro.Opportunities.UnitTests.Security;

public sealed class SessionTimeoutTests
{
    private static AuthenticationProperties SignedInAt(DateTimeOffset at) =>
        new(new Dictionary<string, string?> { [IdentitySetup.SignedInAtKey] = at.ToString("O", CultureInfo.InvariantCulture) });

    [Fact]
    public void A_session_older_than_twelve_hours_is_ended_even_when_active()
    {
        var now = DateTimeOffset.UtcNow;

        Assert.True(IdentitySetup.IsPastAbsoluteTimeout(SignedInAt(now.AddHours(-12).AddMinutes(-1)), now));
        Assert.False(IdentitySetup.IsPastAbsoluteTimeout(SignedInAt(now.AddHours(-11).AddMinutes(-59)), now));
    }

    [Fact]
    public void The_idle_and_absolute_timeouts_are_those_of_the_quality_bar()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), IdentitySetup.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(12), IdentitySetup.AbsoluteTimeout);
    }

    [Theory]
    [InlineData(AccessLevel.All, 2, 9, true)]
    [InlineData(AccessLevel.Team, 2, 1, true)]
    [InlineData(AccessLevel.Team, 2, 9, false)]
    [InlineData(AccessLevel.Own, 1, 1, true)]
    [InlineData(AccessLevel.Own, 2, 1, false)]
    [InlineData(AccessLevel.None, 1, 1, false)]
    public void Access_levels_reach_own_team_or_all_records(AccessLevel level, int ownerId, int ownerTeamId, bool allowed)
    {
        // The user is #1 in team #1.
        Assert.Equal(allowed, AccessRules.Allows(level, userId: 1, userTeamId: 1, ownerId, ownerTeamId));
    }
}
