using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Oro.Opportunities.Domain.Workflows;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Oro.Opportunities.Application.Workflows;

/// <summary>One reason a definition was refused: where (line, and the field as a path like <c>transitions[2].to</c>) and why.</summary>
public sealed record WorkflowDefinitionError(int? Line, string Field, string Message)
{
    public override string ToString() => Line is int line ? $"Line {line}, {Field}: {Message}" : $"{Field}: {Message}";
}

/// <summary>The outcome of reading a definition: the definition, or every error found.</summary>
public sealed record WorkflowDefinitionResult(WorkflowDefinition? Definition, IReadOnlyList<WorkflowDefinitionError> Errors)
{
    public bool IsValid => Definition is not null;
}

/// <summary>
/// Reads a workflow definition written in YAML (JSON is YAML too): checks it against the JSON schema
/// shipped beside it (<c>Definitions/workflow-definition.schema.json</c>), then checks what a schema
/// cannot (every step a transition names exists, fields belong to the entity, values fit the field),
/// and reports every error with its line and field. See ADR-0014 for the format.
/// </summary>
public static class WorkflowDefinitionReader
{
    public const string SchemaResource = "Oro.Opportunities.Application.Workflows.Definitions.workflow-definition.schema.json";

    private static readonly HashSet<string> EmptyWords = new(StringComparer.Ordinal) { "null", "Null", "NULL", "~", string.Empty };

