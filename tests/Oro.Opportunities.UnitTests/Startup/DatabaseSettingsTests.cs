using Microsoft.Extensions.Configuration;
using Oro.Opportunities.Data;

namespace Oro.Opportunities.UnitTests.Startup;

public sealed class DatabaseSettingsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void Without_configuration_the_app_uses_a_sqlite_file_in_the_data_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "oro-unit", Guid.NewGuid().ToString("N"));

        var settings = DatabaseSettings.FromConfiguration(Config(), folder);

        Assert.Equal(DatabaseProvider.Sqlite, settings.Provider);
        Assert.Contains(Path.Combine(folder, "oro-opportunities.db"), settings.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(DatabaseSettings.SqliteMigrationsAssembly, settings.MigrationsAssembly);
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("PostgreSql", DatabaseProvider.PostgreSql)]
    [InlineData("postgresql", DatabaseProvider.PostgreSql)]
    [InlineData("SqlServer", DatabaseProvider.SqlServer)]
    [InlineData("Sqlite", DatabaseProvider.Sqlite)]
    public void Provider_names_are_read_case_insensitively(string name, DatabaseProvider expected)
    {
        Assert.Equal(expected, DatabaseSettings.ParseProvider(name));
    }

    [Fact]
    public void An_unknown_provider_stops_start_up_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DatabaseSettings.FromConfiguration(Config(("Database:Provider", "Oracle")), Path.GetTempPath()));

        Assert.Contains("Unknown Database:Provider 'Oracle'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite, PostgreSql, SqlServer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_provider_without_a_connection_string_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DatabaseSettings.FromConfiguration(Config(("Database:Provider", "PostgreSql")), Path.GetTempPath()));

        Assert.Contains("ConnectionStrings:Default", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PostgreSql_prepares_frequent_statements_unless_the_connection_string_says_otherwise()
    {
        var defaulted = DatabaseSettings.FromConfiguration(
            Config(("Database:Provider", "PostgreSql"), ("ConnectionStrings:Default", "Host=db;Username=oro;Password=secret")), Path.GetTempPath());
        var explicitOff = DatabaseSettings.FromConfiguration(
            Config(("Database:Provider", "PostgreSql"), ("ConnectionStrings:Default", "Host=db;Username=oro;Max Auto Prepare=0")), Path.GetTempPath());

        Assert.Equal(64, new Npgsql.NpgsqlConnectionStringBuilder(defaulted.ConnectionString).MaxAutoPrepare);
        Assert.Equal("secret", new Npgsql.NpgsqlConnectionStringBuilder(defaulted.ConnectionString).Password);
        Assert.Equal(0, new Npgsql.NpgsqlConnectionStringBuilder(explicitOff.ConnectionString).MaxAutoPrepare);
    }

    [Fact]
    public void PostgreSql_gives_up_connecting_after_5_seconds_and_keeps_connections_alive_unless_the_connection_string_says_otherwise()
    {
        var defaulted = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSettings.FromConfiguration(
            Config(("Database:Provider", "PostgreSql"), ("ConnectionStrings:Default", "Host=db;Username=oro")), Path.GetTempPath()).ConnectionString);
        var configured = new Npgsql.NpgsqlConnectionStringBuilder(DatabaseSettings.FromConfiguration(
            Config(("Database:Provider", "PostgreSql"), ("ConnectionStrings:Default", "Host=db;Username=oro;Timeout=20;Keepalive=0")), Path.GetTempPath()).ConnectionString);

        Assert.Equal((5, 30, 30), (defaulted.Timeout, defaulted.KeepAlive, defaulted.CommandTimeout));
        Assert.Equal((20, 0), (configured.Timeout, configured.KeepAlive));
    }
}
