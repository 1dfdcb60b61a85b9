using FluentValidation;
using Oro.Opportunities.Application.Users;
using Oro.Opportunities.Domain.Organization;

namespace Oro.Opportunities.Web.Features.Teams;

public sealed class TeamEditModel
{
    public string Name { get; set; } = string.Empty;

    public string? Description { get; set; }

    public static TeamEditModel From(TeamDetails team) => new() { Name = team.Name, Description = team.Description };

    public TeamCommand ToCommand() => new(Name, Description);
}

/// <summary>Where the team form posts to: a new team, or the team being edited.</summary>
public sealed record TeamFormContext(int? Id);

public sealed class TeamEditModelValidator : AbstractValidator<TeamEditModel>
{
    public TeamEditModelValidator()
    {
        RuleFor(m => m.Name).NotEmpty().WithMessage("Enter the team's name.").MaximumLength(Team.NameMaxLength);
        RuleFor(m => m.Description).MaximumLength(Team.DescriptionMaxLength);
    }
}
