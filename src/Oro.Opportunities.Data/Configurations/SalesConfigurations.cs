using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Auditing;
using Oro.Opportunities.Domain.Customers;
using Oro.Opportunities.Domain.Opportunities;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Data.Configurations;

public sealed class OpportunityConfiguration : IEntityTypeConfiguration<Opportunity>
{
    public void Configure(EntityTypeBuilder<Opportunity> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(Opportunity.NameMaxLength).IsRequired();
        builder.Property(o => o.StatusCode).HasMaxLength(OpportunityStatus.CodeMaxLength).IsRequired();
        builder.Property(o => o.BudgetAmount).IsMoney();
        builder.Property(o => o.BaseBudgetAmount).IsMoney();
        builder.Property(o => o.CloseRevenueAmount).IsMoney();
        builder.Property(o => o.BaseCloseRevenue).IsMoney();
        builder.Property(o => o.BudgetCurrency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.CloseRevenueCurrency).HasMaxLength(3).IsFixedLength();
        builder.Property(o => o.CloseReasonCode).HasMaxLength(32);
        builder.Property(o => o.ExternalId).HasMaxLength(Opportunity.ExternalIdMaxLength);
        builder.Property(o => o.CustomerNeed).HasMaxLength(Opportunity.LongTextMaxLength);
        builder.Property(o => o.ProposedSolution).HasMaxLength(Opportunity.LongTextMaxLength);
        builder.Property(o => o.Notes).HasMaxLength(Opportunity.LongTextMaxLength);
        builder.Property(o => o.Version).IsConcurrencyToken();
        builder.Ignore(o => o.IsClosed);
        builder.Ignore(o => o.Budget);
        builder.Ignore(o => o.CloseRevenue);

        builder.HasOne<AppUser>().WithMany().HasForeignKey(o => o.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Account>().WithMany().HasForeignKey(o => o.AccountId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(o => o.ContactId).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<OpportunityStatus>().WithMany().HasForeignKey(o => o.StatusId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CloseReason>().WithMany().HasForeignKey(o => o.CloseReasonCode).OnDelete(DeleteBehavior.Restrict);

        // The grid's default views and common filters (spec §4): newest first, by status, owner,
        // account, close date. The indexes ordered by creation time, and partial indexes over open
        // deals, are added in AppDbContext (their shape depends on the provider).

        // Sorting by amount, and the board's per-status totals read from the index alone.
        builder.HasIndex(o => o.BudgetAmount);
        builder.HasIndex(o => o.BaseBudgetAmount);
        builder.HasIndex(o => new { o.StatusId, o.Probability, o.BaseBudgetAmount });
        builder.HasIndex(o => o.AccountId);
        builder.HasIndex(o => o.ContactId);
        builder.HasIndex(o => o.CloseDate);
        builder.HasIndex(o => o.ExternalId).IsUnique();
    }
}

public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> builder)
    {
        builder.Property(a => a.Name).HasMaxLength(Account.NameMaxLength).IsRequired();
        builder.Property(a => a.Version).IsConcurrencyToken();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => a.Name);
        builder.HasIndex(a => a.OwnerId);
    }
}

public sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        PersonColumns.Configure(builder);
        builder.HasOne<Account>().WithMany().HasForeignKey(c => c.AccountId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(c => c.AccountId);
    }
}

public sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.EntityType).HasMaxLength(AuditEntry.EntityTypeMaxLength).IsRequired();
        builder.Property(a => a.ChangesJson).IsRequired();
        builder.HasIndex(a => new { a.EntityType, a.EntityId, a.At });
    }
}

public sealed class DataRevisionConfiguration : IEntityTypeConfiguration<Domain.Configuration.DataRevision>
{
    public void Configure(EntityTypeBuilder<Domain.Configuration.DataRevision> builder)
    {
        builder.HasKey(r => r.Name);
        builder.Property(r => r.Name).HasMaxLength(50);
    }
}

public sealed class BoardMoveConfiguration : IEntityTypeConfiguration<BoardMove>
{
    public void Configure(EntityTypeBuilder<BoardMove> builder)
    {
        builder.HasKey(m => m.Revision);
        builder.Property(m => m.Revision).ValueGeneratedNever();
        builder.Property(m => m.BeforeBaseBudget).IsMoney();
        builder.Property(m => m.AfterBaseBudget).IsMoney();
    }
}

public sealed class SavedGridViewConfiguration : IEntityTypeConfiguration<SavedGridView>
{
    public void Configure(EntityTypeBuilder<SavedGridView> builder)
    {
        builder.Property(v => v.Grid).HasMaxLength(50).IsRequired();
        builder.Property(v => v.Name).HasMaxLength(SavedGridView.NameMaxLength).IsRequired();
        builder.Property(v => v.Query).HasMaxLength(SavedGridView.QueryMaxLength).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(v => new { v.UserId, v.Grid, v.Name }).IsUnique();
    }
}
