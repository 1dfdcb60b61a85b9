using Oro.Opportunities.Web.Features.Accounts;
using Oro.Opportunities.Domain.Records;
using Oro.Opportunities.Web.Features.Contacts;

namespace Oro.Opportunities.UnitTests.Customers;

public sealed class CustomerValidatorTests
{
    [Theory]
    [InlineData("jane@example.com", true)]
    [InlineData(" jane.doe+crm@mail.example.co.uk ", true)]
    [InlineData("jane@localhost", false)]
    [InlineData("jane@example.", false)]
    [InlineData("jane", false)]
    [InlineData("Jane <jane@example.com>", false)]
    [InlineData("jane@exa mple.com", false)]
    [InlineData("a@b@example.com", false)]
    public void An_email_must_be_one_plain_address_with_a_dotted_domain(string value, bool valid) =>
        Assert.Equal(valid, EmailAddress.IsValid(value));

    [Theory]
    [InlineData("Ann", null, true)]
    [InlineData(null, "Lee", true)]
    [InlineData(" ", "", false)]
    public async Task A_contact_needs_a_first_or_a_last_name(string? first, string? last, bool valid)
    {
        var result = await new ContactEditModelValidator().ValidateAsync(new ContactEditModel { FirstName = first, LastName = last, OwnerId = 1 });

        Assert.Equal(valid, result.IsValid);
        Assert.Equal(valid ? [] : [ContactEditModelValidator.NameRequired], result.Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public async Task An_account_name_has_at_most_255_characters_and_an_owner_is_required()
    {
        var result = await new AccountEditModelValidator().ValidateAsync(new AccountEditModel { Name = new string('x', 256) });

        Assert.Equal(["Name", "OwnerId"], result.Errors.Select(e => e.PropertyName));
    }
}
