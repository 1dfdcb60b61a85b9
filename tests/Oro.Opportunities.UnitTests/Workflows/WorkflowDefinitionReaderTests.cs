using Oro.Opportunities.Application.Workflows;

namespace Oro.Opportunities.UnitTests.Workflows;

/// <summary>Reading workflow definitions: the shipped ones, and every kind of error with its line and field (ADR-0014).</summary>
public sealed class WorkflowDefinitionReaderTests
{
    // The smallest valid definition, shared with the hostile corpus.
    private const string Minimal = HostileDefinitions.Valid;

    [Fact]
    public void The_shipped_management_flow_has_the_steps_and_transitions_of_the_spec()
    {
        var definition = WorkflowDefinitionReader.ReadValid(WorkflowAdministration.SystemDefinitionText("opportunity_flow.yaml"), "opportunity_flow.yaml");

        Assert.Equal("Opportunity Management Flow", definition.Label);
        Assert.Equal(["opportunity_management"], definition.ExclusiveGroups);
        Assert.Equal("open", definition.StartStep);
        Assert.Equal([("open", 10, false), ("won", 20, true), ("lost", 30, true)], definition.OrderedSteps.Select(s => (s.Name, s.Order, s.Final)));
        Assert.Equal(["Start", "Develop", "Close as Won", "Close as Lost", "Reopen"], definition.Transitions.Select(t => t.Label));
        Assert.Equal(["develop", "close_won", "close_lost"], definition.TransitionsFrom("open").Select(t => t.Name));
        Assert.Equal(["reopen"], definition.TransitionsFrom("won").Select(t => t.Name));
        Assert.Equal(["start"], definition.TransitionsFrom(null).Select(t => t.Name));

        var lost = definition.Transition("close_lost")!;
        Assert.Equal(["outsold", "cancelled"], lost.Form.Single(f => f.Field == "closeReason").AllowedValues);
        Assert.True(lost.Form.Single(f => f.Field == "closeDate").Required);
        Assert.Equal("today", lost.Form.Single(f => f.Field == "closeDate").Prefill);

        // Open: status not Won/Lost, close reason and revenue read-only; Won and Lost: seven fields read-only (the YAML anchor).
        var open = definition.Step("open")!;
        Assert.Equal(["won", "lost"], open.Restrictions.Single(r => r.Field == "status").DisallowedValues);
        Assert.Equal(["closeReason", "closeRevenue"], open.Restrictions.Where(r => r.ReadOnly).Select(r => r.Field));
        Assert.Equal(
            ["account", "status", "probability", "budget", "closeRevenue", "closeDate", "closeReason"],
            definition.Step("lost")!.Restrictions.Where(r => r.ReadOnly).Select(r => r.Field));
    }

    [Fact]
    public void The_shipped_support_flow_registers_a_complaint_into_additional_comments()
    {
        var definition = WorkflowDefinitionReader.ReadValid(WorkflowAdministration.SystemDefinitionText("opportunity_support_flow.yaml"), "support");

        Assert.Empty(definition.ExclusiveGroups);
        var register = definition.Transition("register_complaint")!;
        var field = Assert.Single(register.Form);
        Assert.Equal(("additionalComments", "Specify the Complaint", true), (field.Field, field.Label, field.Required));
        Assert.Equal(["Register a Complaint", "Resolve", "Request Feedback", "Close"], definition.Transitions.Where(t => !t.IsStart).Select(t => t.Label));
    }

    [Fact]
    public void A_minimal_definition_reads()
    {
        var result = WorkflowDefinitionReader.Read(Minimal);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        Assert.Null(result.Definition!.StartStep);
        Assert.Equal("primary", result.Definition.Transitions[0].ButtonStyle);
    }

