namespace Oro.Opportunities.Domain.Configuration;

/// <summary>One stored configuration value, by key (spec §8).</summary>
public sealed class SystemSetting
{
    public const int KeyMaxLength = 100;
    public const int ValueMaxLength = 4000;

    public SystemSetting(string key, string value)
    {
        Key = key;
        Value = value;
    }

    public string Key { get; private set; }

    public string Value { get; set; }
}

/// <summary>
/// A single row whose number goes up with every configuration change. Each app instance caches
/// the configuration with the number it read, and reloads when the stored number moves on: that
/// keeps several instances that share one database correct without a message bus.
/// </summary>
public sealed class ConfigurationRevision
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long Revision { get; set; }
}
