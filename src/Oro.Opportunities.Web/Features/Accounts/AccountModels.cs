using FluentValidation;
using Oro.Opportunities.Application.Configuration;
using Oro.Opportunities.Application.Customers;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Web.Features.Customers;
using Oro.Opportunities.Web.Features.Records;
using CustomerAccount = Oro.Opportunities.Domain.Customers.Account;

namespace Oro.Opportunities.Web.Features.Accounts;

/// <summary>The account form as posted (fields prefixed <c>Form.</c>).</summary>
public sealed class AccountEditModel : IRecordForm
{
    public string? Name { get; set; }

    public int? OwnerId { get; set; }

    /// <summary>The concurrency token the form was built with.</summary>
    public long Version { get; set; }

    public AccountInput ToInput() => new(Name ?? string.Empty, OwnerId);

    public static AccountEditModel From(AccountEditData data) => new() { Name = data.Name, OwnerId = data.OwnerId, Version = data.Version };
}

public sealed class AccountEditModelValidator : AbstractValidator<AccountEditModel>
{
    public AccountEditModelValidator()
    {
        RuleFor(m => m.Name).Must(n => !string.IsNullOrWhiteSpace(n)).WithMessage("Enter the account name.");
        RuleFor(m => m.Name).MaximumLength(CustomerAccount.NameMaxLength).WithMessage($"The account name has at most {CustomerAccount.NameMaxLength} characters.");
        RuleFor(m => m.OwnerId).NotNull().WithMessage("Choose an owner.");
    }
}

/// <summary>The create/edit page: the form plus the owners the user may choose.</summary>
public sealed class AccountFormViewModel
{
    /// <summary>Null while creating.</summary>
    public int? Id { get; init; }

    public required AccountEditModel Form { get; init; }

    public required IReadOnlyList<LookupItem> Owners { get; init; }
}

public sealed class AccountsIndexViewModel
{
    public required GridPage<AccountListItem> Page { get; init; }

    public required GridNav Nav { get; init; }

    public required bool CanCreate { get; init; }

    public required ConfigurationSnapshot Snapshot { get; init; }
}

public sealed class AccountDetailsViewModel
{
    public required AccountDetails Account { get; init; }

    public required ConfigurationSnapshot Snapshot { get; init; }

    public DealsTableModel Deals => new(Account.Deals, Account.OpportunitiesEnabled, Snapshot, $"Opportunities of {Account.Name}");
}
