using Oro.Opportunities.Domain.Security;
using Oro.Opportunities.Web.Features.Roles;
using Oro.Opportunities.Web.Features.Teams;
using Oro.Opportunities.Web.Features.Users;

namespace Oro.Opportunities.UnitTests.Security;

public sealed class AdministrationFormsTests
{
    [Fact]
    public void A_new_role_form_has_every_cell_at_none()
    {
        var model = RoleEditModel.New();

        Assert.Equal(Enum.GetValues<SecuredEntity>().Length * Enum.GetValues<PermissionAction>().Length, model.Cells.Count);
        Assert.All(model.Cells, cell => Assert.Equal(AccessLevel.None, cell.Level));
    }

    [Fact]
    public void A_partial_matrix_is_completed_with_none_in_table_order()
    {
        var model = new RoleEditModel
        {
            Cells = [new PermissionCellModel { Entity = SecuredEntity.Lead, Action = PermissionAction.Assign, Level = AccessLevel.Team }],
            Capabilities = [Capability.Export],
        };

        var matrix = model.ToMatrix();
        model.Completed();

        Assert.Equal(AccessLevel.Team, matrix.Level(SecuredEntity.Lead, PermissionAction.Assign));
        Assert.Equal(AccessLevel.None, matrix.Level(SecuredEntity.Opportunity, PermissionAction.View));
        Assert.Equal(20, model.Cells.Count);
        Assert.Equal((SecuredEntity.Opportunity, PermissionAction.View), (model.Cells[0].Entity, model.Cells[0].Action));
        Assert.Equal(AccessLevel.Team, model.Cells[^1].Level);
        Assert.Equal([Capability.Export], matrix.Capabilities);
    }

    [Fact]
    public void A_role_form_with_an_undefined_level_is_invalid()
    {
        var model = RoleEditModel.New();
        model.Name = "Auditors";
        model.Cells[3].Level = (AccessLevel)42;

        var result = new RoleEditModelValidator().Validate(model);

        Assert.Contains(result.Errors, e => e.PropertyName == "Cells[3].Level");
    }

    [Fact]
    public void A_user_needs_names_a_valid_email_and_a_role()
    {
        var result = new UserEditModelValidator().Validate(new UserEditModel { UserName = "bob", Email = "not-an-address" });

        Assert.Equal(
            ["Email", "FirstName", "LastName", "RoleIds"],
            result.Errors.Select(e => e.PropertyName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void A_new_user_needs_matching_passwords_but_their_length_is_left_to_identity()
    {
        var validator = new UserCreateModelValidator();
        var model = new UserCreateModel
        {
            UserName = "bob",
            FirstName = "Bob",
            LastName = "Smith",
            Email = "bob@example.com",
            RoleIds = [1],
            Password = "short",
            ConfirmPassword = "short",
        };

        Assert.True(validator.Validate(model).IsValid);
        model.ConfirmPassword = "other";
        Assert.Equal(["ConfirmPassword"], validator.Validate(model).Errors.Select(e => e.PropertyName).ToArray());
    }

    [Fact]
    public void A_team_name_is_required_and_bounded()
    {
        var validator = new TeamEditModelValidator();

        Assert.False(validator.Validate(new TeamEditModel { Name = "" }).IsValid);
        Assert.False(validator.Validate(new TeamEditModel { Name = new string('x', 101) }).IsValid);
        Assert.True(validator.Validate(new TeamEditModel { Name = "East" }).IsValid);
    }
}
