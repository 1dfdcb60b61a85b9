using FluentValidation;
using Oro.Opportunities.Application.Security;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Security;

namespace Oro.Opportunities.Web.Features.Roles;

public sealed class PermissionCellModel
{
    public SecuredEntity Entity { get; set; }

    public PermissionAction Action { get; set; }

    public AccessLevel Level { get; set; }
}

/// <summary>A role's name, description and permission matrix as the edit form posts them.</summary>
public sealed class RoleEditModel
{
    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public string? ConcurrencyStamp { get; set; }

    public List<PermissionCellModel> Cells { get; set; } = [];

    public List<Capability> Capabilities { get; set; } = [];

    public static RoleEditModel From(RoleDetails role) => new()
    {
        Name = role.Name,
        Description = role.Description,
        ConcurrencyStamp = role.ConcurrencyStamp,
        Cells = CellsOf(role.Matrix),
        Capabilities = [.. role.Matrix.Capabilities.Order()],
    };

    public static RoleEditModel New() => new() { Cells = CellsOf(PermissionMatrix.Empty) };

    /// <summary>A missing cell counts as None, so a tampered or partial form can only narrow a role.</summary>
    public PermissionMatrix ToMatrix()
    {
        var levels = new Dictionary<(SecuredEntity, PermissionAction), AccessLevel>();
        foreach (var cell in Cells)
        {
            levels[(cell.Entity, cell.Action)] = cell.Level;
        }

        return new PermissionMatrix(levels, Capabilities.ToHashSet());
    }

    public RoleCommand ToCommand() => new(Name, Description, ToMatrix(), ConcurrencyStamp);

    /// <summary>Puts the cells back in table order with every cell present, for redisplay after a refusal.</summary>
    public RoleEditModel Completed()
    {
        Cells = CellsOf(ToMatrix());
        return this;
    }

    private static List<PermissionCellModel> CellsOf(PermissionMatrix matrix) =>
        [.. Enum.GetValues<SecuredEntity>().SelectMany(entity => Enum.GetValues<PermissionAction>().Select(action =>
            new PermissionCellModel { Entity = entity, Action = action, Level = matrix.Level(entity, action) }))];
}

/// <summary>What the role form needs to know besides the posted values.</summary>
public sealed record RoleFormContext(int? Id, bool IsSystem);

public sealed class RoleEditModelValidator : AbstractValidator<RoleEditModel>
{
    // Identity's own column length for role names.
    private const int NameMaxLength = 256;

    public RoleEditModelValidator()
    {
        RuleFor(m => m.Name).NotEmpty().WithMessage("Enter the role's name.").MaximumLength(NameMaxLength);
        RuleFor(m => m.Description).MaximumLength(AppRole.DescriptionMaxLength);
        RuleForEach(m => m.Cells).ChildRules(cell =>
        {
            cell.RuleFor(c => c.Entity).IsInEnum();
            cell.RuleFor(c => c.Action).IsInEnum();
            cell.RuleFor(c => c.Level).IsInEnum();
        });
        RuleForEach(m => m.Capabilities).IsInEnum();
    }
}
