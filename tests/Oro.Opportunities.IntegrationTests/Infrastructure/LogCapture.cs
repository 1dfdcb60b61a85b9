using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Oro.Opportunities.IntegrationTests.Infrastructure;

/// <summary>
/// Receives every log event of the app under test (the app's Serilog reads sinks from the container),
/// so a test can assert that nothing was logged as an error or an unhandled exception.
/// </summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> events = new();

    public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);

    public IReadOnlyList<LogEvent> Errors =>
        events.Where(e => e.Level >= LogEventLevel.Error || e.Exception is not null).ToList();

    /// <summary>Everything logged so far, warnings included (tests run the app at level Warning).</summary>
    public IReadOnlyList<LogEvent> All => [.. events];

    public void Clear() => events.Clear();

    public static string Describe(LogEvent e) =>
        $"{e.Level} {e.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {e.Exception?.GetType().Name}: {e.Exception?.Message}";
}