    /// <summary>The JSON schema of the format, as shipped (downloadable from System → Workflows).</summary>
    public static string SchemaText { get; } = ReadResource(SchemaResource);

    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(SchemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>Reads an uploaded file: its bytes must be UTF-8 (a UTF-8 byte order mark is allowed) and within <see cref="WorkflowDefinitionLimits.MaxBytes"/>.</summary>
    public static WorkflowDefinitionResult Read(ReadOnlySpan<byte> bytes, WorkflowDefinitionLimits? limits = null)
    {
        limits ??= WorkflowDefinitionLimits.Default;
        if (bytes.Length > limits.MaxBytes)
        {
            return Fail(new WorkflowDefinitionError(null, "(file)", $"The file is larger than {limits.MaxBytes / 1024:N0} KB."));
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return Fail(new WorkflowDefinitionError(1, "(file)", "The file is UTF-16 or UTF-32 encoded; save it as UTF-8."));
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            var at = Math.Clamp(ex.Index, 0, bytes.Length);
            var line = bytes[..at].Count((byte)'\n') + 1;
            var sample = string.Concat((ex.BytesUnknown ?? []).Take(4).Select(b => $"0x{b:X2} "));
            return Fail(new WorkflowDefinitionError(line, "(file)", $"The file is not valid UTF-8 (bytes {sample.TrimEnd()} on this line); save it as UTF-8."));
        }

        return Read(text, limits);
    }

    /// <summary>
    /// Reads a definition under <paramref name="limits"/> (the defaults when none are given): size,
    /// nesting depth, nodes after alias expansion, alias count and key types are checked while the
    /// YAML events stream in, before any alias is expanded, so no document reaches a stack or memory cliff.
    /// </summary>
    public static WorkflowDefinitionResult Read(string text, WorkflowDefinitionLimits? limits = null)
    {
        limits ??= WorkflowDefinitionLimits.Default;
        if (text.Length > limits.MaxBytes)
        {
            return Fail(new WorkflowDefinitionError(null, "(file)", $"The file is larger than {limits.MaxBytes / 1024:N0} KB."));
        }

        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        JsonNode? root;
        try
        {
            root = new TreeBuilder(limits, lines).Build(text);
        }
        catch (DefinitionLimitException ex)
        {
            return Fail(new WorkflowDefinitionError(ex.Line, ex.Field, ex.Message));
        }
        catch (YamlException ex)
        {
            return Fail(new WorkflowDefinitionError(checked((int)ex.Start.Line), "(document)", $"Not valid YAML or JSON: {Unwrap(ex).Message}"));
        }

        var errors = new List<WorkflowDefinitionError>();
        var element = JsonSerializer.SerializeToElement(root);
        var evaluation = Schema.Value.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        foreach (var detail in (evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
        {
            var pointer = detail.InstanceLocation.ToString();
            foreach (var (keyword, message) in detail.Errors!)
            {
                errors.Add(new WorkflowDefinitionError(LineOf(pointer, lines), FieldOf(pointer), Humanize(keyword, message, pointer)));
            }
        }

        // What only the meaning checks find is reported with the schema's errors, in one answer, except
        // where the schema already refused the object (its parts may be missing or of the wrong type).
        if (root is JsonObject rootObject && WorkflowEntities.FieldsOf(Text(rootObject["entity"]) ?? string.Empty) is not null)
        {
            var definition = Build(rootObject);
            var refused = errors.Select(e => e.Field).ToList();
            errors.AddRange(CheckMeaning(definition, lines).Where(e => !refused.Any(r => Within(e.Field, r))));
            if (errors.Count == 0 && evaluation.IsValid)
            {
                return new WorkflowDefinitionResult(definition, []);
            }
        }

        if (errors.Count == 0)
        {
            errors.Add(new WorkflowDefinitionError(null, "(definition)", "The definition does not match the schema."));
        }

        return new WorkflowDefinitionResult(null, errors.DistinctBy(e => (e.Line, e.Field, e.Message)).OrderBy(e => e.Line ?? 0).ToList());
    }

    /// <summary>"transitions[1].effects[0].field" is within "transitions[1].effects[0]" (and itself).</summary>
    private static bool Within(string field, string refused) =>
        refused == "(definition)" || field == refused || field.StartsWith(refused + ".", StringComparison.Ordinal) || field.StartsWith(refused + "[", StringComparison.Ordinal);

    /// <summary>Reads a definition that must be valid (the shipped system workflows); anything else is a defect.</summary>
    public static WorkflowDefinition ReadValid(string text, string source)
    {
        var result = Read(text);
        return result.Definition ?? throw new InvalidOperationException($"The workflow definition {source} is not valid: {string.Join("; ", result.Errors)}");
    }

    private static WorkflowDefinitionResult Fail(WorkflowDefinitionError error) => new(null, [error]);

    private static Exception Unwrap(YamlException ex) => ex.InnerException is YamlException inner ? Unwrap(inner) : ex;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>A limit or a rule of the format broken while reading; reported as the only error (nothing after it was read).</summary>
    private sealed class DefinitionLimitException(int? line, string place, string message) : Exception(message)
    {
        public int? Line => line;

        public string Field => place;
    }

    /// <summary>
    /// YAML → JSON from the parser's event stream, without recursion: an explicit stack of open
    /// collections, each node's line noted by its JSON pointer. Every node is counted as it is made and
    /// every alias by the size of what it copies, before it copies it; an alias to a node still open
    /// (itself or an ancestor) is refused, as are keys that are not plain text and keys given twice.
    /// </summary>
    private sealed class TreeBuilder(WorkflowDefinitionLimits limits, Dictionary<string, int> lines)
    {
        private readonly Stack<Frame> open = new();
        private readonly Dictionary<string, Anchored> anchors = new(StringComparer.Ordinal);
        private long nodes;
        private int aliases;
        private JsonNode? root;
        private bool rootSet;

        public JsonNode? Build(string text)
        {
            var parser = new Parser(new StringReader(text));
            var documents = 0;
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                var line = checked((int)current.Start.Line);
                switch (current)
                {
                    case DocumentStart:
                        if (++documents > 1)
                        {
                            throw new DefinitionLimitException(line, "(document)", "The file holds more than one document; give one workflow per file.");
                        }

                        break;
                    case Scalar scalar when open.TryPeek(out var frame) && frame.IsMapping && frame.Key is null:
                        Key(frame, scalar.Value, line);
                        break;
                    case Scalar scalar:
                        var value = Value(scalar);
                        Count(1, line);
                        Place(value, line, height: 0);
                        Remember(scalar.Anchor, value, 1, 0);
                        break;
                    case MappingStart or SequenceStart:
                        NotAKey(line);
                        Count(1, line);
                        if (open.Count + 1 > limits.MaxDepth)
                        {
                            throw new DefinitionLimitException(line, Field(), $"The definition is nested deeper than {limits.MaxDepth} levels.");
                        }

                        var container = current is MappingStart ? (JsonNode)new JsonObject() : new JsonArray();
                        var pointer = Place(container, line, height: 0);
                        open.Push(new Frame(container, pointer, ((NodeEvent)current).Anchor, nodes));
                        break;
                    case MappingEnd or SequenceEnd:
                        var closed = open.Pop();
                        if (open.TryPeek(out var parent))
                        {
                            parent.Height = Math.Max(parent.Height, closed.Height + 1);
                        }

                        Remember(closed.Anchor, closed.Node, nodes - closed.NodesBefore + 1, closed.Height);
                        break;
                    case AnchorAlias alias:
                        NotAKey(line);
                        Alias(alias.Value, line);
                        break;
                }
            }

            if (documents == 0 || !rootSet)
            {
                throw new DefinitionLimitException(null, "(document)", "The file is empty.");
            }

            return root;
        }

        private void Key(Frame frame, string? key, int line)
        {
            key ??= string.Empty;
            if (!frame.Keys.Add(key))
            {
                throw new DefinitionLimitException(line, FieldOf(frame.Pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)), $"Duplicate key '{Shorten(key)}': a key appears once in a map.");
            }

            Count(1, line);
            frame.Key = key;
        }

        private void NotAKey(int line)
        {
            if (open.TryPeek(out var frame) && frame.IsMapping && frame.Key is null)
            {
                throw new DefinitionLimitException(line, Field(), "A key must be plain text, not a list, a map or an alias.");
            }
        }

        private void Alias(AnchorName name, int line)
        {
            if (++aliases > limits.MaxAliases)
            {
                throw new DefinitionLimitException(line, Field(), $"The definition uses more than {limits.MaxAliases} aliases.");
            }

            if (open.Any(f => !f.Anchor.IsEmpty && f.Anchor.Value == name.Value))
            {
                throw new DefinitionLimitException(line, Field(), $"The alias *{Shorten(name.Value)} refers to the node that contains it.");
            }

            if (!anchors.TryGetValue(name.Value, out var anchored))
            {
                throw new DefinitionLimitException(line, Field(), $"The alias *{Shorten(name.Value)} refers to no anchor defined before it.");
            }

            Count(anchored.Nodes, line);
            if (open.Count + anchored.Height > limits.MaxDepth)
            {
                throw new DefinitionLimitException(line, Field(), $"The definition is nested deeper than {limits.MaxDepth} levels.");
            }

            // DeepClone recurses, but no deeper than the depth limit just checked.
            Place(anchored.Node?.DeepClone(), line, anchored.Height);
        }

        private void Count(long count, int line)
        {
            nodes += count;
            if (nodes > limits.MaxNodes)
            {
                throw new DefinitionLimitException(line, Field(), $"The definition has more than {limits.MaxNodes:N0} values (aliases counted as what they copy).");
            }
        }

        private void Remember(AnchorName anchor, JsonNode? node, long count, int height)
        {
            if (!anchor.IsEmpty)
            {
                anchors[anchor.Value] = new Anchored(node, count, height);
            }
        }

        /// <summary>Adds a node to the open collection (or makes it the root) and returns its pointer.</summary>
        private string Place(JsonNode? node, int line, int height)
        {
            string pointer;
            if (!open.TryPeek(out var frame))
            {
                root = node;
                rootSet = true;
                pointer = string.Empty;
            }
            else if (frame.IsMapping)
            {
                var key = frame.Key!;
                pointer = frame.Pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                ((JsonObject)frame.Node)[key] = node;
                frame.Key = null;
            }
            else
            {
                var array = (JsonArray)frame.Node;
                pointer = frame.Pointer + "/" + array.Count.ToString(CultureInfo.InvariantCulture);
                array.Add(node);
            }

            if (frame is not null)
            {
                frame.Height = Math.Max(frame.Height, height + 1);
            }

            lines[pointer] = line;
            return pointer;
        }

        /// <summary>The field being read, for an error's place.</summary>
        private string Field()
        {
            if (!open.TryPeek(out var frame))
            {
                return "(document)";
            }

            var pointer = frame.IsMapping && frame.Key is { } key ? frame.Pointer + "/" + key : frame.Pointer;
            return FieldOf(pointer);
        }

        private static JsonNode? Value(Scalar scalar)
        {
            var value = scalar.Value ?? string.Empty;
            if (scalar.Style is not ScalarStyle.Plain)
            {
                return JsonValue.Create(value);
            }

            if (EmptyWords.Contains(value))
            {
                return null;
            }

            if (value is "true" or "false")
            {
                return JsonValue.Create(value == "true");
            }

            return long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? JsonValue.Create(number)
                : JsonValue.Create(value);
        }

        private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;

        private sealed class Frame(JsonNode node, string pointer, AnchorName anchor, long nodesBefore)
        {
            public JsonNode Node => node;

            public string Pointer => pointer;

            public AnchorName Anchor => anchor;

            public long NodesBefore => nodesBefore;

            public bool IsMapping { get; } = node is JsonObject;

            public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);

            public string? Key { get; set; }

            /// <summary>How many levels the nodes placed in it so far reach below it.</summary>
            public int Height { get; set; }
        }

        private sealed record Anchored(JsonNode? Node, long Nodes, int Height);
    }

