using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Records;

namespace Oro.Opportunities.UnitTests.Records;

/// <summary>Spec §9: lists of e-mails, phones and addresses, one primary each.</summary>
public sealed class ContactPointListTests
{
    [Fact]
    public void Without_a_primary_entry_the_first_becomes_primary_and_entries_are_trimmed()
    {
        var emails = EmailList.Of([new EmailAddress(" a@example.com "), new EmailAddress("b@example.com")]);

        Assert.Equal([new EmailAddress("a@example.com", true), new EmailAddress("b@example.com", false)], emails.ToList());
        Assert.Equal("a@example.com", emails.Primary!.Email);
    }

    [Fact]
    public void The_entry_marked_primary_stays_primary_and_comes_first()
    {
        var phones = PhoneList.Of([new PhoneNumber("1"), new PhoneNumber("2", true), new PhoneNumber("3")]);

        Assert.Equal("2", phones.Primary!.Phone);
        Assert.Equal([new PhoneNumber("2", true), new PhoneNumber("1"), new PhoneNumber("3")], phones.ToList());
    }

    [Fact]
    public void Two_primary_entries_a_duplicate_or_a_malformed_email_are_refused_naming_the_list()
    {
        var two = Assert.Throws<DomainRuleException>(() => EmailList.Of([new EmailAddress("a@example.com", true), new EmailAddress("b@example.com", true)]));
        var twice = Assert.Throws<DomainRuleException>(() => EmailList.Of([new EmailAddress("a@example.com"), new EmailAddress("A@EXAMPLE.COM")]));
        var malformed = Assert.Throws<DomainRuleException>(() => EmailList.Of([new EmailAddress("a@localhost")]));

        Assert.Equal(("Mark only one email address as primary.", "Emails"), (two.Message, two.Field));
        Assert.Equal("The email address \"a@example.com\" is listed twice.", twice.Message);
        Assert.Equal("Emails", malformed.Field);
    }

    [Fact]
    public void An_address_needs_a_place_and_a_two_letter_country_which_is_upper_cased()
    {
        var list = AddressList.Of([new PostalAddress { City = "Lyon", Country = "fr" }]);
        var nameOnly = Assert.Throws<DomainRuleException>(() => AddressList.Of([new PostalAddress { Label = "Home", FirstName = "Ann" }]));
        var country = Assert.Throws<DomainRuleException>(() => AddressList.Of([new PostalAddress { City = "Lyon", Country = "FRA" }]));

        Assert.Equal("FR", list[0].Country);
        Assert.True(list[0].IsPrimary);
        Assert.Equal("An address needs at least a street, a city, a postal code or a country.", nameOnly.Message);
        Assert.Equal("Addresses", country.Field);
    }

    [Fact]
    public void Lists_compare_by_content_and_read_as_the_history_shows_them()
    {
        var one = EmailList.Of("a@example.com", "b@example.com");
        var same = EmailList.Of("a@example.com", "b@example.com");

        Assert.Equal(one, same);
        Assert.NotEqual(one, EmailList.Of("b@example.com", "a@example.com"));
        Assert.Equal("a@example.com (primary); b@example.com", one.ToString());
        Assert.Equal("Head office: Storgata 12, 0155 Oslo, NO", new PostalAddress { Label = "Head office", Street = "Storgata 12", PostalCode = "0155", City = "Oslo", Country = "NO" }.ToString());
    }
}
