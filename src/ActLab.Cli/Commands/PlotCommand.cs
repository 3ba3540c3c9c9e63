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
            "  actlab plot softmax 2 1 0.1 --labels \"Class A,Class B,Class C\" --out softmax.png\n" +
            "  actlab plot run runs/mlp --log --out curves.png\n  actlab plot boundary runs/mlp --out map.png\n  actlab plot gallery --out gallery");
        plot.Subcommands.Add(Function(io));
        plot.Subcommands.Add(Softmax(io));
        plot.Subcommands.Add(RunCurves(io));
        plot.Subcommands.Add(Boundary(io));
        plot.Subcommands.Add(Histograms(io));
        plot.Subcommands.Add(Gallery(io));
        return plot;
    }

    private static (Option<string?> Out, Option<int> Width, Option<int> Height, Option<string?> Title, Option<bool> Force) Common(Command cmd, string defaultName,
        int defaultWidth = 900, int defaultHeight = 560, string? heightText = null, bool pngOnly = false)
    {
        var output = new Option<string?>("--out") { Description = $"The picture: {(pngOnly ? ".png" : ".png or .svg")} (default: {defaultName})." };
        var width = new Option<int>("--width") { Description = "Width in pixels.", DefaultValueFactory = _ => defaultWidth };
        var height = new Option<int>("--height") { Description = heightText ?? "Height in pixels.", DefaultValueFactory = _ => defaultHeight };
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
            var chart = Charts.Functions(acts, pr.GetValue(from), pr.GetValue(to), pr.GetValue(step), pr.GetValue(derivative), pr.GetValue(title), io.Texts);
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
                : throw UsageException.Of("error.plot.logit", i + 1, t)).ToArray();
            var names = pr.GetValue(labels)?.Split(',', StringSplitOptions.TrimEntries);
            string path = Target(pr.GetValue(output) ?? "softmax.png", pr.GetValue(force), pr.GetValue(width), pr.GetValue(height));
            Save(io, Charts.SoftmaxBars(values, names, pr.GetValue(title), io.Texts), path, pr.GetValue(width), pr.GetValue(height));
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command RunCurves(Io io)
    {
        var run = new Argument<string>("run") { Description = "A run folder (from actlab train or actlab tutorial)." };
        var log = new Option<bool>("--log") { Description = "Loss on a log scale." };
        var cmd = new Command("run", "Learning curves of a run: train and validation loss per epoch, and validation accuracy.\n\n" +
            "Examples:\n  actlab plot run runs/mlp --out curves.png\n  actlab plot run runs/tutorial --log --out curves.svg") { run, log };
        var (output, width, height, title, force) = Common(cmd, "<run-name>-curves.png in the current folder; the run's own curves.png is left alone");
        cmd.SetAction(pr =>
        {
            string dir = pr.GetValue(run)!;
            string path = Target(pr.GetValue(output) ?? $"{RunName(dir)}-curves.png", pr.GetValue(force), pr.GetValue(width), pr.GetValue(height));
            Save(io, RunCharts.LearningCurves(dir, pr.GetValue(log), pr.GetValue(title), io.Texts), path, pr.GetValue(width), pr.GetValue(height));
            return Cli.Ok;
        });
        return cmd;
    }

    // A picture of a run goes beside the user, named after the run: the run folder is written only by its writer.
    private static string RunName(string dir) => Path.GetFileName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar)) is { Length: > 0 } n ? n : "run";

    private static Command Boundary(Io io)
    {
        var run = new Argument<string>("run") { Description = "A run folder of a model with two input features." };
        var data = new Option<string?>("--data") { Description = "The points to draw (default: the run's training data, if it still exists)." };
        var resolution = new Option<int>("--resolution") { Description = "Grid cells along the longer side, 10–2000 (drawn smoothed).", DefaultValueFactory = _ => 500 };
        var cmd = new Command("boundary", "The model's output over the plane with the data on top (the TensorFlow Playground view).\n\n" +
            "Examples:\n  actlab plot boundary runs/mlp --out map.png\n  actlab plot boundary runs/mlp --data test.csv --out map.svg") { run, data, resolution };
        var (output, width, height, title, force) = Common(cmd, "<run-name>-decision-map.png in the current folder", 800, 700);
        cmd.SetAction(pr =>
        {
            string dir = pr.GetValue(run)!;
            int res = pr.GetValue(resolution);
            if (res is < 10 or > 2000) throw UsageException.Of("error.plot.resolutionOption", res);
            string path = Target(pr.GetValue(output) ?? $"{RunName(dir)}-decision-map.png", pr.GetValue(force), pr.GetValue(width), pr.GetValue(height));
            Save(io, RunCharts.DecisionMap(dir, pr.GetValue(data), res, pr.GetValue(title), io.Texts), path, pr.GetValue(width), pr.GetValue(height));
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command Histograms(Io io)
    {
        var run = new Argument<string>("run") { Description = "A run folder." };
        var data = new Option<string?>("--data") { Description = "The rows to pass through the model (default: the run's data)." };
        var kind = new Option<string>("--kind") { Description = "activations (each layer's output) or gradients (the loss gradient at each activation).", DefaultValueFactory = _ => "activations" };
        kind.AcceptOnlyFromAmong("activations", "gradients");
        var bins = new Option<int>("--bins") { Description = "Histogram bins.", DefaultValueFactory = _ => 50 };
        var cmd = new Command("histograms", "Per-layer histograms of activations or of gradients over a run's data (Deep Learning from Scratch, ch. 6).\n\n" +
            "Examples:\n  actlab plot histograms runs/deep-sigmoid --out act.png\n  actlab plot histograms runs/deep-sigmoid --kind gradients --out grad.png") { run, data, kind, bins };
        var (output, width, height, title, force) = Common(cmd, "<run-name>-histograms-<kind>.png in the current folder", 900, 0,
            "Height in pixels (default: 200 per layer, plus room for the title).", pngOnly: true);
        cmd.SetAction(pr =>
        {
            string dir = pr.GetValue(run)!, k = pr.GetValue(kind)!;
            string file = pr.GetValue(output) ?? $"{RunName(dir)}-histograms-{k}.png";
            if (Path.GetExtension(file).Equals(".svg", StringComparison.OrdinalIgnoreCase))
                throw UsageException.Of("error.plot.histogramsPng", file);
            int h = pr.GetValue(height);
            // The height is checked once the panels are known (0: automatic).
            string path = Target(file, pr.GetValue(force), pr.GetValue(width), h == 0 ? 560 : h);
            var chart = LayerHistograms.Build(dir, k == "gradients" ? LayerHistograms.Kind.Gradients : LayerHistograms.Kind.Activations, pr.GetValue(data), pr.GetValue(bins), title: pr.GetValue(title), texts: io.Texts);
            if (h == 0) h = Math.Min(10_000, 110 + 200 * chart.Series.Count);
            Save(io, chart, path, pr.GetValue(width), h);
            return Cli.Ok;
        });
        return cmd;
    }

    private static Command Gallery(Io io)
    {
        var output = new Option<string>("--out") { Description = "The folder for the pictures.", DefaultValueFactory = _ => "gallery" };
        var format = new Option<string>("--format") { Description = "png or svg.", DefaultValueFactory = _ => "png" };
        format.AcceptOnlyFromAmong("png", "svg");
        var force = new Option<bool>("--force") { Description = "Overwrite pictures already in the folder." };
        var cmd = new Command("gallery", "One picture per elementwise catalogue function (f and f′), the tutorials' combined charts, and softmax bars.\n\n" +
            "Examples:\n  actlab plot gallery --out docs/gallery") { output, format, force };
        cmd.SetAction(pr =>
        {
            string dir = pr.GetValue(output)!, ext = "." + pr.GetValue(format);
            if (File.Exists(dir)) throw UsageException.Of("error.out.isFile", dir);
            if (Directory.Exists(dir) && Directory.EnumerateFiles(dir, "*" + ext).Any() && !pr.GetValue(force))
                throw UsageException.Of("error.plot.galleryExists", dir, ext);
            Directory.CreateDirectory(dir);
            int count = 0;
            void Put(string name, Chart chart) { ChartFile.Save(chart, Path.Combine(dir, name + ext), 900, 560); count++; }
            foreach (var e in Catalogue.All.Where(e => e.Kind == ActivationKind.Elementwise && e.Parameters.All(p => p.Default is not null)))
                Put(e.Key, Charts.Functions([Catalogue.Resolve(e.Key)], -5, 5, 0.01, derivative: true, title: $"{e.DisplayName}: {e.Formula}"));
            Put("seed-001-combined", Charts.Functions([.. new[] { "sigmoid", "tanh", "relu", "leaky-relu:negative-slope=0.1", "elu" }.Select(Catalogue.Resolve)], -5, 5, 0.1, title: "Seed 001: x from −5 to 5"));
            Put("seed-002-combined", Charts.Functions([.. new[] { "binary-step", "sigmoid", "tanh", "relu", "leaky-relu", "prelu", "elu", "gelu" }.Select(Catalogue.Resolve)], -10, 10, 0.01, title: "Seed 002: x from −10 to 10"));
            Put("seed-003-combined", Charts.Functions([.. new[] { "sigmoid", "tanh", "relu", "leaky-relu:negative-slope=0.1", "elu", "gelu" }.Select(Catalogue.Resolve)], -6, 6, 0.01, title: "Seed 003: x from −6 to 6"));
            Put("softmax-seed-003", Charts.SoftmaxBars([2f, 1f, 0.1f], ["Class A", "Class B", "Class C"]));
            Put("softmax-seed-001", Charts.SoftmaxBars([2f, 1f, 0.1f], ["dog", "cat", "rabbit"]));
            io.Out.WriteLine(io.Texts.Format("plot.wroteGallery", count, Path.GetFullPath(dir)));
            return Cli.Ok;
        });
        return cmd;
    }

    // Checks everything about the output before any drawing: type, size, existing file, writable folder.
    private static string Target(string path, bool force, int width, int height)
    {
        ChartFile.Validate(path, width, height);
        if (Directory.Exists(path)) throw UsageException.Of("error.out.isFolder", path);
        if (File.Exists(path) && !force) throw UsageException.Of("error.out.exists", path);
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is null || !Directory.Exists(dir)) throw UsageException.Of("error.out.noFolder", path, dir);
        return path;
    }

    private static void Save(Io io, Chart chart, string path, int width, int height)
    {
        try { ChartFile.Save(chart, path, width, height); }
        catch (UnauthorizedAccessException e) { throw UsageException.Of("error.out.cannotWrite", path, e.Message); }
        io.Out.WriteLine(io.Texts.Format(chart.Panels is null ? "plot.wroteSeries" : chart.Series.Count == 1 ? "plot.wrotePanel" : "plot.wrotePanels", path, width, height, chart.Series.Count));
    }
}
