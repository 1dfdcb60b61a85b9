using System.Globalization;
using Oro.Opportunities.Domain.Workflows;

namespace Oro.Opportunities.Web.Features.Workflows;

/// <summary>
/// A definition drawn as an SVG (System → Workflows → a workflow): the steps left to right in their
/// order, forward transitions as arcs above, backward ones below, a step's transition to itself as a
/// loop, and start transitions from a dot on the left. Computed here; the view only writes the elements.
/// </summary>
public sealed record WorkflowDiagram(int Width, int Height, IReadOnlyList<DiagramBox> Boxes, IReadOnlyList<DiagramEdge> Edges, (int X, int Y)? Start)
{
    private const int BoxWidth = 150;

    /// <summary>A generous width per character of a step label (14 px, semibold), so no label leaves its box.</summary>
    private const int LabelCharWidth = 9;
    private const int BoxHeight = 44;
    private const int Gap = 80;
    private const int Left = 70;
    private const int Top = 150;

    public static WorkflowDiagram Of(WorkflowDefinition definition)
    {
        var steps = definition.OrderedSteps.ToList();
        var boxWidth = Math.Max(BoxWidth, (steps.Count == 0 ? 0 : steps.Max(s => s.Label.Length) * LabelCharWidth) + 24);
        var boxes = steps.Select((s, i) => new DiagramBox(s.Name, s.Label, Left + (i * (boxWidth + Gap)), Top, boxWidth, BoxHeight, s.Final, s.Name == definition.StartStep)).ToList();
        var index = steps.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i);
        var edges = new List<DiagramEdge>();
        var perPair = new Dictionary<(int, int), int>();
        var hasStart = definition.Transitions.Any(t => t.IsStart);
        (int X, int Y)? start = hasStart ? (20, Top + (BoxHeight / 2)) : null;
        foreach (var transition in definition.Transitions)
        {
            var sources = transition.IsStart ? [-1] : transition.From.Select(f => index[f]).ToList();
            var to = index[transition.To];
            foreach (var from in sources)
            {
                var nth = perPair[(from, to)] = perPair.GetValueOrDefault((from, to)) + 1;
                edges.Add(Edge(transition.Label, from, to, nth, boxes, start));
            }
        }

        var lowest = edges.Count == 0 ? Top + BoxHeight : edges.Max(e => e.LabelY) + 20;
        return new WorkflowDiagram(Left + (steps.Count * (boxWidth + Gap)), Math.Max(Top + BoxHeight + 40, lowest), boxes, edges, start);
    }

    private static DiagramEdge Edge(string label, int from, int to, int nth, IReadOnlyList<DiagramBox> boxes, (int X, int Y)? start)
    {
        var target = boxes[to];
        if (from < 0)
        {
            // From the start dot to the step, arcing above the boxes before it.
            var (sx, sy) = start!.Value;
            var tx = target.X + 20;
            var lift = 40 + (to * 25) + ((nth - 1) * 20);
            return new DiagramEdge(label, Path(sx, sy - 8, (sx + tx) / 2, Top - lift, tx, Top), (sx + tx) / 2, Top - (lift / 2) - 6, Backward: false);
        }

        var source = boxes[from];
        if (from == to)
        {
            var x = source.X + 30 + ((nth - 1) * 40);
            var height = 45 + ((nth - 1) * 15);
            return new DiagramEdge(label, $"M {x} {Top} C {x} {Top - height} {x + 60} {Top - height} {x + 60} {Top}", x + 30, Top - height - 4, Backward: false);
        }

        var distance = Math.Abs(to - from);
        var forward = to > from;
        var x1 = source.X + (source.Width / 2) + (forward ? 15 : -15);
        var x2 = target.X + (target.Width / 2) + (forward ? -15 : 15);
        var bend = 35 + (distance * 30) + ((nth - 1) * 22);
        var y = forward ? Top : Top + BoxHeight;
        var control = forward ? Top - bend : Top + BoxHeight + bend;
        var labelY = forward ? Top - (bend / 2) - 8 : Top + BoxHeight + (bend / 2) + 14;
        return new DiagramEdge(label, Path(x1, y, (x1 + x2) / 2, control, x2, y), (x1 + x2) / 2, labelY, !forward);
    }

    private static string Path(int x1, int y1, int cx, int cy, int x2, int y2) =>
        string.Create(CultureInfo.InvariantCulture, $"M {x1} {y1} Q {cx} {cy} {x2} {y2}");
}

public sealed record DiagramBox(string Name, string Label, int X, int Y, int Width, int Height, bool Final, bool IsStartStep);

public sealed record DiagramEdge(string Label, string Path, int LabelX, int LabelY, bool Backward);
