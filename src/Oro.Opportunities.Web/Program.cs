using Oro.Opportunities.Data;
using Oro.Opportunities.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// Every setting can also come from an environment variable with the Oro__ prefix, e.g. Oro__Admin__Password.
builder.Configuration.AddEnvironmentVariables(prefix: "Oro__");

DatabaseSettings database;
try
{
    database = DatabaseSettings.FromConfiguration(builder.Configuration, DataFolder.Resolve(builder.Configuration, builder.Environment));
}
catch (InvalidOperationException ex)
{
    // A wrong database setting is the operator's mistake: say what is wrong and stop, without a stack trace.
    await Console.Error.WriteLineAsync($"Start-up stopped: {ex.Message}");
    Environment.ExitCode = 2;
    return;
}

builder.AddOroLogging();
builder.Services.AddOroDatabase(database);
try
{
    builder.Services.AddOroWeb(builder.Configuration);
}
catch (InvalidOperationException ex)
{
    // A data-protection certificate that cannot be read, for example.
    await Console.Error.WriteLineAsync($"Start-up stopped: {ex.Message}");
    Environment.ExitCode = 2;
    return;
}

builder.Services.AddOroBackgroundJobs(builder.Configuration, database, DataFolder.Resolve(builder.Configuration, builder.Environment));

var app = builder.Build();
if (await app.RunCommandAsync(args))
{
    // A one-shot command (seed-demo, reset-admin-password) ran instead of the web server.
    return;
}

await app.InitializeAsync();
app.UseOroPipeline();
await app.RunAsync();

/// <summary>Entry point; public so that the test hosts can start the app.</summary>
public partial class Program;
