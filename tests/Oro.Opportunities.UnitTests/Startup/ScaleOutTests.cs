using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Oro.Opportunities.Application.Opportunities;
using Oro.Opportunities.Data;
using Oro.Opportunities.Domain.Jobs;
using Oro.Opportunities.Web.Infrastructure;

namespace Oro.Opportunities.UnitTests.Startup;

/// <summary>Issue 14: the small rules behind several nodes — proxies believed, errors that mean "database away", job history, grid cursors.</summary>
public sealed class ScaleOutTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key, v => (string?)v.Value)).Build();

    [Fact]
    public void Forwarded_headers_are_believed_from_the_configured_proxies_and_networks_only_and_a_bad_entry_stops_start_up()
    {
        var options = new ForwardedHeadersOptions();
        ProxySettings.Apply(options, Config(("ForwardedHeaders:KnownProxies", "10.0.0.5; 10.0.0.6"), ("ForwardedHeaders:KnownNetworks", "172.28.0.0/16")));

        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, options.ForwardedHeaders);
        Assert.Contains(IPAddress.Parse("10.0.0.6"), options.KnownProxies);
        Assert.Contains(System.Net.IPNetwork.Parse("172.28.0.0/16"), options.KnownIPNetworks);
        Assert.Equal(1, options.ForwardLimit);

        var error = Assert.Throws<InvalidOperationException>(() => ProxySettings.Apply(new ForwardedHeadersOptions(), Config(("ForwardedHeaders:KnownNetworks", "172.28.0.0"))));
        Assert.Contains("CIDR", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_that_is_away_is_told_apart_from_a_request_it_refused()
    {
        Assert.True(DatabaseErrors.IsUnavailable(new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01")));
        Assert.True(DatabaseErrors.IsUnavailable(new PostgresException("the database system is starting up", "FATAL", "FATAL", "57P03")));
        Assert.True(DatabaseErrors.IsUnavailable(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(DatabaseErrors.IsUnavailable(new InvalidOperationException("wrapped", new EndOfStreamException())));

        Assert.False(DatabaseErrors.IsUnavailable(new PostgresException("duplicate key value", "ERROR", "ERROR", "23505")));
        Assert.False(DatabaseErrors.IsUnavailable(new InvalidOperationException("disk on fire")));
        Assert.False(DatabaseErrors.IsUnavailable(null));
    }

    [Fact]
    public void A_jobs_history_keeps_its_newest_lines_within_the_column()
    {
        string? history = null;
        for (var i = 0; i < 200; i++)
        {
            history = JobHistory.Append(history, $"line {i:D3} " + new string('x', 40));
        }

        Assert.True(history!.Length <= JobHistory.MaxLength);
        var lines = JobHistory.Lines(history);
        Assert.StartsWith("line 199", lines[^1], StringComparison.Ordinal);
        Assert.All(lines, l => Assert.StartsWith("line ", l, StringComparison.Ordinal));
        Assert.Empty(JobHistory.Lines(null));
    }

    [Fact]
    public void A_grid_cursor_round_trips_and_anything_else_is_no_cursor()
    {
        var item = new OpportunityListItem(42, "Deal", new DateTime(2026, 3, 1, 9, 0, 0, 123, DateTimeKind.Utc), DateTime.UtcNow, null, null, null, null, null, "USD", null, null, 1, "open", "Open", 1, "owner", 1, "Account", null, null, null, 1, DateTime.UtcNow);

        Assert.True(GridCursor.TryParse(GridCursor.Of(item), out var at, out var id));
        Assert.Equal((item.CreatedAt, 42), (at, id));
        foreach (var bad in new[] { null, "", "abc", "12", ".5", "5.", "-1.5", "1.-5", "99999999999999999999.1", "3155378976000000000.1", new string('1', 41) + ".1" })
        {
            Assert.False(GridCursor.TryParse(bad, out _, out _), bad);
        }

        Assert.True(GridCursor.Supports("created"));
        Assert.False(GridCursor.Supports("name"));
    }
}
