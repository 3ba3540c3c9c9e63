using System.CommandLine;
using System.Globalization;
using ActLab.Kernels.Catalogue;
using ActLab.Plotting;

namespace ActLab.Cli.Commands;

internal static class PlotCommand
{
    public static Command Create(Io io)
    {
        var plot = new Command("plot", "Draw pictures as PNG or SVG (the file's extension decides).\n\n" +
            "Examples:\n  actlab plot function sigmoid tanh relu --out curves.png\n  actlab plot function sigmoid tanh --derivative --out slopes.svg\n" +
            "  actlab plot softmax 2 1 0.1 --labels \"Class A,Class B,Class C\" --out softmax.png");
        plot.Subcommands.Add(Function(io));
        plot.Subcommands.Add(Softmax(io));
        return plot;
    }

    private static (Option<string?> Out, Option<int> Width, Option<int> Height, Option<string?> Title, Option<bool> Force) Common(Command cmd, string defaultName)
    {
        var output = new Option<string?>("--out") { Description = $"The picture: .png or .svg (default: {defaultName})." };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => 900 };
        var height = new Option<int>("--height") { Description = "Height in pixels.", DefaultValueFactory = _ => 560 };
        var title = new Option<string?>("--title") { Description = "The chart's title." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        cmd.Options.Add(output); cmd.Options.Add(width); cmd.Options.Add(height); cmd.Options.Add(title); cmd.Options.Add(force);
        return (output, width, height, title, force);
    }

    private static Command Function(Io io)
    {
        var specs = new Argument<string[]>("spec") { Description = "One or more elementwise activation specs.", Arity = ArgumentArity.OneOrMore };
        var from = new Option<double>("--from") { Description = "Left end of x (seed 001 uses −5, seed 002 −10, seed 003 −6).", DefaultValueFactory = _ => -5 };
        var to = new Option<double>("--to") { Description = "Right end of x.", DefaultValueFactory = _ => 5 };
        var step = new Option<double>("--step") { Description = "Spacing of x (at most 1,000,000 points).", DefaultValueFactory = _ => 0.01 };
        var derivative = new Option<bool>("--derivative") { Description = "Also draw each derivative, dashed in the same colour (sigmoid's 0.25 peak, tanh's 1)." };
        var cmd = new Command("function", "Activation curves on one chart, optionally with their derivatives.\n\n" +
            "Examples:\n  actlab plot function sigmoid tanh relu leaky-relu:negative-slope=0.1 elu --from -6 --to 6 --out all.png\n" +
            "  actlab plot function sigmoid tanh --derivative --out vanishing.svg") { specs, from, to, step, derivative };
        var (output, width, height, title, force) = Common(cmd, "activations.png");
        cmd.SetAction(pr =>
        {
            var acts = pr.GetValue(specs)!.Select(Catalogue.Resolve).ToList();
            string path = Target(pr.GetValue(output) ?? "activations.png", pr.GetValue(force), pr.GetValue(width), pr.GetValue(height));
            var chart = Charts.Functions(acts, pr.GetValue(from), pr.GetValue(to), pr.GetValue(step), pr.GetValue(derivative), pr.GetValue(title));
            Save(io, chart, path, pr.GetValue(width), pr.GetValue(height));
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command Softmax(Io io)
    {
        var logits = new Argument<string[]>("logits") { Description = "The scores (logits).", Arity = ArgumentArity.OneOrMore };
        var labels = new Option<string?>("--labels") { Description = "Class names, comma-separated (e.g. \"dog,cat,rabbit\")." };
        var cmd = new Command("softmax", "Softmax probabilities of a vector of logits as labelled bars.\n\n" +
            "Examples:\n  actlab plot softmax 2 1 0.1 --labels \"Class A,Class B,Class C\" --out softmax.png") { logits, labels };
        var (output, width, height, title, force) = Common(cmd, "softmax.png");
        cmd.SetAction(pr =>
        {
            var values = pr.GetValue(logits)!.Select((t, i) => float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out float v) && float.IsFinite(v) ? v
                : throw new UsageException($"logit {i + 1} '{t}' is not a finite number.")).ToArray();
            var names = pr.GetValue(labels)?.Split(',', StringSplitOptions.TrimEntries);
            string path = Target(pr.GetValue(output) ?? "softmax.png", pr.GetValue(force), pr.GetValue(width), pr.GetValue(height));
            Save(io, Charts.SoftmaxBars(values, names, pr.GetValue(title)), path, pr.GetValue(width), pr.GetValue(height));
            return Cli.Ok;
        });
        return cmd;
    }

    // Checks everything about the output before any drawing: type, size, existing file, writable folder.
    private static string Target(string path, bool force, int width, int height)
    {
        ChartFile.Validate(path, width, height);
        if (Directory.Exists(path)) throw new UsageException($"--out '{path}' is a folder; give a file name.");
        if (File.Exists(path) && !force) throw new UsageException($"'{path}' exists; add --force to overwrite it.");
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is null || !Directory.Exists(dir)) throw new UsageException($"--out '{path}': the folder '{dir}' does not exist.");
        return path;
    }

    private static void Save(Io io, Chart chart, string path, int width, int height)
    {
        try { ChartFile.Save(chart, path, width, height); }
        catch (UnauthorizedAccessException e) { throw new UsageException($"cannot write '{path}': {e.Message}"); }
        io.Out.WriteLine($"Wrote {path} ({width}×{height}, {chart.Series.Count} series)");
    }
}
