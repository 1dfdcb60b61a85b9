using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Data.Configurations;

public sealed class WorkflowDefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRecord> builder)
    {
        builder.ToTable("WorkflowDefinitions");
        builder.Property(w => w.Name).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength).IsRequired();
        builder.Property(w => w.Label).HasMaxLength(WorkflowDefinitionRecord.LabelMaxLength).IsRequired();
        builder.Property(w => w.Entity).HasMaxLength(40).IsRequired();
        builder.Property(w => w.ExclusiveGroups).HasMaxLength(1000).IsRequired();
        builder.Property(w => w.Content).HasMaxLength(WorkflowDefinitionRecord.ContentMaxLength).IsRequired();
        builder.Ignore(w => w.Groups);
        builder.HasIndex(w => w.Name).IsUnique();
    }
}

public sealed class WorkflowItemConfiguration : IEntityTypeConfiguration<WorkflowItem>
{
    public void Configure(EntityTypeBuilder<WorkflowItem> builder)
    {
        builder.Property(i => i.WorkflowName).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength).IsRequired();
        builder.Property(i => i.Entity).HasMaxLength(40).IsRequired();
        builder.Property(i => i.Step).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength).IsRequired();

        // Two transitions at once on one record: the second finds the token moved and is refused.
        builder.Property(i => i.Version).IsConcurrencyToken();

        // One step per record and workflow; a record's panels read all its workflows at once.
        builder.HasIndex(i => new { i.Entity, i.EntityId, i.WorkflowName }).IsUnique();
    }
}

public sealed class WorkflowTransitionLogConfiguration : IEntityTypeConfiguration<WorkflowTransitionLog>
{
    public void Configure(EntityTypeBuilder<WorkflowTransitionLog> builder)
    {
        builder.Property(l => l.WorkflowName).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength).IsRequired();
        builder.Property(l => l.Entity).HasMaxLength(40).IsRequired();
        builder.Property(l => l.Transition).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength).IsRequired();
        builder.Property(l => l.FromStep).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength);
        builder.Property(l => l.ToStep).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength).IsRequired();
        builder.Property(l => l.Data).HasMaxLength(100_000).IsRequired();
        builder.HasOne<AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Restrict);

        // A record's history, newest first.
        builder.HasIndex(l => new { l.Entity, l.EntityId, l.At });
    }
}

public sealed class WorkflowTransitionGrantConfiguration : IEntityTypeConfiguration<WorkflowTransitionGrant>
{
    public void Configure(EntityTypeBuilder<WorkflowTransitionGrant> builder)
    {
        builder.HasKey(g => new { g.RoleId, g.WorkflowName, g.Transition });
        builder.Property(g => g.WorkflowName).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength);
        builder.Property(g => g.Transition).HasMaxLength(WorkflowDefinitionRecord.NameMaxLength);
        builder.HasOne<AppRole>().WithMany().HasForeignKey(g => g.RoleId).OnDelete(DeleteBehavior.Cascade);
    }
}
