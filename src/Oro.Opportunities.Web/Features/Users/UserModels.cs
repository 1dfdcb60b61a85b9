using FluentValidation;
using Oro.Opportunities.Application.Users;
using Oro.Opportunities.Data.Identity;

namespace Oro.Opportunities.Web.Features.Users;

/// <summary>The fields an administrator edits on a user; creation adds the initial password.</summary>
public class UserEditModel
{
    public string UserName { get; set; } = string.Empty;

    public string FirstName { get; set; } = string.Empty;

    public string LastName { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public int? TeamId { get; set; }

    public List<int> RoleIds { get; set; } = [];

    public string? ConcurrencyStamp { get; set; }

    /// <summary>The user's time zone (IANA name); empty means the system's.</summary>
    public string? TimeZone { get; set; }

    public static UserEditModel From(UserDetails user) => new()
    {
        UserName = user.UserName,
        FirstName = user.FirstName,
        LastName = user.LastName,
        Email = user.Email ?? string.Empty,
        TeamId = user.TeamId,
        RoleIds = [.. user.Roles.Select(r => r.Id)],
        ConcurrencyStamp = user.ConcurrencyStamp,
        TimeZone = user.TimeZone,
    };

    public UserCommand ToCommand() => new(UserName, FirstName, LastName, Email, TeamId, RoleIds, ConcurrencyStamp, TimeZone);
}

public sealed class UserCreateModel : UserEditModel
{
    public string Password { get; set; } = string.Empty;

    public string ConfirmPassword { get; set; } = string.Empty;
}

public sealed class PasswordResetModel
{
    public string Password { get; set; } = string.Empty;

    public string ConfirmPassword { get; set; } = string.Empty;
}

/// <summary>The look-ups the user form offers; display data, kept out of the bound model.</summary>
public sealed record UserFormLookups(IReadOnlyList<LookupOption> Teams, IReadOnlyList<LookupOption> Roles);

public sealed record UserListPage(PagedList<UserListItem> Users, string? Search);

public sealed record UserDetailsPage(UserDetails User, UserStatus Status, bool IsCurrentUser);

public sealed class UserEditModelValidator : AbstractValidator<UserEditModel>
{
    // Identity's own column length for user names and e-mail addresses.
    private const int IdentityFieldMaxLength = 256;

    public UserEditModelValidator()
    {
        RuleFor(m => m.UserName).NotEmpty().WithMessage("Enter a user name.").MaximumLength(IdentityFieldMaxLength);
        RuleFor(m => m.FirstName).NotEmpty().WithMessage("Enter the first name.").MaximumLength(AppUser.NameMaxLength);
        RuleFor(m => m.LastName).NotEmpty().WithMessage("Enter the last name.").MaximumLength(AppUser.NameMaxLength);
        RuleFor(m => m.Email).NotEmpty().WithMessage("Enter an e-mail address.")
            .EmailAddress().WithMessage("Enter a valid e-mail address.")
            .MaximumLength(IdentityFieldMaxLength);
        RuleFor(m => m.RoleIds).NotEmpty().WithMessage("Choose at least one role.");
        RuleFor(m => m.TimeZone).Must(z => string.IsNullOrWhiteSpace(z) || Oro.Opportunities.Application.Common.TimeZones.IsKnown(z))
            .WithMessage("Choose a time zone from the list.");
    }
}

/// <summary>
/// Only presence and confirmation are checked here: the length rule belongs to Identity's
/// password options, whose messages are shown beside the field.
/// </summary>
public sealed class UserCreateModelValidator : AbstractValidator<UserCreateModel>
{
    public UserCreateModelValidator()
    {
        Include(new UserEditModelValidator());
        RuleFor(m => m.Password).NotEmpty().WithMessage("Enter the initial password.");
        RuleFor(m => m.ConfirmPassword).Equal(m => m.Password).WithMessage("The two passwords do not match.");
    }
}

public sealed class PasswordResetModelValidator : AbstractValidator<PasswordResetModel>
{
    public PasswordResetModelValidator()
    {
        RuleFor(m => m.Password).NotEmpty().WithMessage("Enter the new password.");
        RuleFor(m => m.ConfirmPassword).Equal(m => m.Password).WithMessage("The two passwords do not match.");
    }
}
