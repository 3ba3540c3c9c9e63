using System.CommandLine;
using System.Text.Json.Nodes;
using ActLab.Cli.Output;
using ActLab.Kernels.Catalogue;
using Spectre.Console;

namespace ActLab.Cli.Commands;

internal static class DescribeCommand
{
    public static Command Create(Io io)
    {
        var spec = new Argument<string>("spec") { Description = "An activation spec: name or name:key=value,... (e.g. elu:alpha=0.5)." };
        var json = new Option<bool>("--json") { Description = "Print everything as JSON." };
        var cmd = new Command("describe", "Everything known about one activation: formula, derivative, range, properties, float32 saturation,\n" +
                                          "uses, known problems, the paper, PyTorch/Keras equivalents, parameters, and a sketch of f and f'.\n\n" +
                                          "Examples:\n  actlab describe sigmoid\n  actlab describe leaky-relu:negative-slope=0.1\n  actlab describe gelu --json") { spec, json };
        cmd.SetAction(pr =>
        {
            string text = pr.GetValue(spec)!;
            Activation act;
            string? note = null;
            try { act = Catalogue.Resolve(text); }
            catch (SpecException) when (!text.Contains(':') && Catalogue.TryGet(text, out var info) && info.Parameters.Any(p => p.Default is null))
            {
                // Every name `list` prints can be described: parameters PyTorch gives no default are shown at 1.
                string example = $"{info.Key}:{string.Join(",", info.Parameters.Select(p => $"{p.Key}={(p.Default is null ? "1" : p.DefaultText)}"))}";
                act = Catalogue.Resolve(example);
                note = $"'{info.Key}' has parameters without a default in PyTorch ({string.Join(", ", info.Parameters.Where(p => p.Default is null).Select(p => p.Key))}); shown as {act.Spec}.";
            }
            if (pr.GetValue(json))
            {
                var o = ToJson(act);
                if (note is not null) o["note"] = note;
                Json.Write(io, o);
                return Cli.Ok;
            }
            if (note is not null) io.Out.WriteLine(note);
            Print(io, act);
            return Cli.Ok;
        });
        return cmd;
    }