    [Fact]
    public void Json_is_read_as_well()
    {
        var result = WorkflowDefinitionReader.Read("""
            {"name": "tiny", "label": "Tiny", "entity": "opportunity",
             "steps": [{"name": "a", "label": "A", "order": 1}],
             "transitions": [{"name": "go", "label": "Go", "from": ["a"], "to": "a"}]}
            """);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("label: Tiny", "label: Tiny\nfavourite: blue", 3, "favourite", "not a property")]
    [InlineData("  - { name: go, label: Go, from: [a], to: b }", "  - { name: go, label: Go, from: [a] }", 8, "transitions[0]", "to")]
    [InlineData("order: 20,", "order: twenty,", 6, "steps[1].order", "integer")]
    [InlineData("name: tiny", "name: 9 lives", 1, "name", "letters, digits and underscores")]
    [InlineData("entity: opportunity", "entity: invoice", 3, "entity", "")]
    public void A_schema_error_names_its_line_and_field(string replace, string with, int line, string field, string message)
    {
        var result = WorkflowDefinitionReader.Read(Minimal.Replace(replace, with, StringComparison.Ordinal));

        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors, e => e.Field == field);
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("from: [a], to: b", "from: [a], to: c", 8, "transitions[0].to", "There is no step 'c'.")]
    [InlineData("from: [a], to: b", "from: [x], to: b", 8, "transitions[0].from[0]", "There is no step 'x'.")]
    [InlineData("entity: opportunity", "entity: opportunity\nstartStep: z", 4, "startStep", "There is no step 'z'.")]
    [InlineData("{ name: b, label: B", "{ name: a, label: B", 6, "steps[1].name", "Another step is already named 'a'.")]
    public void A_reference_to_a_missing_step_or_a_duplicate_is_refused_with_its_place(string replace, string with, int line, string field, string message)
    {
        var result = WorkflowDefinitionReader.Read(Minimal.Replace(replace, with, StringComparison.Ordinal));

        Assert.False(result.IsValid);
        Assert.Contains(new WorkflowDefinitionError(line, field, message), result.Errors);
    }

    [Fact]
    public void Fields_values_and_prefills_must_fit_the_entity()
    {
        var result = WorkflowDefinitionReader.Read(Minimal.Replace("to: b }", """
            to: b,
                form: [{ field: colour }, { field: closeReason, allowedValues: [outsold, bribery] }, { field: closeDate, prefill: yesterday }],
                effects: [{ field: probability, value: 140 }, { field: closeReason, value: won }] }
            """, StringComparison.Ordinal));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == "transitions[0].form[0].field" && e.Message.StartsWith("'colour' is not a field of an opportunity", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "transitions[0].form[1].allowedValues[1]" && e.Message.Contains("bribery", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "transitions[0].form[2].prefill");
        Assert.Contains(result.Errors, e => e.Field == "transitions[0].effects[0].value" && e.Message.Contains("140", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Field == "transitions[0].effects[1].field" && e.Message.Contains("in the form", StringComparison.Ordinal));
        Assert.All(result.Errors, e => Assert.Equal(e.Field.Contains("effects", StringComparison.Ordinal) ? 10 : 9, e.Line));
    }

    [Fact]
    public void Every_error_of_a_broken_file_is_listed_at_once()
    {
        var result = WorkflowDefinitionReader.Read("""
            name: broken
            label: Broken
            entity: opportunity
            steps:
              - { name: a, label: A }
              - { label: B, order: 2 }
            transitions:
              - { name: go, label: Go, colour: red }
            """);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e is { Line: 5, Field: "steps[0]" } && e.Message.Contains("order", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Line: 6, Field: "steps[1]" } && e.Message.Contains("name", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Line: 8, Field: "transitions[0]" } && e.Message.Contains("to", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Line: 8, Field: "transitions[0].colour" });
    }

    [Theory]
    [InlineData("name: a\nname: b\n", 2, "Duplicate key")]
    [InlineData("name: [unclosed\n", 2, "Not valid YAML")]
    [InlineData("", null, "empty")]
    public void Text_that_is_not_one_yaml_document_is_refused_with_its_line(string text, int? line, string message)
    {
        var error = Assert.Single(WorkflowDefinitionReader.Read(text).Errors);

        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 23: every mistake of a file in one answer — three the schema finds and five only the
    /// meaning checks find (before: 3, then 5 after fixing those) — with no false "Required properties
    /// [action]" from the effect's either/or, and an enum's message naming the allowed values.
    /// </summary>
    [Fact]
    public void Schema_and_meaning_errors_come_in_one_answer_without_false_ones_and_enums_list_their_values()
    {
        var result = WorkflowDefinitionReader.Read("""
            name: eight
            label: Eight
            entity: opportunity
            startStep: nowhere
            steps:
              - { name: a, label: A, order: 10, colour: red }
              - { name: b, label: B, order: 20 }
              - { name: b, label: B again, order: 30 }
            transitions:
              - { name: go, label: Go, from: [a], to: c, buttonStyle: loud }
              - name: back
                label: Back
                from: [zz]
                to: a
                effects:
                  - { field: budgett, value: 1 }
                  - { field: status, action: convertLead }
            """);

        var errors = result.Errors.Select(e => e.ToString()).ToList();
        Assert.False(result.IsValid);
        Assert.DoesNotContain(errors, e => e.Contains("Required properties", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("steps[0].colour", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("transitions[0].buttonStyle", StringComparison.Ordinal) && e.Contains("primary, secondary, success, danger, warning, info", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("transitions[1].effects[1]", StringComparison.Ordinal) && e.Contains("not both", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("startStep", StringComparison.Ordinal) && e.Contains("'nowhere'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("steps[2].name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("transitions[0].to", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("transitions[1].from[0]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("transitions[1].effects[0].field", StringComparison.Ordinal) && e.Contains("'budgett'", StringComparison.Ordinal));
        Assert.Equal(8, errors.Count);
    }
}
