using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.UnitTests.Security;

public sealed class AdministratorRulesTests
{
    private static Dictionary<(SecuredEntity Entity, PermissionAction Action), AccessLevel> Everywhere(AccessLevel level) =>
        Enum.GetValues<SecuredEntity>()
            .SelectMany(e => Enum.GetValues<PermissionAction>().Select(a => (e, a)))
            .ToDictionary(cell => cell, _ => level);

    [Fact]
    public void The_administrator_matrix_with_all_everywhere_and_the_required_capabilities_is_accepted()
    {
        var exception = Record.Exception(() => AdministratorRules.EnsureAdministratorMatrixKeepsControl(
            SystemRoles.Administrator, Everywhere(AccessLevel.All), [Capability.SystemConfiguration, Capability.ManageUsers]));

        Assert.Null(exception);
    }

    [Theory]
    [InlineData(Capability.ManageUsers, "Manage Users")]
    [InlineData(Capability.SystemConfiguration, "System Configuration")]
    public void The_administrator_role_cannot_lose_a_required_capability(Capability dropped, string named)
    {
        var capabilities = Enum.GetValues<Capability>().Where(c => c != dropped).ToList();

        var error = Assert.Throws<DomainRuleException>(() => AdministratorRules.EnsureAdministratorMatrixKeepsControl(
            SystemRoles.Administrator, Everywhere(AccessLevel.All), capabilities));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.Equal("Capabilities", error.Field);
    }

    [Theory]
    [InlineData(AccessLevel.Team)]
    [InlineData(AccessLevel.Own)]
    [InlineData(AccessLevel.None)]
    public void The_administrator_role_cannot_narrow_any_cell(AccessLevel narrower)
    {
        var levels = Everywhere(AccessLevel.All);
        levels[(SecuredEntity.Lead, PermissionAction.Assign)] = narrower;

        var error = Assert.Throws<DomainRuleException>(() => AdministratorRules.EnsureAdministratorMatrixKeepsControl(
            SystemRoles.Administrator, levels, AdministratorRules.RequiredCapabilities.ToList()));

        Assert.Contains("Lead / Assign is not All", error.Message, StringComparison.Ordinal);
        Assert.Equal("Cells", error.Field);
    }

    [Fact]
    public void A_missing_cell_of_the_administrator_matrix_counts_as_none()
    {
        var levels = Everywhere(AccessLevel.All);
        levels.Remove((SecuredEntity.Opportunity, PermissionAction.View));

        var error = Assert.Throws<DomainRuleException>(() => AdministratorRules.EnsureAdministratorMatrixKeepsControl(
            SystemRoles.Administrator, levels, AdministratorRules.RequiredCapabilities.ToList()));

        Assert.Contains("Opportunity / View", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SystemRoles.SalesManager)]
    [InlineData(SystemRoles.SalesRep)]
    [InlineData("Auditors")]
    public void Other_roles_may_have_any_matrix(string role)
    {
        var exception = Record.Exception(() => AdministratorRules.EnsureAdministratorMatrixKeepsControl(role, Everywhere(AccessLevel.None), []));

        Assert.Null(exception);
    }

    [Fact]
    public void Disabling_the_last_enabled_administrator_is_refused()
    {
        var error = Assert.Throws<DomainRuleException>(() => AdministratorRules.EnsureAnAdministratorRemains(true, 0, "RoleIds"));

        Assert.Contains("last enabled Administrator", error.Message, StringComparison.Ordinal);
        Assert.Equal("RoleIds", error.Field);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 0)]
    public void A_change_that_leaves_an_enabled_administrator_is_allowed(bool affectsAdministrator, int others)
    {
        Assert.Null(Record.Exception(() => AdministratorRules.EnsureAnAdministratorRemains(affectsAdministrator, others)));
    }

    [Fact]
    public void A_user_cannot_disable_their_own_account()
    {
        var error = Assert.Throws<DomainRuleException>(() => AdministratorRules.EnsureNotSelf(7, 7, "disable"));

        Assert.Equal("You cannot disable your own account.", error.Message);
        Assert.Null(Record.Exception(() => AdministratorRules.EnsureNotSelf(7, 8, "disable")));
    }

    [Theory]
    [InlineData("admin", "root")]
    [InlineData("admin", "Admin")]
    [InlineData("ADMIN", "admin2")]
    public void The_bootstrap_administrator_keeps_its_user_name(string current, string proposed)
    {
        var error = Assert.Throws<DomainRuleException>(() => AdministratorRules.EnsureBootstrapNameKept(current, proposed));

        Assert.Equal("UserName", error.Field);
    }

    [Theory]
    [InlineData("admin", "admin")]
    [InlineData("bob", "robert")]
    public void Other_user_names_may_change(string current, string proposed)
    {
        Assert.Null(Record.Exception(() => AdministratorRules.EnsureBootstrapNameKept(current, proposed)));
    }
}
