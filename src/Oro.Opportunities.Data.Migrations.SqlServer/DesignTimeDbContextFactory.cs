using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Oro.Opportunities.Data.Migrations.SqlServer;

/// <summary>Lets `dotnet ef` build the context for this provider without starting the web app; it never connects.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var settings = new DatabaseSettings(DatabaseProvider.SqlServer, "Server=localhost;Database=oro_design;Trusted_Connection=True;TrustServerCertificate=True");
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseServiceCollectionExtensions.Configure(options, settings);
        return new AppDbContext(options.Options);
    }
}
