using Oro.Opportunities.Application.Workflows;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.UnitTests.Workflows;

/// <summary>Lead workflows (spec §6): the shipped Unqualified Sales Lead, and what a lead definition may name.</summary>
public sealed class LeadWorkflowDefinitionTests
{
    private const string Tiny = """
        name: tiny_lead
        label: Tiny Lead
        entity: lead
        startStep: a
        steps:
          - { name: a, label: A, order: 10 }
          - { name: b, label: B, order: 20, final: true }
        transitions:
          - name: go
            label: Go
            from: [a]
            to: b
            form:
              - { field: companyName }
        """;

    [Fact]
    public void The_shipped_unqualified_sales_lead_has_the_steps_transitions_and_actions_of_the_spec()
    {
        var definition = WorkflowDefinitionReader.ReadValid(WorkflowAdministration.SystemDefinitionText("unqualified_sales_lead.yaml"), "unqualified_sales_lead.yaml");

        Assert.Equal((WorkflowEntities.Lead, "Unqualified Sales Lead", "new"), (definition.Entity, definition.Label, definition.StartStep));
        Assert.Equal([("new", "New"), ("qualified", "Qualified"), ("cancelled", "Cancelled")], definition.OrderedSteps.Select(s => (s.Name, s.Label)));
        Assert.Equal([("qualify", "new", "qualified"), ("disqualify", "new", "cancelled"), ("reactivate", "cancelled", "new")], definition.Transitions.Select(t => (t.Name, t.From.Single(), t.To)));
        var qualify = definition.Transition("qualify")!;
        Assert.Equal(WorkflowEntities.ConvertLead, qualify.Action);
        Assert.Equal(["opportunityName", "account", "companyName", "additionalComments"], qualify.Form.Select(f => f.Field));
        Assert.Equal("field:name", qualify.Form[0].Prefill);
        var condition = Assert.Single(qualify.Conditions);
        Assert.Equal(("anyNotEmpty", "Company name or account must be selected."), (condition.Kind, condition.Message));
        Assert.Equal(WorkflowEntities.DisqualifyLead, definition.Transition("disqualify")!.Action);
        Assert.Equal(WorkflowEntities.ReactivateLead, definition.Transition("reactivate")!.Action);
    }

    [Fact]
    public void A_lead_definition_with_lead_fields_reads()
    {
        var result = WorkflowDefinitionReader.Read(Tiny);

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Theory]
    [InlineData("- { field: companyName }", "- { field: budget }", "transitions[0].form[0].field", "'budget' is not a field of a lead")]
    [InlineData("- { field: companyName }", "- { field: closeReason }", "transitions[0].form[0].field", "'closeReason' is not a field of a lead")]
    [InlineData("- { field: companyName }", "- { field: opportunityName }", "transitions[0].form[0].field", "'opportunityName' names the opportunity a conversion creates")]
    public void A_lead_definition_naming_a_field_leads_do_not_have_is_refused(string replace, string with, string field, string message)
    {
        var result = WorkflowDefinitionReader.Read(Tiny.Replace(replace, with, StringComparison.Ordinal));

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field && e.Message.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void An_action_must_be_one_of_the_entity()
    {
        var opportunityWithLeadAction = WorkflowDefinitionReader.Read(Tiny
            .Replace("entity: lead", "entity: opportunity", StringComparison.Ordinal)
            .Replace("- { field: companyName }", "- { field: name }\n    effects:\n      - { action: convertLead }", StringComparison.Ordinal));
        var unknown = WorkflowDefinitionReader.Read(Tiny.Replace("- { field: companyName }", "- { field: name }\n    effects:\n      - { action: launchRocket }", StringComparison.Ordinal));
        var both = WorkflowDefinitionReader.Read(Tiny.Replace("- { field: companyName }", "- { field: name }\n    effects:\n      - { action: convertLead, field: website }", StringComparison.Ordinal));

        Assert.Contains(opportunityWithLeadAction.Errors, e => e.Field == "transitions[0].effects[0].action" && e.Message.StartsWith("'convertLead' is not an action of an opportunity workflow.", StringComparison.Ordinal));
        Assert.False(unknown.IsValid);
        Assert.False(both.IsValid);
    }

    [Fact]
    public void A_lead_step_cannot_restrict_fields()
    {
        var result = WorkflowDefinitionReader.Read(Tiny.Replace("- { name: a, label: A, order: 10 }", "- { name: a, label: A, order: 10, restrictions: [{ field: companyName, readOnly: true }] }", StringComparison.Ordinal));

        Assert.Contains(result.Errors, e => e.Field == "steps[0].restrictions" && e.Message.StartsWith("Step restrictions apply to opportunities only", StringComparison.Ordinal));
    }
}
