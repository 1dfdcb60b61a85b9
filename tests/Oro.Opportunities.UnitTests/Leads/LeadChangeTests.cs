using Oro.Opportunities.Domain;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Records;

namespace Oro.Opportunities.UnitTests.Leads;

/// <summary>The lead's one change pipeline: a change is checked whole before anything of it is assigned.</summary>
public sealed class LeadChangeTests
{
    private static Lead Stored() => Lead.Create(
        new LeadChange
        {
            Name = "Nordlicht Solar — fleet tracking",
            PersonName = new PersonName(null, "Ingrid", null, "Halvorsen", null),
            JobTitle = "COO",
            Emails = EmailList.Of("ingrid@nordlicht.example"),
            CompanyName = "Nordlicht Solar AS",
            NumberOfEmployees = 40,
            AccountId = 3,
        },
        1,
        new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc));

    private static object Fields(Lead l) => (
        l.Name, l.NameParts, l.JobTitle, l.Emails.ToString(), l.Email, l.Phones.ToString(), l.Addresses.ToString(),
        (l.CompanyName, l.Website, l.NumberOfEmployees, l.Industry, l.SourceCode, l.Notes, l.Twitter, l.LinkedIn),
        l.AccountId, l.ContactId, l.StatusCode);

    /// <summary>
    /// The old setter sequence (Rename, ChangeName, ChangeJobTitle, SetContactPoints, SetDetails, LinkAccount, SetStatus)
    /// had already renamed the lead and changed the person when SetDetails refused the employees: this failed on it.
    /// </summary>
    [Theory]
    [InlineData("employees")]
    [InlineData("email")]
    [InlineData("status")]
    [InlineData("last")]
    public void A_change_with_one_invalid_field_leaves_the_lead_entirely_unchanged(string invalid)
    {
        var lead = Stored();
        var before = Fields(lead);
        var change = new LeadChange
        {
            Name = "Renamed",
            PersonName = new PersonName("Dr.", "Inga", null, invalid == "last" ? new string('x', PersonName.PartMaxLength + 1) : "Hansen", null),
            JobTitle = "CEO",
            Emails = invalid == "email" ? new([new EmailAddress("not an address")]) : new([new EmailAddress("inga@example.com")]),
            Phones = new([new PhoneNumber("+47 22 00 00 00")]),
            CompanyName = "Other AS",
            NumberOfEmployees = invalid == "employees" ? -1 : 12,
            SourceCode = "website",
            AccountId = 9,
            ContactId = 4,
            Status = invalid == "status" ? LeadStatusChange.As("lost") : LeadStatusChange.Disqualify,
        };

        Assert.Throws<DomainRuleException>(() => lead.Apply(change));

        Assert.Equal(before, Fields(lead));
    }

    [Fact]
    public void A_valid_change_is_applied_whole_and_absent_fields_are_kept()
    {
        var lead = Stored();
        int? noAccount = null;

        // A present field holding null clears it (a bare null literal would mean "absent").
        Assert.True(lead.Apply(new LeadChange { Name = "  Renamed ", Website = "https://nordlicht.example", JobTitle = new(null), AccountId = noAccount }));

        Assert.Equal(("Renamed", "https://nordlicht.example", (string?)null, (int?)null), (lead.Name, lead.Website, lead.JobTitle, lead.AccountId));
        Assert.Equal(("Nordlicht Solar AS", (int?)40, "ingrid@nordlicht.example"), (lead.CompanyName, lead.NumberOfEmployees, lead.Email));
        Assert.False(lead.Apply(new LeadChange { Name = "Renamed", CompanyName = "Nordlicht Solar AS", Emails = EmailList.Of("ingrid@nordlicht.example") }));
    }

    [Theory]
    [InlineData(LeadStatus.New, "qualified", LeadStatus.Qualified)]
    [InlineData(LeadStatus.Qualified, "Disqualified", LeadStatus.Disqualified)]
    [InlineData(LeadStatus.Disqualified, "new", LeadStatus.New)]
    public void An_import_may_state_any_status(string from, string stated, string expected)
    {
        var lead = Lead.Create(new LeadChange { Name = "Deal", Status = LeadStatusChange.As(from) }, 1, DateTime.UtcNow);

        lead.Apply(new LeadChange { Status = LeadStatusChange.As(stated) });

        Assert.Equal(expected, lead.StatusCode);
    }

    [Fact]
    public void A_stated_status_that_is_none_is_refused_with_the_import_message()
    {
        var lead = Lead.Create(new LeadChange { Name = "Deal" }, 1, DateTime.UtcNow);

        var refused = Assert.Throws<DomainRuleException>(() => lead.Apply(new LeadChange { Name = "Other", Status = LeadStatusChange.As("lost") }));

        Assert.Equal(("\"lost\" is not a lead status. Use new, qualified or canceled.", nameof(Lead.StatusCode)), (refused.Message, refused.Field));
        Assert.Equal("Deal", lead.Name);
    }

    [Fact]
    public void Qualifying_a_qualified_lead_is_refused_and_keeps_its_contact_and_account()
    {
        var lead = Stored();
        lead.Apply(new LeadChange { Status = LeadStatusChange.Qualify, ContactId = 5 });

        Assert.Throws<DomainRuleException>(() => lead.Apply(new LeadChange { Status = LeadStatusChange.Qualify, ContactId = 6, AccountId = 8 }));

        Assert.Equal(((int?)5, (int?)3, LeadStatus.Qualified), (lead.ContactId, lead.AccountId, lead.StatusCode));
    }
}
