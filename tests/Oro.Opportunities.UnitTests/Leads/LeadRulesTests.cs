using Oro.Opportunities.Application.Leads;
using Oro.Opportunities.Application.Records;
using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Records;

namespace Oro.Opportunities.UnitTests.Leads;

/// <summary>Spec §9: the prefill rules of Convert to Opportunity and the lead's status changes.</summary>
public sealed class LeadRulesTests
{
    private static readonly (int Id, string Name)[] Accounts = [(3, "Nordlicht Solar AS"), (7, "nordlicht solar as"), (9, "Other")];

    [Fact]
    public void The_leads_own_account_comes_first()
    {
        var account = ConversionRules.Account(42, "Lead's account", "Nordlicht Solar AS", Accounts);

        Assert.Equal(new ConversionAccount(42, "Lead's account", ConversionAccountSource.Lead), account);
    }

    [Fact]
    public void Without_one_the_account_named_like_the_company_is_chosen_whatever_the_case_the_oldest_of_several()
    {
        var account = ConversionRules.Account(null, null, "  NORDLICHT solar as ", Accounts);

        Assert.Equal(new ConversionAccount(3, "Nordlicht Solar AS", ConversionAccountSource.CompanyName), account);
    }

    [Fact]
    public void An_account_the_user_cannot_see_counts_as_none()
    {
        // The lead links account 42, but its name was not readable for the user: the company name decides.
        var account = ConversionRules.Account(42, null, "Other", Accounts);

        Assert.Equal(new ConversionAccount(9, "Other", ConversionAccountSource.CompanyName), account);
    }

    [Fact]
    public void An_unknown_company_becomes_a_new_account_of_that_name_and_no_company_leaves_the_choice_to_the_user()
    {
        Assert.Equal(new ConversionAccount(null, "Brand New Ltd", ConversionAccountSource.New), ConversionRules.Account(null, null, " Brand New Ltd ", Accounts));
        Assert.Equal(new ConversionAccount(null, null, ConversionAccountSource.None), ConversionRules.Account(null, null, "  ", Accounts));
    }

    [Fact]
    public void The_new_contact_takes_the_leads_name_parts_job_title_and_every_list_entry_with_its_primary_flag()
    {
        var lead = new LeadInput
        {
            Name = "Fleet tracking",
            Person = new PersonInput
            {
                NamePrefix = "Ms.", FirstName = "Ingrid", MiddleName = "K.", LastName = "Halvorsen", NameSuffix = "Jr.", JobTitle = "COO",
                Emails = [new EmailAddress("a@x.example"), new EmailAddress("b@x.example", true)],
                Phones = [new PhoneNumber("+47 1", true)],
                Addresses = [new PostalAddress { City = "Oslo", Country = "NO", IsPrimary = true }, new PostalAddress { City = "Bergen" }],
            },
        };

        var contact = ConversionRules.Contact(lead);

        Assert.Equal(("Ms.", "Ingrid", "K.", "Halvorsen", "Jr.", "COO"), (contact.NamePrefix, contact.FirstName, contact.MiddleName, contact.LastName, contact.NameSuffix, contact.JobTitle));
        Assert.Equal(lead.Person.Emails, contact.Emails);
        Assert.Equal(lead.Person.Phones, contact.Phones);
        Assert.Equal(lead.Person.Addresses, contact.Addresses);
        Assert.True(contact.Emails[1].IsPrimary);
    }

    [Fact]
    public void A_new_lead_can_be_disqualified_then_reactivated_and_qualified_once()
    {
        var lead = Lead.Create(new LeadChange { Name = "Deal" }, 1, DateTime.UtcNow);
        Assert.Equal(LeadStatus.New, lead.StatusCode);

        lead.Apply(new LeadChange { Status = LeadStatusChange.Disqualify });
        Assert.Equal(LeadStatus.Disqualified, lead.StatusCode);
        Assert.Equal(
            "Only a new lead can be disqualified; this one is Disqualified.",
            Assert.Throws<DomainRuleException>(() => lead.Apply(new LeadChange { Status = LeadStatusChange.Disqualify })).Message);

        lead.Apply(new LeadChange { Status = LeadStatusChange.Reactivate });
        Assert.Equal(LeadStatus.New, lead.StatusCode);
        Assert.Equal(
            "Only a disqualified lead can be reactivated; this one is New.",
            Assert.Throws<DomainRuleException>(() => lead.Apply(new LeadChange { Status = LeadStatusChange.Reactivate })).Message);

        lead.Apply(new LeadChange { Status = LeadStatusChange.Qualify, ContactId = 5 });
        Assert.Equal((LeadStatus.Qualified, (int?)5), (lead.StatusCode, lead.ContactId));
        Assert.Equal(
            "This lead is already qualified.",
            Assert.Throws<DomainRuleException>(() => lead.Apply(new LeadChange { Status = LeadStatusChange.Qualify, ContactId = 6 })).Message);
        Assert.Equal((int?)5, lead.ContactId);
        Assert.Throws<DomainRuleException>(() => lead.Apply(new LeadChange { Status = LeadStatusChange.Disqualify }));
        Assert.Throws<DomainRuleException>(() => lead.Apply(new LeadChange { Status = LeadStatusChange.Reactivate }));
    }

    [Theory]
    [InlineData("new", LeadStatus.New)]
    [InlineData(" Qualified ", LeadStatus.Qualified)]
    [InlineData("canceled", LeadStatus.Disqualified)]
    [InlineData("Cancelled", LeadStatus.Disqualified)]
    [InlineData("Disqualified", LeadStatus.Disqualified)]
    [InlineData("lost", null)]
    public void A_status_is_read_by_oros_code_or_by_label(string text, string? code) =>
        Assert.Equal(code, LeadStatus.Parse(text));

    [Fact]
    public void A_lead_needs_a_name_and_keeps_its_details_within_their_limits()
    {
        Assert.Equal("Enter the lead name.", Assert.Throws<DomainRuleException>(() => Lead.Create(new LeadChange { Name = " " }, 1, DateTime.UtcNow)).Message);
        Assert.Equal("Enter the lead name.", Assert.Throws<DomainRuleException>(() => Lead.Create(new LeadChange(), 1, DateTime.UtcNow)).Message);
        var lead = Lead.Create(new LeadChange { Name = "Deal" }, 1, DateTime.UtcNow);
        var refused = Assert.Throws<DomainRuleException>(() => lead.Apply(new LeadChange { CompanyName = "Co", NumberOfEmployees = -1 }));
        Assert.Equal(nameof(Lead.NumberOfEmployees), refused.Field);
        Assert.Null(lead.CompanyName);
    }

    [Fact]
    public void Source_codes_are_made_from_labels_and_kept_unique()
    {
        Assert.Equal("cold_call", LeadSourceList.CodeFor("Cold call", []));
        Assert.Equal("trade_show_2", LeadSourceList.CodeFor(" Trade  show! ", ["trade_show"]));
        Assert.Equal(LeadSource.Defaults, LeadSourceList.Parse(LeadSourceList.Write(LeadSource.Defaults)));
        Assert.Equal(LeadSource.Defaults, LeadSourceList.Parse("not json"));
    }
}
