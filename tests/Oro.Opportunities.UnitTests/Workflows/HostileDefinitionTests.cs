using System.Diagnostics;
using System.Text;
using Oro.Opportunities.Application.Workflows;

namespace Oro.Opportunities.UnitTests.Workflows;

/// <summary>
/// Issue 21, item 1: hostile workflow definitions are refused under the reader's limits, each with a
/// clear message and a line where there is one, within 1 s and 50 MB whatever the file. Before the
/// limits, the self alias and the deep nesting ended the process with a stack overflow and the alias
/// bombs took seconds and gigabytes.
/// </summary>
public sealed class HostileDefinitionTests
{
    private const string Valid = HostileDefinitions.Valid;

    public static TheoryData<string> Corpus => new(HostileDefinitions.Documents().Keys);

    [Theory]
    [MemberData(nameof(Corpus))]
    public void A_hostile_document_is_refused_with_a_clear_message_in_under_a_second_and_50_MB(string name)
    {
        var (bytes, line, message) = HostileDefinitions.Documents()[name];
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();

        var result = WorkflowDefinitionReader.Read(bytes);

        watch.Stop();
        var megabytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (1024.0 * 1024);
        Assert.False(result.IsValid);
        var error = Assert.Single(result.Errors);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.Line);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{name}: {watch.ElapsedMilliseconds} ms.");
        Assert.True(megabytes < 50, $"{name}: {megabytes:N1} MB allocated.");
    }

    [Fact]
    public void A_byte_order_mark_and_the_shipped_anchors_are_read_as_before()
    {
        Assert.True(WorkflowDefinitionReader.Read([0xEF, 0xBB, 0xBF, .. Utf8(Valid)]).IsValid);

        // The shipped flow copies its read-only restrictions with an anchor and an alias.
        var flow = WorkflowAdministration.SystemDefinitionText("opportunity_flow.yaml");
        var definition = WorkflowDefinitionReader.Read(Utf8(flow)).Definition!;
        Assert.Equal(definition.Step("won")!.Restrictions.Select(r => r.Field), definition.Step("lost")!.Restrictions.Select(r => r.Field));
    }

    [Fact]
    public void The_limits_are_configuration()
    {
        var nested = Valid.Replace("from: [a]", "from: [a], roles: [[[x]]]", StringComparison.Ordinal);
        var tight = new WorkflowDefinitionLimits { MaxDepth = 4, MaxNodes = 20, MaxAliases = 0, MaxBytes = 100 };

        Assert.Contains("larger than 0 KB", Assert.Single(WorkflowDefinitionReader.Read(Utf8(Valid), tight).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("deeper than 4", Assert.Single(WorkflowDefinitionReader.Read(nested, new WorkflowDefinitionLimits { MaxDepth = 4 }).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("more than 20 values", Assert.Single(WorkflowDefinitionReader.Read(Valid, new WorkflowDefinitionLimits { MaxNodes = 20 }).Errors).Message, StringComparison.Ordinal);
        Assert.Contains("more than 0 aliases", Assert.Single(WorkflowDefinitionReader.Read("a: &a x\nb: *a\n", new WorkflowDefinitionLimits { MaxAliases = 0 }).Errors).Message, StringComparison.Ordinal);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
