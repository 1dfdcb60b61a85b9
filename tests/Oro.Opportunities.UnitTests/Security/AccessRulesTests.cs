using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.UnitTests.Security;

public sealed class AccessRulesTests
{
    private const int Me = 1;
    private const int Colleague = 2;
    private const int Stranger = 3;
    private const int MyTeam = 10;
    private const int OtherTeam = 20;

    [Theory]
    [InlineData(AccessLevel.None, Me, MyTeam, false)]
    [InlineData(AccessLevel.Own, Me, MyTeam, true)]
    [InlineData(AccessLevel.Own, Colleague, MyTeam, false)]
    [InlineData(AccessLevel.Team, Me, MyTeam, true)]
    [InlineData(AccessLevel.Team, Colleague, MyTeam, true)]
    [InlineData(AccessLevel.Team, Stranger, OtherTeam, false)]
    [InlineData(AccessLevel.All, Stranger, OtherTeam, true)]
    public void A_level_reaches_the_records_it_names(AccessLevel level, int ownerId, int ownerTeamId, bool allowed)
    {
        Assert.Equal(allowed, AccessRules.Allows(level, Me, MyTeam, ownerId, ownerTeamId));
    }

    [Fact]
    public void Team_level_without_a_team_reaches_only_own_records()
    {
        Assert.True(AccessRules.Allows(AccessLevel.Team, Me, null, Me, null));
        Assert.False(AccessRules.Allows(AccessLevel.Team, Me, null, Stranger, null));
    }

    [Fact]
    public void A_record_of_a_user_without_team_is_not_reached_by_team_level()
    {
        Assert.False(AccessRules.Allows(AccessLevel.Team, Me, MyTeam, Stranger, null));
    }

    [Theory]
    [InlineData(AccessLevel.None, false)]
    [InlineData(AccessLevel.Own, true)]
    [InlineData(AccessLevel.Team, true)]
    [InlineData(AccessLevel.All, true)]
    public void Create_is_allowed_by_any_level_above_none(AccessLevel level, bool allowed)
    {
        Assert.Equal(allowed, AccessRules.AllowsCreate(level));
    }

    [Fact]
    public void Several_roles_grant_the_widest_level_and_no_role_grants_none()
    {
        Assert.Equal(AccessLevel.Team, AccessRules.Widest([AccessLevel.Own, AccessLevel.Team, AccessLevel.None]));
        Assert.Equal(AccessLevel.None, AccessRules.Widest([]));
    }
}
