using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Oro.Opportunities.Domain.Configuration;
using Oro.Opportunities.Domain.Money;
using Oro.Opportunities.Domain.Statuses;

namespace Oro.Opportunities.Data.Configurations;

public sealed class SystemSettingConfiguration : IEntityTypeConfiguration<SystemSetting>
{
    public void Configure(EntityTypeBuilder<SystemSetting> builder)
    {
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).HasMaxLength(SystemSetting.KeyMaxLength);
        builder.Property(s => s.Value).HasMaxLength(SystemSetting.ValueMaxLength).IsRequired();
    }
}

public sealed class ConfigurationRevisionConfiguration : IEntityTypeConfiguration<ConfigurationRevision>
{
    public void Configure(EntityTypeBuilder<ConfigurationRevision> builder)
    {
        builder.Property(r => r.Id).ValueGeneratedNever();

        // The revision doubles as the concurrency token: two administrators saving at once
        // cannot both bump it from the same value.
        builder.Property(r => r.Revision).IsConcurrencyToken();
    }
}

public sealed class OpportunityStatusConfiguration : IEntityTypeConfiguration<OpportunityStatus>
{
    public void Configure(EntityTypeBuilder<OpportunityStatus> builder)
    {
        builder.Property(s => s.Code).HasMaxLength(OpportunityStatus.CodeMaxLength).IsRequired();
        builder.Property(s => s.Label).HasMaxLength(OpportunityStatus.LabelMaxLength).IsRequired();
        builder.Ignore(s => s.IsClosed);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasIndex(s => s.SortOrder);
    }
}

public sealed class CloseReasonConfiguration : IEntityTypeConfiguration<CloseReason>
{
    public void Configure(EntityTypeBuilder<CloseReason> builder)
    {
        builder.HasKey(r => r.Code);
        builder.Property(r => r.Code).HasMaxLength(32);
        builder.Property(r => r.Label).HasMaxLength(100).IsRequired();
    }
}

public sealed class AllowedCurrencyConfiguration : IEntityTypeConfiguration<AllowedCurrency>
{
    public void Configure(EntityTypeBuilder<AllowedCurrency> builder)
    {
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(3).IsFixedLength();
    }
}

public sealed class CurrencyRateConfiguration : IEntityTypeConfiguration<CurrencyRate>
{
    public void Configure(EntityTypeBuilder<CurrencyRate> builder)
    {
        builder.Property(r => r.CurrencyCode).HasMaxLength(3).IsFixedLength().IsRequired();
        builder.Property(r => r.BaseCurrencyCode).HasMaxLength(3).IsFixedLength().IsRequired();
        builder.Property(r => r.RateToBase).HasPrecision(28, 10);
        builder.Property(r => r.RateFromBase).HasPrecision(28, 10);
        builder.HasIndex(r => new { r.CurrencyCode, r.EffectiveFrom });
    }
}
