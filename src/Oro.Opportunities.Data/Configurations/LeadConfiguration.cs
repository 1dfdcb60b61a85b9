using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Leads;
using Oro.Opportunities.Domain.Opportunities;

namespace Oro.Opportunities.Data.Configurations;

public sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> builder)
    {
        builder.ToTable("Leads");
        PersonColumns.Configure(builder);
        builder.Property(l => l.Name).HasMaxLength(Lead.NameMaxLength).IsRequired();
        builder.Property(l => l.CompanyName).HasMaxLength(Lead.CompanyMaxLength);
        builder.Property(l => l.Website).HasMaxLength(Lead.WebsiteMaxLength);
        builder.Property(l => l.Industry).HasMaxLength(Lead.IndustryMaxLength);
        builder.Property(l => l.SourceCode).HasMaxLength(Lead.SourceMaxLength);
        builder.Property(l => l.StatusCode).HasMaxLength(16).IsRequired();
        builder.Property(l => l.Notes).HasMaxLength(Lead.NotesMaxLength);
        builder.Property(l => l.Twitter).HasMaxLength(Lead.SocialMaxLength);
        builder.Property(l => l.LinkedIn).HasMaxLength(Lead.SocialMaxLength);

        builder.HasOne<Account>().WithMany().HasForeignKey(l => l.AccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<Contact>().WithMany().HasForeignKey(l => l.ContactId).OnDelete(DeleteBehavior.SetNull);

        // The opportunities converted from a lead (Opportunity.LeadId): deleting the lead keeps them, without it.
        builder.HasMany<Opportunity>().WithOne().HasForeignKey(o => o.LeadId).OnDelete(DeleteBehavior.SetNull);

        // Open Leads (the default view) and All Leads, newest first; the id breaks ties on the server databases.
        builder.HasIndex(l => new { l.StatusCode, l.CreatedAt, l.Id });
        builder.HasIndex(l => new { l.CreatedAt, l.Id });
        builder.HasIndex(l => new { l.OwnerId, l.StatusCode, l.CreatedAt });
        builder.HasIndex(l => l.Name);
        builder.HasIndex(l => l.AccountId);
        builder.HasIndex(l => l.ContactId);
    }
}