    private static void Print(Io io, Activation act)
    {
        var e = act.Info;
        var t = io.Texts;
        var console = Terminal.For(io);
        string name = t.Or($"activation.{e.Key}.name", e.DisplayName);
        console.Write(new Rule($"[bold]{Markup.Escape(name)}[/] ({Markup.Escape(act.Spec)})").LeftJustified());
        console.WriteLine(t.Or($"activation.{e.Key}.summary", e.Summary));
        console.WriteLine();
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string k, string v) => grid.AddRow($"[grey]{Markup.Escape(t[k])}[/]", Markup.Escape(v));
        // The catalogue's own words (English) unless ko.json words this function's formula notes.
        string Own(string field, string english) => t.Or($"activation.{e.Key}.{field}", english);
        Row("describe.formula", Own("formula", e.Formula));
        Row("describe.derivative", Own("derivative", e.Derivative));
        Row("describe.latex", e.FormulaLatex);
        Row("describe.range", Own("range", e.Range));
        Row("describe.zeroCentred", Format.YesNo(e.ZeroCentred, t));
        Row("describe.monotonic", Format.YesNo(e.Monotonic, t));
        Row("describe.smooth", Format.YesNo(e.Smooth, t));
        Row("describe.bounded", Format.YesNo(e.Bounded, t));
        Row("describe.maxSlope", $"{Format.Slope(e.MaxSlope, t)} ({Own("maxSlopeAt", e.MaxSlopeAt)})");
        var sat = Saturation.Find(act);
        Row("describe.saturation", sat.Count == 0 ? (e.Kind == ActivationKind.Elementwise ? t["describe.saturationNone"] : "—") : string.Join("; ", sat.Select(s => s.Describe())));
        Row("describe.use", Format.Uses(e.Uses, t));
        Row("describe.problems", t.Or($"activation.{e.Key}.problems", e.Problems.Length == 0 ? "—" : string.Join("; ", e.Problems)));
        Row("describe.paper", e.Paper);
        grid.AddRow("[grey]PyTorch[/]", Markup.Escape(e.PyTorch));
        grid.AddRow("[grey]Keras[/]", Markup.Escape(e.Keras));
        if (e.Aliases.Length > 0) Row("describe.aliases", string.Join(", ", e.Aliases));
        console.Write(grid);
        if (e.Parameters.Length > 0)
        {
            var table = new Table().Border(TableBorder.Simple).AddColumn(t["describe.parameter"]).AddColumn("PyTorch").AddColumn(t["describe.default"]).AddColumn(t["describe.valueHere"]).AddColumn(t["describe.meaning"]);
            for (int i = 0; i < e.Parameters.Length; i++)
            {
                var p = e.Parameters[i];
                string value = p.Choices is null ? Catalogue.Format(act.Values[i]) : p.Choices[(int)act.Values[i]];
                table.AddRow(p.Key, p.PyTorchName, Markup.Escape(p.DefaultText), value, Markup.Escape(Own($"param.{p.Key}", p.Description)));
            }
            console.Write(table);
        }
        console.WriteLine();
        foreach (var line in Sketch.Lines(act)) console.Profile.Out.Writer.WriteLine(line);
    }

    public static JsonObject ToJson(ActivationInfo e) => new()
    {
        ["key"] = e.Key,
        ["displayName"] = e.DisplayName,
        ["aliases"] = new JsonArray([.. e.Aliases.Select(a => (JsonNode?)a)]),
        ["kind"] = e.Kind.ToString().ToLowerInvariant(),
        ["origin"] = e.Origin.ToString().ToLowerInvariant(),
        ["summary"] = e.Summary,
        ["formula"] = e.Formula,
        ["formulaLatex"] = e.FormulaLatex,
        ["derivative"] = e.Derivative,
        ["derivativeLatex"] = e.DerivativeLatex,
        ["range"] = e.Range,
        ["rangeMin"] = Json.Number(e.RangeMin),
        ["rangeMax"] = Json.Number(e.RangeMax),
        ["zeroCentred"] = e.ZeroCentred,
        ["monotonic"] = e.Monotonic,
        ["smooth"] = e.Smooth,
        ["bounded"] = e.Bounded,
        ["maxSlope"] = Json.Number(e.MaxSlope),
        ["maxSlopeAt"] = e.MaxSlopeAt,
        ["uses"] = new JsonArray([.. Format.Uses(e.Uses).Split(", ").Where(s => s != "—").Select(s => (JsonNode?)s)]),
        ["problems"] = new JsonArray([.. e.Problems.Select(p => (JsonNode?)p)]),
        ["paper"] = e.Paper,
        ["pytorch"] = e.PyTorch,
        ["keras"] = e.Keras,
        ["parameters"] = new JsonArray([.. e.Parameters.Select(p => (JsonNode?)new JsonObject
        {
            ["key"] = p.Key, ["pytorchName"] = p.PyTorchName, ["default"] = p.Default is null ? null : p.Choices is null ? Json.Number(p.Default.Value) : p.Choices[(int)p.Default.Value],
            ["required"] = p.Default is null, ["choices"] = p.Choices is null ? null : new JsonArray([.. p.Choices.Select(c => (JsonNode?)c)]), ["description"] = p.Description,
        })]),
    };

    private static JsonObject ToJson(Activation act)
    {
        var o = ToJson(act.Info);
        o["spec"] = act.Spec;
        o["values"] = new JsonObject(act.Info.Parameters.Select((p, i) => KeyValuePair.Create(p.Key, p.Choices is null ? Json.Number(act.Values[i]) : (JsonNode?)p.Choices[(int)act.Values[i]])));
        o["saturation"] = new JsonArray([.. Saturation.Find(act).Select(s => (JsonNode?)new JsonObject { ["side"] = s.Side > 0 ? "positive" : "negative", ["from"] = Json.Number(s.From), ["value"] = Json.Number(s.Value) })]);
        return o;
    }
}
