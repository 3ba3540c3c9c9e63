using System.CommandLine;
using System.Text.Json.Nodes;
using ActLab.Cli.Output;
using ActLab.Kernels.Catalogue;
using Spectre.Console;

namespace ActLab.Cli.Commands;

internal static class ListCommand
{
    public static Command Create(Io io)
    {
        var json = new Option<bool>("--json") { Description = "Print the catalogue as JSON (every field) instead of a table." };
        var origin = new Option<string?>("--origin")
        {
            Description = "Only functions from: tutorial (taught in the seeds), pytorch (torch.nn), beyond (Keras and papers).",
        };
        origin.AcceptOnlyFromAmong("tutorial", "pytorch", "beyond");
        var cmd = new Command("list", "List every activation function: formula, output range, zero-centred, smooth, maximum slope and typical use.\n\n" +
                                      "Examples:\n  actlab list\n  actlab list --origin tutorial\n  actlab list --json") { json, origin };
        cmd.SetAction(pr =>
        {
            var entries = Catalogue.All.Where(e => pr.GetValue(origin) is not { } o || e.Origin.ToString().Equals(o, StringComparison.OrdinalIgnoreCase)).ToList();
            if (pr.GetValue(json)) { Json.Write(io, new JsonArray([.. entries.Select(DescribeCommand.ToJson)])); return Cli.Ok; }
            var t = io.Texts;
            var table = new FittedTable().Add(t["list.name"], 0).Add(t["list.formula"], 1, wrap: true).Add(t["list.range"], 4).Add(t["list.zeroCentred"], 5, align: Justify.Center)
                .Add(t["list.smooth"], 6, align: Justify.Center).Add(t["list.maxSlope"], 3, align: Justify.Right).Add(t["list.use"], 2, wrap: true);
            foreach (var e in entries)
                table.Row(LocalName(e, t), e.Formula, e.Range, Format.YesNo(e.ZeroCentred, t), Format.YesNo(e.Smooth, t), Format.Slope(e.MaxSlope, t), Format.Uses(e.Uses, t));
            var console = Terminal.For(io);
            table.Write(console, t["list.note"], t);
            console.WriteLine(t.Format("list.footer", entries.Count));
            return Cli.Ok;
        });
        return cmd;
    }

    /// <summary>The key to type, with the tutorials' own name for it below where the language has one (시그모이드).</summary>
    internal static string LocalName(ActivationInfo e, ActLab.Core.Localization.Texts t) =>
        t.Has($"activation.{e.Key}.name") ? $"{e.Key}\n{ShortName(t[$"activation.{e.Key}.name"])}" : e.Key;

    // "로그 시그모이드 (LogSigmoid)" → "로그 시그모이드": the key above it already names the function in English.
    private static string ShortName(string name) => name.IndexOf(" (", StringComparison.Ordinal) is > 0 and var i ? name[..i] : name;
}
