using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Oro.Opportunities.Web.Infrastructure;

/// <summary>
/// Forwarded headers (ADR-0017): <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed only
/// from the proxies listed in <c>ForwardedHeaders:KnownProxies</c> (addresses) and
/// <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges, e.g. a container network), separated by <c>;</c> or
/// <c>,</c>. Loopback is always trusted (nginx on the same machine). The <c>Host</c> header is not taken from
/// a proxy: nginx passes the client's, and <c>AllowedHosts</c> checks it.
/// </summary>
public static class ProxySettings
{
    public static void Apply(ForwardedHeadersOptions options, IConfiguration configuration)
    {
        options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
        options.ForwardLimit = 1;
        foreach (var text in Split(configuration["ForwardedHeaders:KnownProxies"]))
        {
            options.KnownProxies.Add(IPAddress.TryParse(text, out var address)
                ? address
                : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{text}' is not an IP address."));
        }

        foreach (var text in Split(configuration["ForwardedHeaders:KnownNetworks"]))
        {
            options.KnownIPNetworks.Add(System.Net.IPNetwork.TryParse(text, out var network)
                ? network
                : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{text}' is not a network in CIDR notation (e.g. 172.28.0.0/16)."));
        }
    }

    private static IEnumerable<string> Split(string? value) =>
        (value ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
