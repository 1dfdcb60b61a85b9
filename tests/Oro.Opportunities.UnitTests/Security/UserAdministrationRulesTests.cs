using Microsoft.AspNetCore.Identity;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Application.Users;
using Oro.Opportunities.Domain;

namespace Oro.Opportunities.UnitTests.Security;

public sealed class UserAdministrationRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(true, null, UserStatus.Enabled)]
    [InlineData(true, -1, UserStatus.Enabled)]
    [InlineData(true, 10, UserStatus.Locked)]
    [InlineData(false, 10, UserStatus.Disabled)]
    [InlineData(false, null, UserStatus.Disabled)]
    public void The_status_shows_disabled_before_locked_and_ignores_an_expired_lockout(bool enabled, int? lockoutMinutesFromNow, UserStatus expected)
    {
        DateTimeOffset? lockoutEnd = lockoutMinutesFromNow is int minutes ? Now.AddMinutes(minutes) : null;

        Assert.Equal(expected, UserStatuses.Of(enabled, lockoutEnd, Now));
    }

    [Theory]
    [InlineData("PasswordTooShort", "Password")]
    [InlineData("PasswordRequiresUniqueChars", "Password")]
    [InlineData("DuplicateUserName", "UserName")]
    [InlineData("InvalidUserName", "UserName")]
    [InlineData("InvalidEmail", "Email")]
    [InlineData("DuplicateRoleName", "Name")]
    [InlineData("DefaultError", null)]
    public void Identity_errors_are_shown_beside_their_field(string code, string? field)
    {
        Assert.Equal(field, IdentityResults.FieldOf(code));
    }

    [Fact]
    public void A_failed_identity_result_becomes_one_rule_error_for_the_first_field()
    {
        var result = IdentityResult.Failed(
            new IdentityError { Code = "PasswordTooShort", Description = "Too short." },
            new IdentityError { Code = "DuplicateUserName", Description = "Taken." },
            new IdentityError { Code = "PasswordRequiresUniqueChars", Description = "Too plain." });

        var error = Assert.Throws<DomainRuleException>(result.ThrowIfFailed);

        Assert.Equal("Password", error.Field);
        Assert.Equal("Too short. Too plain.", error.Message);
    }

    [Fact]
    public void A_concurrency_failure_asks_the_user_to_reload()
    {
        var result = IdentityResult.Failed(new IdentityErrorDescriber().ConcurrencyFailure());

        var error = Assert.Throws<DomainRuleException>(result.ThrowIfFailed);

        Assert.Contains("Reload the page", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Field);
    }

    [Fact]
    public void A_form_built_from_an_older_stamp_is_refused_and_no_stamp_skips_the_check()
    {
        Assert.Throws<DomainRuleException>(() => IdentityResults.EnsureUnchangedSince("old", "new"));
        Assert.Null(Record.Exception(() => IdentityResults.EnsureUnchangedSince("same", "same")));
        Assert.Null(Record.Exception(() => IdentityResults.EnsureUnchangedSince(null, "new")));
    }

    [Fact]
    public void Success_passes_through()
    {
        Assert.Null(Record.Exception(IdentityResult.Success.ThrowIfFailed));
    }
}
