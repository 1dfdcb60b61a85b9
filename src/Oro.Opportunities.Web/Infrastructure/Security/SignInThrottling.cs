using System.Net;

namespace Oro.Opportunities.Web.Infrastructure.Security;

/// <summary>Limits of sign-in attempts (configuration section <c>SignIn</c>, ADR-0012).</summary>
public sealed class SignInLimits
{
    public const string Section = "SignIn";

    /// <summary>Failed attempts from one client address in any <see cref="PerAddressWindow"/>.</summary>
    public int PerAddressPermitLimit { get; set; } = 20;

    public TimeSpan PerAddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Failed attempts for one user name, from anywhere, in any <see cref="PerUserNameWindow"/>.</summary>
    public int PerUserNamePermitLimit { get; set; } = 5;

    public TimeSpan PerUserNameWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Wrong passwords (that passed the throttle) before the account is locked.</summary>
    public int LockoutAfterFailures { get; set; } = 10;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    public static SignInLimits From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<SignInLimits>() ?? new SignInLimits();
}

/// <summary>The sign-in throttle, one per process; the sign-in action asks it before every password check (ADR-0012).</summary>
public static class SignInThrottling
{
    public static IServiceCollection AddOroSignInThrottling(this IServiceCollection services, SignInLimits limits) =>
        services.AddSingleton(sp => new SignInThrottle(limits, sp.GetRequiredService<TimeProvider>()));
}

/// <summary>
/// Anti-automation for <c>POST /account/login</c> (ADR-0012): a sliding log of failed password checks per
/// user name (normalised as Identity looks users up, so spellings it folds together share one log) and
/// per client address, kept in this process. An attempt goes on to the password check only while both
/// logs hold fewer failures in their last window than their limit, counting the attempts being checked
/// at that moment, so concurrent guesses cannot overrun the limit either. A refused attempt never reaches
/// the password check, so it cannot count towards the lockout; a successful sign-in, or an attempt that
/// turns out not to be a password check, gives its place back.
/// </summary>
public sealed class SignInThrottle(SignInLimits limits, TimeProvider clock)
{
    /// <summary>
    /// Keys kept per log at most. Every key took a password hash within its window, so this is far more
    /// than the server can hash; should it ever be reached, a new key waits for room and is never let
    /// through unlogged.
    /// </summary>
    public const int MaxKeys = 100_000;

    /// <summary>How often keys whose failures have all left the window are dropped.</summary>
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    /// <summary>The wait given while only attempts still being checked fill the allowance: they end within moments.</summary>
    private static readonly TimeSpan InFlightWait = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly FailureLog byUserName = new(limits.PerUserNamePermitLimit, limits.PerUserNameWindow, clock);
    private readonly FailureLog byAddress = new(limits.PerAddressPermitLimit, limits.PerAddressWindow, clock);
    private long sweptAt = clock.GetTimestamp();

    /// <summary>
    /// Lets an attempt on <paramref name="normalizedUserName"/> (<c>UserManager.NormalizeName</c>) from
    /// <paramref name="address"/> go on to the password check and holds its place in both logs, or refuses
    /// it (null) with the time until it would be let through, in whole seconds.
    /// </summary>
    public SignInAttempt? TryBegin(string normalizedUserName, IPAddress? address, out TimeSpan retryAfter)
    {
        var addressKey = address?.ToString() ?? "unknown";
        lock (gate)
        {
            var now = clock.GetTimestamp();
            if (clock.GetElapsedTime(sweptAt, now) >= SweepInterval)
            {
                byUserName.Sweep(now);
                byAddress.Sweep(now);
                sweptAt = now;
            }

            var wait = Max(byUserName.Wait(normalizedUserName, now), byAddress.Wait(addressKey, now));
            if (wait > TimeSpan.Zero)
            {
                retryAfter = TimeSpan.FromSeconds(Math.Ceiling(wait.TotalSeconds));
                return null;
            }

            byUserName.Reserve(normalizedUserName);
            byAddress.Reserve(addressKey);
            retryAfter = TimeSpan.Zero;
            return new SignInAttempt(this, normalizedUserName, addressKey);
        }
    }

