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
            var table = new FittedTable().Add("name", 0).Add("formula", 1, wrap: true).Add("range", 4).Add("zero-centred", 5, align: Justify.Center)
                .Add("smooth", 6, align: Justify.Center).Add("max slope", 3, align: Justify.Right).Add("use", 2, wrap: true);
            foreach (var e in entries)
                table.Row(e.Key, e.Formula, e.Range, Format.YesNo(e.ZeroCentred), Format.YesNo(e.Smooth), Format.Slope(e.MaxSlope), Format.Uses(e.Uses));
            var console = Terminal.For(io);
            table.Write(console, "'actlab describe NAME' or --json has every field");
            console.WriteLine($"{entries.Count} functions. 'actlab describe NAME' tells everything about one; parameters go in a spec such as leaky-relu:negative-slope=0.1.");
            return Cli.Ok;
        });
        return cmd;
    }
}
