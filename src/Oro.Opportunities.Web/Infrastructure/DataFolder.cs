namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>Where the app keeps its files (the SQLite database, job storage, uploads): <c>App_Data</c> unless configured.</summary>
public static class DataFolder
{
    public static string Resolve(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration["Database:DataDirectory"];
        var folder = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(environment.ContentRootPath, "App_Data")
            : Path.GetFullPath(configured, environment.ContentRootPath);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
