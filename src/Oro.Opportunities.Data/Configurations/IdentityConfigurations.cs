using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Oro.Opportunities.Data.Identity;
using Oro.Opportunities.Domain.Organization;

namespace Oro.Opportunities.Data.Configurations;

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.FirstName).HasMaxLength(AppUser.NameMaxLength);
        builder.Property(u => u.LastName).HasMaxLength(AppUser.NameMaxLength);
        builder.Property(u => u.TimeZone).HasMaxLength(AppUser.TimeZoneMaxLength);
        builder.Ignore(u => u.DisplayName);
        builder.HasOne(u => u.Team).WithMany().HasForeignKey(u => u.TeamId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.TeamId);
    }
}

public sealed class AppRoleConfiguration : IEntityTypeConfiguration<AppRole>
{
    public void Configure(EntityTypeBuilder<AppRole> builder)
    {
        builder.Property(r => r.Description).HasMaxLength(AppRole.DescriptionMaxLength);
    }
}

public sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(Team.NameMaxLength).IsRequired();
        builder.Property(t => t.Description).HasMaxLength(Team.DescriptionMaxLength);
        builder.HasIndex(t => t.Name).IsUnique();
    }
}
