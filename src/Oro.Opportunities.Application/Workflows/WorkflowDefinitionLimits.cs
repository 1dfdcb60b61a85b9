namespace Oro.Opportunities.Application.Workflows;

/// <summary>
/// The limits an uploaded workflow definition is read under (configuration section
/// <c>Workflows:Definitions</c>, ADR-0014). They are checked while the YAML streams in, before any alias
/// is expanded, so whatever the file, reading it takes well under a second and a few megabytes. The
/// shipped definitions use a small part of each (depth 6, under 400 values, 2 aliases).
/// </summary>
public sealed class WorkflowDefinitionLimits
{
    public const string Section = "Workflows:Definitions";

    /// <summary>The limits when none are configured.</summary>
    public static WorkflowDefinitionLimits Default { get; } = new();

    /// <summary>The largest file, in bytes (UTF-8).</summary>
    public int MaxBytes { get; set; } = 256 * 1024;

    /// <summary>Lists and maps inside each other, the document's own map counted as the first.</summary>
    public int MaxDepth { get; set; } = 20;

    /// <summary>Keys and values in all, an alias counted as everything it copies.</summary>
    public int MaxNodes { get; set; } = 50_000;

    /// <summary>Aliases (<c>*name</c>) in the file.</summary>
    public int MaxAliases { get; set; } = 200;
}