    private static int? LineOf(string pointer, Dictionary<string, int> lines)
    {
        // The node itself, else the nearest enclosing one (a missing property is reported on its object).
        for (var current = pointer; ; current = current[..current.LastIndexOf('/')])
        {
            if (lines.TryGetValue(current, out var line))
            {
                return line;
            }

            if (current.Length == 0)
            {
                return null;
            }
        }
    }

    /// <summary>"/transitions/2/to" → "transitions[2].to".</summary>
    public static string FieldOf(string location)
    {
        if (location.Length == 0)
        {
            return "(definition)";
        }

        var builder = new System.Text.StringBuilder();
        foreach (var part in location.Trim('/').Split('/'))
        {
            var name = part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                builder.Append('[').Append(name).Append(']');
            }
            else
            {
                builder.Append(builder.Length == 0 ? string.Empty : ".").Append(name);
            }
        }

        return builder.ToString();
    }

    private static string Humanize(string keyword, string message, string pointer) => keyword switch
    {
        // additionalProperties: false reports the extra property against the "false" schema.
        _ when message.Contains("false schema", StringComparison.Ordinal) => $"'{FieldOf(pointer).Split('.').Last()}' is not a property here.",
        "pattern" => "Use letters, digits and underscores, starting with a letter (at most 100 characters).",
        "enum" when Enums.Value.TryGetValue(FieldOf(pointer).Split('.').Last(), out var values) => $"Use one of: {string.Join(", ", values)}.",
        _ => message,
    };

    /// <summary>The allowed values of each property the schema gives an enum (each such name has one list).</summary>
    private static readonly Lazy<Dictionary<string, string[]>> Enums = new(() =>
    {
        var enums = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pending = new Stack<JsonNode?>([JsonNode.Parse(SchemaText)]);
        while (pending.TryPop(out var node))
        {
            if (node is JsonObject schema)
            {
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, property) in properties)
                    {
                        if (property?["enum"] is JsonArray values)
                        {
                            enums[name] = values.Select(v => v!.ToString()).ToArray();
                        }
                    }
                }

                foreach (var (_, child) in schema)
                {
                    pending.Push(child);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array)
                {
                    pending.Push(child);
                }
            }
        }

        return enums;
    });

    /// <summary>The definition from its JSON; lenient, as it also runs on a file the schema refused (a missing text is empty, a missing number 0).</summary>
    private static WorkflowDefinition Build(JsonObject root) => new(
        Text(root["name"]) ?? string.Empty,
        Text(root["label"]) ?? string.Empty,
        Text(root["entity"]) ?? string.Empty,
        Strings(root["exclusiveActiveGroups"]),
        Text(root["startStep"]),
        Array(root["steps"]).Select(s => new WorkflowStep(
            Text(s["name"]) ?? string.Empty,
            Text(s["label"]) ?? string.Empty,
            s["order"] is JsonValue order && order.TryGetValue<long>(out var number) && number is >= 0 and <= int.MaxValue ? (int)number : 0,
            Flag(s["final"]),
            Array(s["restrictions"]).Select(r => new FieldRestriction(
                Text(r["field"]) ?? string.Empty,
                Flag(r["readOnly"]),
                Strings(r["disallowedValues"]))).ToList())).ToList(),
        Array(root["transitions"]).Select(t => new WorkflowTransition(
            Text(t["name"]) ?? string.Empty,
            Text(t["label"]) ?? string.Empty,
            Strings(t["from"]),
            Text(t["to"]) ?? string.Empty,
            Text(t["buttonStyle"]) ?? "primary",
            Array(t["form"]).Select(f => new TransitionField(
                Text(f["field"]) ?? string.Empty,
                Text(f["label"]),
                Flag(f["required"]),
                Strings(f["allowedValues"]),
                Strings(f["disallowedValues"]),
                Text(f["prefill"]))).ToList(),
            Array(t["conditions"]).Select(c => new TransitionCondition(
                Text(c["kind"]) ?? string.Empty,
                c["fields"] is null ? Text(c["field"]) is { } one ? [one] : [] : Strings(c["fields"]),
                Strings(c["values"]),
                Text(c["message"]) ?? string.Empty)).ToList(),
            Array(t["effects"]).Select(e => new TransitionEffect(Text(e["field"]), Text(e["value"]), Text(e["action"]))).ToList(),
            t["roles"] is null ? null : Strings(t["roles"]))).ToList())
    {
        // A lead status by code or label ("disqualified" is Oro's code "canceled"); an unknown one is kept for the meaning check.
        StatusSteps = root["statusSteps"] is JsonObject map
            ? map.Where(p => Text(p.Value) is not null)
                .GroupBy(p => Text(root["entity"]) == WorkflowEntities.Lead ? Domain.Leads.LeadStatus.Parse(p.Key) ?? p.Key : p.Key)
                .ToDictionary(g => g.Key, g => Text(g.First().Value)!)
            : new Dictionary<string, string>(),
    };

    private static bool Flag(JsonNode? node) => node is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static IEnumerable<JsonObject> Array(JsonNode? node) => node is JsonArray array ? array.OfType<JsonObject>() : [];

    private static IReadOnlyList<string> Strings(JsonNode? node) => node is JsonArray array ? array.Select(Text).OfType<string>().ToList() : [];

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<long>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
        _ => node.ToJsonString(),
    };

    /// <summary>What the schema cannot say: references between steps and transitions, fields of the entity, values that fit them.</summary>
    private static IEnumerable<WorkflowDefinitionError> CheckMeaning(WorkflowDefinition definition, Dictionary<string, int> lines)
    {
        var errors = new List<WorkflowDefinitionError>();
        void Add(string pointer, string message) => errors.Add(new WorkflowDefinitionError(LineOf(pointer, lines), FieldOf(pointer), message));

        var fields = WorkflowEntities.FieldsOf(definition.Entity)!;
        var stepNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            if (!stepNames.Add(step.Name))
            {
                Add($"/steps/{i}/name", $"Another step is already named '{step.Name}'.");
            }

            if (step.Restrictions.Count > 0 && !WorkflowEntities.SupportsRestrictions(definition.Entity))
            {
                Add($"/steps/{i}/restrictions", $"Step restrictions apply to opportunities only; {Noun(definition.Entity)} workflow cannot have them.");
            }

            for (var r = 0; r < step.Restrictions.Count; r++)
            {
                var restriction = step.Restrictions[r];
                var pointer = $"/steps/{i}/restrictions/{r}";
                if (CheckField(definition.Entity, restriction.Field, pointer + "/field", Add) is { } field)
                {
                    if (!restriction.ReadOnly && restriction.DisallowedValues.Count == 0)
                    {
                        Add(pointer, "A restriction is read-only, or lists disallowed values (or both).");
                    }

                    CheckValues(field, restriction.DisallowedValues, pointer + "/disallowedValues", Add);
                }
            }
        }

        if (definition.StartStep is { } start && !stepNames.Contains(start))
        {
            Add("/startStep", $"There is no step '{start}'.");
        }

        foreach (var (status, step) in definition.StatusSteps)
        {
            if (definition.Entity != WorkflowEntities.Lead)
            {
                Add("/statusSteps", "statusSteps apply to lead workflows only.");
                break;
            }

            if (Domain.Leads.LeadStatus.All.All(s => s.Code != status))
            {
                Add("/statusSteps", $"'{status}' is not a lead status. Use one of: new, qualified, disqualified.");
            }
            else if (!stepNames.Contains(step))
            {
                Add("/statusSteps", $"There is no step '{step}'.");
            }
        }

        var transitionNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Transitions.Count; i++)
        {
            var transition = definition.Transitions[i];
            var pointer = $"/transitions/{i}";
            if (!transitionNames.Add(transition.Name))
            {
                Add(pointer + "/name", $"Another transition is already named '{transition.Name}'.");
            }

            if (!stepNames.Contains(transition.To))
            {
                Add(pointer + "/to", $"There is no step '{transition.To}'.");
            }

            for (var f = 0; f < transition.From.Count; f++)
            {
                if (!stepNames.Contains(transition.From[f]))
                {
                    Add($"{pointer}/from/{f}", $"There is no step '{transition.From[f]}'.");
                }
            }

            var formFields = new HashSet<string>(StringComparer.Ordinal);
            for (var f = 0; f < transition.Form.Count; f++)
            {
                var formField = transition.Form[f];
                var fieldPointer = $"{pointer}/form/{f}";
                if (!formFields.Add(formField.Field))
                {
                    Add(fieldPointer + "/field", $"The form already has the field '{formField.Field}'.");
                }

                if (CheckField(definition.Entity, formField.Field, fieldPointer + "/field", Add) is not { } field)
                {
                    continue;
                }

                if (field.StoredFields.Count == 0 && transition.Action != WorkflowEntities.ConvertLead)
                {
                    Add(fieldPointer + "/field", $"'{field.Name}' names the opportunity a conversion creates: only a transition with the action {WorkflowEntities.ConvertLead} has it.");
                }

                if (formField.AllowedValues.Count > 0 && formField.DisallowedValues.Count > 0)
                {
                    Add(fieldPointer, "Give allowed values or disallowed values, not both.");
                }

                CheckValues(field, formField.AllowedValues, fieldPointer + "/allowedValues", Add);
                CheckValues(field, formField.DisallowedValues, fieldPointer + "/disallowedValues", Add);
                if (formField.Prefill is { } prefill)
                {
                    CheckPrefill(definition.Entity, field, prefill, fieldPointer + "/prefill", Add);
                }
            }

            for (var c = 0; c < transition.Conditions.Count; c++)
            {
                var condition = transition.Conditions[c];
                var conditionPointer = $"{pointer}/conditions/{c}";
                if (condition.Fields.Count == 0)
                {
                    Add(conditionPointer, "A condition names its field ('field') or fields ('fields').");
                }

                foreach (var name in condition.Fields)
                {
                    CheckField(definition.Entity, name, conditionPointer, Add);
                }

                var needsValues = condition.Kind is "in" or "notIn";
                if (needsValues != (condition.Values.Count > 0))
                {
                    Add(conditionPointer, needsValues ? $"A '{condition.Kind}' condition lists its values." : $"A '{condition.Kind}' condition has no values.");
                }
            }

            var actions = transition.Effects.Where(e => e.Action is not null).ToList();
            var effectFields = new HashSet<string>(StringComparer.Ordinal);
            for (var e = 0; e < transition.Effects.Count; e++)
            {
                var effect = transition.Effects[e];
                var effectPointer = $"{pointer}/effects/{e}";
                if ((effect.Action is null) == (effect.Field is null) || (effect.Action is not null && effect.Value is not null))
                {
                    Add(effectPointer, "An effect either sets a field (with a value; none clears it) or runs an action, not both.");
                    continue;
                }

                if (effect.Action is { } action)
                {
                    if (!WorkflowEntities.ActionsOf(definition.Entity).Contains(action))
                    {
                        Add(effectPointer + "/action", $"'{action}' is not an action of {Noun(definition.Entity)} workflow."
                            + (WorkflowEntities.ActionsOf(definition.Entity) is { Count: > 0 } known ? $" Use one of: {string.Join(", ", known)}." : " It has none."));
                    }
                    else if (actions.Count > 1 && !ReferenceEquals(actions[0], effect))
                    {
                        Add(effectPointer + "/action", "A transition runs at most one action.");
                    }

                    continue;
                }

                if (effect.Field is null)
                {
                    continue;
                }

                if (!effectFields.Add(effect.Field))
                {
                    Add(effectPointer + "/field", $"Another effect already sets '{effect.Field}'.");
                }

                if (CheckField(definition.Entity, effect.Field, effectPointer + "/field", Add) is { } field)
                {
                    if (field.StoredFields.Count == 0)
                    {
                        Add(effectPointer + "/field", $"'{effect.Field}' is not stored on the record; an effect cannot set it.");
                    }

                    if (formFields.Contains(effect.Field))
                    {
                        Add(effectPointer + "/field", $"'{effect.Field}' is in the form; an effect cannot set it too.");
                    }

                    if (effect.Value is { } value)
                    {
                        CheckValues(field, [value], effectPointer + "/value", Add);
                    }
                }
            }
        }

        return errors;
    }

    private static WorkflowField? CheckField(string entity, string name, string pointer, Action<string, string> add)
    {
        var field = WorkflowEntities.Field(entity, name);
        if (field is null)
        {
            add(pointer, $"'{name}' is not a field of {Noun(entity)} that workflows use. Use one of: {string.Join(", ", WorkflowEntities.FieldsOf(entity)!.Select(f => f.Name))}.");
        }

        return field;
    }

    /// <summary>"an opportunity", "a lead".</summary>
    private static string Noun(string entity)
    {
        var label = WorkflowEntities.LabelOf(entity).ToLowerInvariant();
        return ("aeiou".Contains(label[0], StringComparison.Ordinal) ? "an " : "a ") + label;
    }

    private static void CheckValues(WorkflowField field, IReadOnlyList<string> values, string pointer, Action<string, string> add)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (WorkflowValues.Describe(field, values[i]) is { } problem)
            {
                add(values.Count == 1 && pointer.EndsWith("/value", StringComparison.Ordinal) ? pointer : $"{pointer}/{i}", problem);
            }
        }
    }

    private static void CheckPrefill(string entity, WorkflowField field, string prefill, string pointer, Action<string, string> add)
    {
        switch (prefill)
        {
            case "current" or "empty":
                return;
            case "today":
                if (field.Kind != WorkflowFieldKind.Date)
                {
                    add(pointer, "'today' prefills a date field only.");
                }

                return;
        }

        if (prefill.StartsWith("field:", StringComparison.Ordinal))
        {
            var other = WorkflowEntities.Field(entity, prefill["field:".Length..]);
            if (other is null || other.Kind != field.Kind)
            {
                add(pointer, $"'{prefill}' names no field of the same kind as '{field.Name}'.");
            }

            return;
        }

        if (WorkflowValues.Describe(field, prefill) is { } problem)
        {
            add(pointer, $"Use current, empty, today, field:<name> or a value. {problem}");
        }
    }

    private static string ReadResource(string name)
    {
        using var stream = typeof(WorkflowDefinitionReader).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