    internal void End(string userNameKey, string addressKey, bool failed)
    {
        lock (gate)
        {
            var now = clock.GetTimestamp();
            byUserName.End(userNameKey, failed, now);
            byAddress.End(addressKey, failed, now);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Per key, the times of its failures in the window (oldest first) and the attempts being checked. Used under the throttle's lock.</summary>
    private sealed class FailureLog(int limit, TimeSpan window, TimeProvider clock)
    {
        private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
        private readonly int limit = Math.Max(1, limit);

        /// <summary>While the log is full: when it was last swept and how long, from then, until a failure leaves the window.</summary>
        private (long At, TimeSpan Room)? full;

        /// <summary>How long an attempt on <paramref name="key"/> must wait; zero if it may go now.</summary>
        public TimeSpan Wait(string key, long now)
        {
            if (entries.TryGetValue(key, out var entry))
            {
                entry.Expire(now, window, clock);
                if (entry.Failures.Count + entry.Checking < limit)
                {
                    return TimeSpan.Zero;
                }

                return entry.Failures.Count >= limit ? window - clock.GetElapsedTime(entry.Failures.Peek(), now) : InFlightWait;
            }

            if (entries.Count < MaxKeys)
            {
                return TimeSpan.Zero;
            }

            if (full is (var at, var room) && clock.GetElapsedTime(at, now) < room)
            {
                return room - clock.GetElapsedTime(at, now);
            }

            var next = Sweep(now);
            full = entries.Count < MaxKeys ? null : (now, next);
            return full is null ? TimeSpan.Zero : next;
        }

        public void Reserve(string key)
        {
            if (!entries.TryGetValue(key, out var entry))
            {
                entry = new Entry();
                entries.Add(key, entry);
            }

            entry.Checking++;
        }

        /// <summary>An attempt's check ended: a failure stays in the log for the window; anything else gives the place back.</summary>
        public void End(string key, bool failed, long now)
        {
            // Keys with an attempt being checked are never swept, so the entry is there.
            var entry = entries[key];
            entry.Checking--;
            if (failed)
            {
                entry.Failures.Enqueue(now);
            }
            else if (entry.Failures.Count == 0 && entry.Checking == 0)
            {
                entries.Remove(key);
            }
        }

        /// <summary>Drops the keys with nothing left in the window; returns how long until the next failure leaves it.</summary>
        public TimeSpan Sweep(long now)
        {
            TimeSpan? next = null;
            foreach (var (key, entry) in entries)
            {
                entry.Expire(now, window, clock);
                if (entry.Failures.Count == 0 && entry.Checking == 0)
                {
                    entries.Remove(key);
                }
                else if (entry.Failures.Count > 0)
                {
                    var leaves = window - clock.GetElapsedTime(entry.Failures.Peek(), now);
                    next = next is null || leaves < next ? leaves : next;
                }
            }

            return next ?? InFlightWait;
        }

        private sealed class Entry
        {
            public Queue<long> Failures { get; } = new();

            public int Checking { get; set; }

            public void Expire(long now, TimeSpan window, TimeProvider clock)
            {
                while (Failures.Count > 0 && clock.GetElapsedTime(Failures.Peek(), now) >= window)
                {
                    Failures.Dequeue();
                }
            }
        }
    }
}

/// <summary>
/// An attempt let through to the password check; it holds its place in both logs until it ends. Call
/// <see cref="Failed"/> when the password was wrong; disposing it otherwise gives the place back.
/// </summary>
public sealed class SignInAttempt : IDisposable
{
    private readonly SignInThrottle throttle;
    private readonly string userNameKey;
    private readonly string addressKey;
    private int ended;

    internal SignInAttempt(SignInThrottle throttle, string userNameKey, string addressKey)
    {
        this.throttle = throttle;
        this.userNameKey = userNameKey;
        this.addressKey = addressKey;
    }

    /// <summary>The password check failed: the attempt stays in both logs for their window.</summary>
    public void Failed() => End(failed: true);

    /// <summary>A successful sign-in, or no password check at all: the place is given back (after <see cref="Failed"/>, nothing happens).</summary>
    public void Dispose() => End(failed: false);

    private void End(bool failed)
    {
        if (Interlocked.Exchange(ref ended, 1) == 0)
        {
            throttle.End(userNameKey, addressKey, failed);
        }
    }
}
