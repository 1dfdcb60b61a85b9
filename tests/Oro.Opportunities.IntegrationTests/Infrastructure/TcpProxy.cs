using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Oro.Opportunities.IntegrationTests.Infrastructure;

/// <summary>
/// A TCP forwarder in front of the test PostgreSQL server, so a test can take the database away from
/// the app as a server restart does — every open connection reset, new ones refused — and bring it
/// back, without stopping the server other tests use.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly ConcurrentDictionary<Socket, byte> sockets = new();
    private TcpListener? listener;
    private CancellationTokenSource accepting = new();

    public TcpProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Start();
    }

    public int Port { get; }

    /// <summary>The outage: open connections are reset and new ones refused until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        accepting.Cancel();
        listener?.Stop();
        listener = null;
        foreach (var socket in sockets.Keys)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        sockets.Clear();
    }

    public void Restore() => Start();

    public ValueTask DisposeAsync()
    {
        Cut();
        accepting.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Start()
    {
        accepting = new CancellationTokenSource();
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        var current = listener;
        var token = accepting.Token;
        _ = Task.Run(async () =>
        {
            while (!token.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await current.AcceptSocketAsync(token);
                }
                catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => ForwardAsync(client, token), CancellationToken.None);
            }
        }, CancellationToken.None);
    }

    private async Task ForwardAsync(Socket client, CancellationToken token)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        sockets.TryAdd(client, 0);
        sockets.TryAdd(server, 0);
        try
        {
            await server.ConnectAsync(targetHost, targetPort, token);
            await Task.WhenAny(PumpAsync(client, server), PumpAsync(server, client));
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            sockets.TryRemove(client, out _);
            sockets.TryRemove(server, out _);
            client.Dispose();
            server.Dispose();
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None)) > 0)
            {
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
        }
    }
}
