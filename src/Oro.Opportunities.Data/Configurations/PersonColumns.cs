using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Records;

namespace Oro.Opportunities.Data.Configurations;

/// <summary>
/// The columns every person-like record (contact, lead) maps the same way: name parts, job title, the
/// primary e-mail and phone (the grids search and sort on them), and the lists of e-mails, phones and addresses,
/// each a JSON array in one text column (ADR-0015): read and written with the record, compared by
/// content for change tracking and the change history.
/// </summary>
public static class PersonColumns
{
    public const string EmptyList = "[]";

    public static void Configure<T>(EntityTypeBuilder<T> builder)
        where T : PersonRecord
    {
        builder.Property(p => p.NamePrefix).HasMaxLength(PersonName.PartMaxLength);
        builder.Property(p => p.FirstName).HasMaxLength(PersonName.PartMaxLength).IsRequired();
        builder.Property(p => p.MiddleName).HasMaxLength(PersonName.PartMaxLength);
        builder.Property(p => p.LastName).HasMaxLength(PersonName.PartMaxLength).IsRequired();
        builder.Property(p => p.NameSuffix).HasMaxLength(PersonName.PartMaxLength);
        builder.Property(p => p.JobTitle).HasMaxLength(PersonRecord.JobTitleMaxLength);
        builder.Property(p => p.Email).HasMaxLength(EmailAddress.MaxLength);
        builder.Property(p => p.Phone).HasMaxLength(PhoneNumber.MaxLength);
        builder.Property(p => p.Emails).HasConversion(ContactPointJson.Emails, Comparer<EmailList>()).IsRequired().HasDefaultValue(EmailList.Empty);
        builder.Property(p => p.Phones).HasConversion(ContactPointJson.Phones, Comparer<PhoneList>()).IsRequired().HasDefaultValue(PhoneList.Empty);
        builder.Property(p => p.Addresses).HasConversion(ContactPointJson.Addresses, Comparer<AddressList>()).IsRequired().HasDefaultValue(AddressList.Empty);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.FullName);
        builder.Ignore(p => p.NameParts);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(p => new { p.LastName, p.FirstName });
        builder.HasIndex(p => p.OwnerId);
    }

    // The lists are immutable and compare by content: the snapshot is the list itself.
    private static ValueComparer<TList> Comparer<TList>()
        where TList : class =>
        new((a, b) => Equals(a, b), v => v.GetHashCode(), v => v);
}

/// <summary>The JSON of the contact-point lists: short property names, nothing written for an empty value.</summary>
public static class ContactPointJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
    };

    public static readonly ValueConverter<EmailList, string> Emails = new(
        v => Write(v.Select(e => new EmailJson(e.Email, e.IsPrimary))),
        s => EmailList.Stored(Read<EmailJson>(s).Select(e => new EmailAddress(e.Email, e.Primary))));

    public static readonly ValueConverter<PhoneList, string> Phones = new(
        v => Write(v.Select(p => new PhoneJson(p.Phone, p.IsPrimary))),
        s => PhoneList.Stored(Read<PhoneJson>(s).Select(p => new PhoneNumber(p.Phone, p.Primary))));

    public static readonly ValueConverter<AddressList, string> Addresses = new(
        v => Write(v.Select(AddressJson.From)),
        s => AddressList.Stored(Read<AddressJson>(s).Select(a => a.ToAddress())));

    public static string Write<T>(IEnumerable<T> items) => JsonSerializer.Serialize(items.ToList(), Options);

    public static List<T> Read<T>(string? json) =>
        string.IsNullOrWhiteSpace(json) ? [] : JsonSerializer.Deserialize<List<T>>(json, Options) ?? [];

    public sealed record EmailJson(string Email, bool Primary);

    public sealed record PhoneJson(string Phone, bool Primary);

    public sealed record AddressJson(
        string? Label, string? Organization, string? NamePrefix, string? FirstName, string? MiddleName, string? LastName, string? NameSuffix,
        string? Street, string? Street2, string? PostalCode, string? City, string? Region, string? RegionCode, string? Country, bool Primary)
    {
        public static AddressJson From(PostalAddress a) => new(
            a.Label, a.Organization, a.NamePrefix, a.FirstName, a.MiddleName, a.LastName, a.NameSuffix,
            a.Street, a.Street2, a.PostalCode, a.City, a.Region, a.RegionCode, a.Country, a.IsPrimary);

        public PostalAddress ToAddress() => new()
        {
            Label = Label,
            Organization = Organization,
            NamePrefix = NamePrefix,
            FirstName = FirstName,
            MiddleName = MiddleName,
            LastName = LastName,
            NameSuffix = NameSuffix,
            Street = Street,
            Street2 = Street2,
            PostalCode = PostalCode,
            City = City,
            Region = Region,
            RegionCode = RegionCode,
            Country = Country,
            IsPrimary = Primary,
        };
    }
}
