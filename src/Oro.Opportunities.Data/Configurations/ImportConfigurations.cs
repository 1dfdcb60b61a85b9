using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Data.Storage;
using Oro.Opportunities.Domain.ImportExport;
using Oro.Opportunities.Domain.Jobs;
using Oro.Opportunities.Domain.Money;

namespace Oro.Opportunities.Data.Configurations;

public sealed class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> builder)
    {
        builder.Property(j => j.Kind).HasMaxLength(ImportJob.KindMaxLength).IsRequired().HasDefaultValue(ImportJob.DefaultKind);
        builder.Property(j => j.FileName).HasMaxLength(ImportJob.FileNameMaxLength).IsRequired();
        builder.Property(j => j.Notices).HasMaxLength(ImportJob.MessageMaxLength);
        builder.Property(j => j.ErrorMessage).HasMaxLength(ImportJob.MessageMaxLength);
        builder.Property(j => j.LeaseOwner).HasMaxLength(JobHistory.LeaseOwnerMaxLength);
        builder.Property(j => j.History).HasMaxLength(JobHistory.MaxLength);
        builder.Ignore(j => j.IsFinished);
        builder.Ignore(j => j.Percent);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Cascade);

        // The import page lists a user's jobs newest first.
        builder.HasIndex(j => new { j.UserId, j.CreatedAt });

        // Every node's watchdog looks for unfinished jobs whose lease ran out (ADR-0017).
        builder.HasIndex(j => new { j.State, j.LeaseExpiresAt });

        // An upload is compared with the files imported before (the re-import warning).
        builder.Property(j => j.FileHash).HasMaxLength(ImportJob.FileHashLength).IsFixedLength(false);
        builder.HasIndex(j => j.FileHash);
    }
}

public sealed class BaseCurrencyChangeJobConfiguration : IEntityTypeConfiguration<BaseCurrencyChangeJob>
{
    public void Configure(EntityTypeBuilder<BaseCurrencyChangeJob> builder)
    {
        builder.Property(j => j.TargetCurrency).HasMaxLength(3).IsRequired();
        builder.Property(j => j.Display).HasMaxLength(BaseCurrencyChangeJob.DisplayMaxLength).IsRequired();
        builder.Property(j => j.ErrorMessage).HasMaxLength(BaseCurrencyChangeJob.MessageMaxLength);
        builder.Property(j => j.Progress).HasMaxLength(BaseCurrencyChangeJob.ProgressMaxLength);
        builder.Property(j => j.LeaseOwner).HasMaxLength(JobHistory.LeaseOwnerMaxLength);
        builder.Property(j => j.History).HasMaxLength(JobHistory.MaxLength);
        builder.Ignore(j => j.IsFinished);
        builder.HasOne<AppUser>().WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(j => new { j.State, j.LeaseExpiresAt });
    }
}

public sealed class FileChunkConfiguration : IEntityTypeConfiguration<FileChunk>
{
    public void Configure(EntityTypeBuilder<FileChunk> builder)
    {
        builder.HasKey(c => new { c.FileId, c.Sequence });
        builder.Property(c => c.Data).IsRequired();

        // The clean-up of uploads no job refers to (a node lost in the middle of an upload).
        builder.HasIndex(c => c.CreatedAt);
    }
}

public sealed class ImportJobFailedRowConfiguration : IEntityTypeConfiguration<ImportJobFailedRow>
{
    public void Configure(EntityTypeBuilder<ImportJobFailedRow> builder)
    {
        builder.ToTable("ImportJobFailedRows");
        builder.Property(r => r.Record).IsRequired();
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(r => r.JobId).OnDelete(DeleteBehavior.Cascade);

        // The "errors with data" file reads one job's rows in file order.
        builder.HasIndex(r => new { r.JobId, r.Row }).IsUnique();
    }
}

public sealed class ImportJobErrorConfiguration : IEntityTypeConfiguration<ImportJobError>
{
    public void Configure(EntityTypeBuilder<ImportJobError> builder)
    {
        builder.Property(e => e.Column).HasMaxLength(ImportJobError.ColumnMaxLength);
        builder.Property(e => e.Value).HasMaxLength(ImportJobError.ValueMaxLength);
        builder.Property(e => e.Message).HasMaxLength(ImportJobError.MessageMaxLength).IsRequired();
        builder.HasOne<ImportJob>().WithMany().HasForeignKey(e => e.JobId).OnDelete(DeleteBehavior.Cascade);

        // The error report reads one job's errors in row order.
        builder.HasIndex(e => new { e.JobId, e.Row });
    }
}
