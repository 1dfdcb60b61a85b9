using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Oro.Opportunities.Domain.Workflows;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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

    public static WorkflowDefinitionResult Read(string text)
    {
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        JsonNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count != 1)
            {
                return Fail(new WorkflowDefinitionError(null, "(document)", stream.Documents.Count == 0 ? "The file is empty." : "The file holds more than one document; give one workflow per file."));
            }

            root = ToJson(stream.Documents[0].RootNode, string.Empty, lines);
        }
        catch (YamlException ex)
        {
            return Fail(new WorkflowDefinitionError(checked((int)ex.Start.Line), "(document)", $"Not valid YAML or JSON: {Unwrap(ex).Message}"));
        }

        var errors = new List<WorkflowDefinitionError>();
        var element = JsonSerializer.SerializeToElement(root);
        var evaluation = Schema.Value.Evaluate(element, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!evaluation.IsValid)
        {
            foreach (var detail in (evaluation.Details ?? []).Where(d => d.Errors is { Count: > 0 }))
            {
                var pointer = detail.InstanceLocation.ToString();
                foreach (var (keyword, message) in detail.Errors!)
                {
                    errors.Add(new WorkflowDefinitionError(LineOf(pointer, lines), FieldOf(pointer), Humanize(keyword, message, pointer)));
                }
            }

            return new WorkflowDefinitionResult(null, errors.DistinctBy(e => (e.Line, e.Field, e.Message)).OrderBy(e => e.Line ?? 0).ToList());
        }

        var definition = Build((JsonObject)root!);
        errors.AddRange(CheckMeaning(definition, lines));
        return errors.Count == 0 ? new WorkflowDefinitionResult(definition, []) : new WorkflowDefinitionResult(null, errors.OrderBy(e => e.Line ?? 0).ToList());
    }

    /// <summary>Reads a definition that must be valid (the shipped system workflows); anything else is a defect.</summary>
    public static WorkflowDefinition ReadValid(string text, string source)
    {
        var result = Read(text);
        return result.Definition ?? throw new InvalidOperationException($"The workflow definition {source} is not valid: {string.Join("; ", result.Errors)}");
    }

    private static WorkflowDefinitionResult Fail(WorkflowDefinitionError error) => new(null, [error]);

    private static Exception Unwrap(YamlException ex) => ex.InnerException is YamlException inner ? Unwrap(inner) : ex;

    /// <summary>YAML → JSON, noting the line each node starts on by its JSON pointer.</summary>
    private static JsonNode? ToJson(YamlNode node, string pointer, Dictionary<string, int> lines)
    {
        lines[pointer] = checked((int)node.Start.Line);
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (keyNode, valueNode) in mapping.Children)
                {
                    // YamlDotNet refuses a key that appears twice while loading.
                    var key = ((YamlScalarNode)keyNode).Value ?? string.Empty;
                    var childPointer = pointer + "/" + key.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
                    obj[key] = ToJson(valueNode, childPointer, lines);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                var index = 0;
                foreach (var item in sequence.Children)
                {
                    array.Add(ToJson(item, pointer + "/" + index.ToString(CultureInfo.InvariantCulture), lines));
                    index++;
                }

                return array;
            case YamlScalarNode scalar:
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
            default:
                throw new YamlException(node.Start, node.End, "Aliases must point to a value defined earlier.");
        }
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
        _ => message,
    };

    private static WorkflowDefinition Build(JsonObject root) => new(
        Text(root["name"])!,
        Text(root["label"])!,
        Text(root["entity"])!,
        Strings(root["exclusiveActiveGroups"]),
        Text(root["startStep"]),
        Array(root["steps"]).Select(s => new WorkflowStep(
            Text(s["name"])!,
            Text(s["label"])!,
            (int)s["order"]!.GetValue<long>(),
            s["final"]?.GetValue<bool>() ?? false,
            Array(s["restrictions"]).Select(r => new FieldRestriction(
                Text(r["field"])!,
                r["readOnly"]?.GetValue<bool>() ?? false,
                Strings(r["disallowedValues"]))).ToList())).ToList(),
        Array(root["transitions"]).Select(t => new WorkflowTransition(
            Text(t["name"])!,
            Text(t["label"])!,
            Strings(t["from"]),
            Text(t["to"])!,
            Text(t["buttonStyle"]) ?? "primary",
            Array(t["form"]).Select(f => new TransitionField(
                Text(f["field"])!,
                Text(f["label"]),
                f["required"]?.GetValue<bool>() ?? false,
                Strings(f["allowedValues"]),
                Strings(f["disallowedValues"]),
                Text(f["prefill"]))).ToList(),
            Array(t["conditions"]).Select(c => new TransitionCondition(
                Text(c["kind"])!,
                c["fields"] is null ? Text(c["field"]) is { } one ? [one] : [] : Strings(c["fields"]),
                Strings(c["values"]),
                Text(c["message"])!)).ToList(),
            Array(t["effects"]).Select(e => new TransitionEffect(Text(e["field"]), Text(e["value"]), Text(e["action"]))).ToList(),
            t["roles"] is null ? null : Strings(t["roles"]))).ToList());

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
