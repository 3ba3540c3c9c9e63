using ActLab.Core.Data;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActLab.Cli.Output;
using ActLab.Core.Analysis;
using ActLab.Core.Runs;
using ActLab.Plotting;
using Spectre.Console;

namespace ActLab.Cli.Commands;

internal static class CompareCommand
{
    /// <summary>The activations the tutorials teach for hidden layers: compare's default on image data sets.</summary>
    public static readonly string[] TutorialActivations = ["sigmoid", "tanh", "relu", "leaky-relu", "elu", "gelu"];

    public static Command Create(Io io)
    {
        var d = new CompareSettings();
        var activations = new Option<string>("--activations") { Description = "Hidden activations to compare, comma-separated specs.", DefaultValueFactory = _ => string.Join(",", d.Activations) };
        var datasets = new Option<string>("--dataset") { Description = "Data sets, comma-separated: generated (gaussians, circle, xor, gauss, spiral, moons, blobs) or an image set (fashion-mnist, mnist, a folder of IDX files: a 784-256-128-10 MLP, the tutorials' six activations, 5 epochs, batch 128, lr 0.001 unless given).", DefaultValueFactory = _ => string.Join(",", d.Datasets) };
        var data = new Option<string?>("--data") { Description = "Compare on this CSV instead of generated sets." };
        var label = new Option<string?>("--label") { Description = "The label column of --data (default: as train finds it)." };
        var standardize = new Option<bool>("--standardize") { Description = "Standardise --data's features with each run's training split." };
        var depth = new Option<int>("--depth") { Description = "Hidden layers.", DefaultValueFactory = _ => d.Depth };
        var width = new Option<int>("--width") { Description = "Units per hidden layer.", DefaultValueFactory = _ => d.Width };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per activation and data set (mean ± std over them).", DefaultValueFactory = _ => d.Seeds };
        var epochs = new Option<int>("--epochs") { Description = "Epochs per run.", DefaultValueFactory = _ => d.Epochs };
        var lr = new Option<double>("--lr") { Description = "Adam's learning rate.", DefaultValueFactory = _ => d.LearningRate };
        var init = new Option<string>("--init") { Description = "Initialiser: pytorch, xavier-uniform, xavier-normal, kaiming-uniform, kaiming-normal, lecun-normal, normal-1, normal-0.01 (Deep Learning from Scratch ch. 6: std 1, 0.01, Xavier, He).", DefaultValueFactory = _ => "pytorch" };
        var outDir = new Option<string>("--out") { Description = "Folder for compare.json, compare.csv, report.md and pictures.", DefaultValueFactory = _ => "compare" };
        var force = new Option<bool>("--force") { Description = "Allow --out to hold files already." };
        var report = new Option<string?>("--report") { Description = "Also write the markdown report to this file (image links relative to it), e.g. docs/activation-study.md." };
        var json = new Option<bool>("--json") { Description = "Print the rows as JSON (with --shard: the shard's record)." };
        var shardOpt = new Option<string?>("--shard") { Description = "Run only part K of N of the grid (e.g. 2/3, K from 1) and write it to OUT/shard-K-of-N; when every part has ended, --merge combines them. For a Slurm job array or a Kubernetes Indexed Job (docs/cluster.md).", HelpName = "K/N" };
        var merge = new Option<string[]>("--merge") { Description = "Combine shard folders, or a folder holding shard-K-of-N folders, into the report an unsharded run writes (the numbers bit for bit; only wall times differ). The settings come from the shards. --out defaults to the one folder given.", AllowMultipleArgumentsPerToken = true, Arity = ArgumentArity.OneOrMore, HelpName = "DIR" };
        var cmd = new Command("compare", "Train the same architecture, data, split, weight-seed stream and optimizer once per activation and seed, and measure\n" +
            "what the tutorials describe: accuracy and loss (mean ± std over seeds), epochs to 90% validation accuracy, time per epoch,\n" +
            "the gradient-norm profile at initialisation (vanishing gradients), dead units, and mean activation (zero-centring).\n\n" +
            "Examples:\n  actlab compare\n  actlab compare --activations sigmoid,tanh,relu --dataset spiral --seeds 5\n" +
            "  actlab compare --data my.csv --activations relu,gelu,silu --out runs/cmp\n" +
            "  actlab compare --dataset fashion-mnist --shard 2/3 --out sweep    (one of three processes)\n" +
            "  actlab compare --merge sweep                                      (after all three: sweep/report.md)")
        { activations, datasets, data, label, standardize, depth, width, seeds, epochs, lr, init, outDir, force, report, json, shardOpt, merge };
        Option[] sweepOptions = [activations, datasets, data, label, standardize, depth, width, seeds, epochs, lr, init];
        cmd.SetAction(pr =>
        {
            bool Given(Option o) => pr.GetResult(o) is { Implicit: false };
            if (pr.GetValue(merge) is { Length: > 0 } shardDirs)
            {
                if (Given(shardOpt)) throw new UsageException("--merge combines finished shards; it takes no --shard.");
                if (sweepOptions.FirstOrDefault(Given) is { } o)
                    throw new UsageException($"--merge takes the sweep's settings from the shards; drop {o.Name}.");
                return Merge(io, pr, shardDirs, Given(outDir) ? pr.GetValue(outDir)! : null, pr.GetValue(force), pr.GetValue(report), pr.GetValue(json));
            }
            Shard? shard = pr.GetValue(shardOpt) is { } sh ? Shard.Parse(sh) : null;
            if (shard is not null && pr.GetValue(report) is not null)
                throw new UsageException("--report applies to the whole sweep: give it to --merge once every shard has ended.");
            var settings = new CompareSettings
            {
                Activations = [.. pr.GetValue(activations)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                Datasets = [.. pr.GetValue(datasets)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)],
                DataPath = pr.GetValue(data),
                Label = pr.GetValue(label),
                Standardize = pr.GetValue(standardize),
                Depth = pr.GetValue(depth), Width = pr.GetValue(width), Seeds = pr.GetValue(seeds), Epochs = pr.GetValue(epochs),
                LearningRate = pr.GetValue(lr),
                Init = Core.Model.Initializers.Parse(pr.GetValue(init)!),
            };
            if (settings.DataPath is null && (settings.Label is not null || settings.Standardize))
                throw new UsageException("--label and --standardize apply to --data FILE; the generated sets need neither.");
            int imageSets = settings.DataPath is null ? settings.Datasets.Count(ImageDatasets.Recognizes) : 0;
            if (imageSets > 0 && imageSets < settings.Datasets.Count)
                throw new UsageException("--dataset mixes image data sets with generated ones; compare them in separate runs (their models differ).");
            if (imageSets > 0)
            {
                // The textbook experiment: a 784-256-128-10 MLP, the tutorials' activations, batches of 128, Adam 1e-3, a few epochs.
                settings = settings with
                {
                    Hidden = Given(depth) || Given(width) ? null : [256, 128],
                    Activations = Given(activations) ? settings.Activations : TutorialActivations,
                    Epochs = Given(epochs) ? settings.Epochs : 5,
                    LearningRate = Given(lr) ? settings.LearningRate : 1e-3,
                    BatchSize = 128,
                };
            }
            string sweepDir = pr.GetValue(outDir)!;
            if (File.Exists(sweepDir)) throw new UsageException($"--out '{sweepDir}' is a file, not a folder.");
            // A shard writes into its own folder under --out, so every shard of a job array can be given the same --out.
            string dir = shard is { } s0 ? Path.Combine(sweepDir, s0.FolderName) : sweepDir;
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !pr.GetValue(force))
                throw new UsageException($"--out '{dir}' already holds files; choose a new folder or add --force to overwrite.");
            if (pr.GetValue(report) is { } r0 && File.Exists(r0) && !pr.GetValue(force))
                throw new UsageException($"--report '{r0}' exists; add --force to overwrite it.");
            long gridSize = Comparison.GridSize(settings);
            long total = shard?.Jobs(gridSize) ?? gridSize;
            if (total == 0) throw new UsageException($"--shard {shard}: the grid has only {gridSize} runs, so shard {shard} has none; use at most {gridSize} shards.");
            // A shard rerun over an old one (--force) first drops the old end marker: if the rerun dies, --merge then
            // refuses the folder instead of taking the old record for the new runs.
            if (shard is not null && File.Exists(Path.Combine(dir, ComparisonShards.ShardFile))) File.Delete(Path.Combine(dir, ComparisonShards.ShardFile));
            int done = 0;
            // Each run is appended to runs.jsonl (and flushed) as it finishes: an interrupted or crashed sweep keeps
            // what it measured, and the results do not wait in memory for the end. The folder is made with the first
            // finished run, so bad input leaves nothing behind.
            StreamWriter? runLog = null;
            var gate = new object();
            Action<RunOutcome> record = r =>
            {
                string line = ComparisonShards.RunLine(r);
                lock (gate)
                {
                    if (runLog is null)
                    {
                        Directory.CreateDirectory(dir);
                        runLog = new StreamWriter(Path.Combine(dir, ComparisonShards.RunsFile), append: false, new UTF8Encoding(false));
                    }
                    runLog.WriteLine(line);
                    runLog.Flush();
                }
            };
            SweepResult result;
            try
            {
                if (io.IsTerminal && !pr.GetValue(json))
                {
                    // Runs done of the total, with an ETA, on one line redrawn in place.
                    using var live = new LiveLine(io.Out);
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    string of = shard is null ? "" : $" of shard {shard}";
                    live.Update($"0/{total} runs{of}…");
                    result = Comparison.Run(settings, r =>
                    {
                        record(r);
                        int n = Interlocked.Increment(ref done);
                        var eta = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * (total - n) / n);
                        lock (live) live.Update($"{n}/{total} runs{of} · {LiveLine.Duration(clock.Elapsed)} · ETA {LiveLine.Duration(eta)}", throttle: n < total);
                    }, io.Cancellation, shard);
                }
                else result = Comparison.Run(settings, r => { record(r); Interlocked.Increment(ref done); }, io.Cancellation, shard);
            }
            finally { runLog?.Dispose(); }
            var (runs, rows, seconds, interrupted) = (result.Runs, result.Rows, result.Seconds, result.Interrupted);
            if (interrupted && runs.Count == 0) return io.Fail(Cli.Interrupted, "interrupted before any run finished; nothing measured.");
            if (shard is { } sk)
            {
                ComparisonShards.Finish(dir, settings, sk, result);
                if (interrupted) return io.Fail(Cli.Interrupted, $"interrupted: shard {sk} has {runs.Count} of its {total} runs in {Path.GetFullPath(dir)}; --merge refuses it until it is rerun.");
                if (pr.GetValue(json)) { io.Out.Write(File.ReadAllText(Path.Combine(dir, ComparisonShards.ShardFile))); return Cli.Ok; }
                Terminal.For(io).WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Shard {sk}: {runs.Count} of the grid's {gridSize} runs in {seconds:0.0} s on {settings.Parallelism} threads. Written to {Path.GetFullPath(dir)}. When every shard has ended: actlab compare --merge {sweepDir}"));
                return Cli.Ok;
            }
            var recommendations = Comparison.Recommend(rows);
            WriteFiles(dir, settings, runs, rows, seconds, recommendations, null);
            if (pr.GetValue(report) is { } reportPath) CopyReport(dir, reportPath);
            if (interrupted) return io.Fail(Cli.Interrupted, $"interrupted: the {runs.Count} of {total} runs that finished are written to {Path.GetFullPath(dir)}.");
            return Finish(io, pr.GetValue(json), dir, rows, recommendations, string.Create(CultureInfo.InvariantCulture, $"{runs.Count} runs in {seconds:0.0} s on {settings.Parallelism} threads"));
        });
        return cmd;
    }

    // The same markdown, with image links rewritten relative to the report's own folder.
    private static void CopyReport(string dir, string reportPath)
    {
        string rel = Path.GetRelativePath(Path.GetDirectoryName(Path.GetFullPath(reportPath))!, Path.GetFullPath(dir)).Replace('\\', '/');
        string text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(Path.Combine(dir, "report.md")), @"\]\(([^)/]+\.png)\)", m => $"]({rel}/{m.Groups[1].Value})");
        AtomicFile.Write(reportPath, text);
    }

    private static int Finish(Io io, bool json, string dir, IReadOnlyList<CompareRow> rows, IReadOnlyList<string> recommendations, string ran)
    {
        if (json) { io.Out.Write(File.ReadAllText(Path.Combine(dir, "compare.json"))); return Cli.Ok; }
        PrintTable(io, rows);
        var console = Terminal.For(io); // wraps at the width, between words
        foreach (var line in recommendations) console.WriteLine(line);
        console.WriteLine($"{ran}. Written to {Path.GetFullPath(dir)} (report.md, compare.json, compare.csv, runs.jsonl, pictures).");
        return Cli.Ok;
    }

    private static readonly string[] Outputs = ["compare.json", "compare.csv", "report.md", ComparisonShards.RunsFile];

    private static int Merge(Io io, ParseResult pr, string[] paths, string? outDir, bool force, string? reportPath, bool json)
    {
        var folders = ComparisonShards.Expand(paths);
        var merged = ComparisonShards.Merge(folders);
        // By default the report goes beside the shards: `--merge sweep` writes sweep/report.md.
        string dir = outDir ?? (paths.Length == 1 && !File.Exists(Path.Combine(paths[0], ComparisonShards.ShardFile)) ? paths[0] : "compare");
        if (File.Exists(dir)) throw new UsageException($"--out '{dir}' is a file, not a folder.");
        if (!force && Outputs.Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists) is { } existing)
            throw new UsageException($"--out '{dir}' already holds {Path.GetFileName(existing)}; choose a new folder or add --force to overwrite.");
        if (reportPath is not null && File.Exists(reportPath) && !force)
            throw new UsageException($"--report '{reportPath}' exists; add --force to overwrite it.");
        var widths = merged.Shards.Select(s => s.VectorBits).Distinct().ToList();
        if (widths.Count > 1)
            io.Err.WriteLine($"note: the shards ran at different SIMD widths ({string.Join(", ", widths)} bits); activations may differ in the last bits from a run on one machine.");
        var runs = merged.Runs;
        var rows = Comparison.Rows(runs);
        var recommendations = Comparison.Recommend(rows);
        Directory.CreateDirectory(dir);
        AtomicFile.Write(Path.Combine(dir, ComparisonShards.RunsFile), string.Concat(runs.Select(r => ComparisonShards.RunLine(r) + "\n")));
        double seconds = merged.Shards.Sum(s => s.Seconds);
        WriteFiles(dir, merged.Settings, runs, rows, seconds, recommendations, merged.Shards);
        if (reportPath is not null) CopyReport(dir, reportPath);
        return Finish(io, json, dir, rows, recommendations, $"{runs.Count} runs merged from {ComparisonShards.Describe(merged.Shards)}");
    }

    private static string F(Stat s, string format) => double.IsNaN(s.Mean) ? "—" : $"{s.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {s.Std.ToString(format, CultureInfo.InvariantCulture)}";

    private static void PrintTable(Io io, IReadOnlyList<CompareRow> rows)
    {
        // At 80 columns the accuracy, the speed to 90% and the gradient profile stay; compare.csv has every column.
        var t = new FittedTable().Add("data", 0).Add("activation", 0).Add("val acc", 5, align: Justify.Right).Add("test acc", 1, align: Justify.Right)
            .Add("train loss", 6, align: Justify.Right).Add("epochs to 90%", 3, align: Justify.Right).Add("s to 90%", 8, align: Justify.Right)
            .Add("ms/epoch", 9, align: Justify.Right).Add("‖δ‖ first/last", 2, align: Justify.Right).Add("dead", 4, align: Justify.Right).Add("mean act", 7, align: Justify.Right);
        foreach (var r in rows)
            t.Row(r.Dataset, r.Activation, F(r.ValidationAccuracy, "0.000"), F(r.TestAccuracy, "0.000"), F(r.TrainLoss, "0.0000"),
                r.ReachedTarget == 0 ? "never" : $"{F(r.EpochsToTarget, "0")} ({r.ReachedTarget}/{r.Runs})", r.ReachedTarget == 0 ? "—" : r.SecondsToTarget.Mean.ToString("0.###", CultureInfo.InvariantCulture), F(new Stat(r.SecondsPerEpoch.Mean * 1000, r.SecondsPerEpoch.Std * 1000), "0.0"),
                r.FirstOverLast.Mean.ToString("G3", CultureInfo.InvariantCulture), r.DeadFraction.Mean.ToString("P0", CultureInfo.InvariantCulture), r.MeanActivation.Mean.ToString("0.###", CultureInfo.InvariantCulture));
        t.Write(Terminal.For(io), "compare.csv and --json have every column");
    }

    private static void WriteFiles(string dir, CompareSettings s, IReadOnlyList<RunOutcome> runs, IReadOnlyList<CompareRow> rows, double seconds, IReadOnlyList<string> recommendations,
        IReadOnlyList<ShardInfo>? shards)
    {
        var inv = CultureInfo.InvariantCulture;
        // One convention with the run files: camelCase, initialisers by name, non-finite numbers as null.
        var settings = JsonSerializer.SerializeToNode(s, RunSchema.Json)!.AsObject();
        settings["init"] = ActLab.Core.Model.Initializers.Name(s.Init);
        var json = new JsonObject
        {
            ["settings"] = settings,
            ["seconds"] = seconds,
            ["rows"] = new JsonArray([.. rows.Select(r => JsonSerializer.SerializeToNode(r, RunSchema.Json))]),
            ["recommendations"] = new JsonArray([.. recommendations.Select(l => (JsonNode?)l)]),
            ["actlabVersion"] = RunSchema.ActLabVersion,
        };
        if (shards is not null)
            json["shards"] = new JsonArray([.. shards.Select(x => (JsonNode)new JsonObject { ["shard"] = x.Shard.ToString(), ["folder"] = Path.GetFullPath(x.Folder), ["seconds"] = x.Seconds, ["host"] = x.Host, ["vectorBits"] = x.VectorBits })]);
        AtomicFile.Write(Path.Combine(dir, "compare.json"), json.ToJsonString(RunSchema.Json) + "\n");
        var csv = new StringBuilder("dataset,activation,val_acc_mean,val_acc_std,test_acc_mean,test_acc_std,train_loss_mean,epochs_to_target_mean,reached_target,runs,ms_per_epoch,grad_first_over_last,dead_fraction,mean_activation\n");
        foreach (var r in rows)
            csv.Append(inv, $"{r.Dataset},{r.Activation},{r.ValidationAccuracy.Mean:R},{r.ValidationAccuracy.Std:R},{r.TestAccuracy.Mean:R},{r.TestAccuracy.Std:R},{r.TrainLoss.Mean:R},{r.EpochsToTarget.Mean:R},{r.ReachedTarget},{r.Runs},{r.SecondsPerEpoch.Mean * 1000:R},{r.FirstOverLast.Mean:R},{r.DeadFraction.Mean:R},{r.MeanActivation.Mean:R}\n");
        AtomicFile.Write(Path.Combine(dir, "compare.csv"), csv.ToString());
        var md = new StringBuilder();
        md.Append("# Activation study\n\nGenerated by `actlab compare` (do not edit by hand). Settings: ")
          .Append(inv, $"{(s.Hidden is { } h ? $"hidden layers of {string.Join(", ", h)}" : $"{s.Depth} hidden layers of {s.Width}")}, Adam lr {s.LearningRate}, {s.Epochs} epochs, batch {s.BatchSize}, init {s.Init}, {s.Seeds} seeds, ")
          .Append(s.Hidden is not null && s.DataPath is null ? "the official training/test split with a tenth of the training images for validation; " : "a 70/15/15 split; ")
          .Append(inv, $"{runs.Count} runs {(shards is null ? $"in {seconds:0.0} s on {s.Parallelism} threads" : $"merged from {ComparisonShards.Describe(shards)}")}. Every activation sees the same data, split and initial-weight stream at a given seed.\n\n");
        md.Append("## Recommendations (derived from the numbers below)\n\n");
        foreach (var l in recommendations) md.Append("- ").Append(l).Append('\n');
        foreach (var g in rows.GroupBy(r => r.Dataset))
        {
            md.Append($"\n## {g.Key}\n\n| activation | validation accuracy | test accuracy | train loss | epochs to {s.TargetAccuracy:P0} | seconds to {s.TargetAccuracy:P0} | ms/epoch | ‖δ‖ first/last hidden (init) | dead units | mean activation |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var r in g)
                md.Append(inv, $"| `{r.Activation}` | {F(r.ValidationAccuracy, "0.000")} | {F(r.TestAccuracy, "0.000")} | {F(r.TrainLoss, "0.0000")} | {(r.ReachedTarget == 0 ? "never" : $"{F(r.EpochsToTarget, "0")} ({r.ReachedTarget}/{r.Runs})")} | {(r.ReachedTarget == 0 ? "—" : r.SecondsToTarget.Mean.ToString("0.###", inv))} | {r.SecondsPerEpoch.Mean * 1000:0.0} | {r.FirstOverLast.Mean:G3} | {r.DeadFraction.Mean:P0} | {r.MeanActivation.Mean:0.###} |\n");
            string curves = $"{g.Key}-curves.png", profiles = $"{g.Key}-gradient-profile.png";
            ChartFile.Save(CompareCharts.Curves(g.Key, runs), Path.Combine(dir, curves), 900, 500);
            ChartFile.Save(CompareCharts.Profiles(g.Key, rows), Path.Combine(dir, profiles), 900, 500);
            md.Append($"\n![{g.Key}: learning curves]({curves})\n![{g.Key}: gradient profile]({profiles})\n");
        }
        string first = rows[0].Dataset;
        md.Append($"\n## Activation histograms per hidden layer ({first}, seed 0, after training)\n\n");
        foreach (var run in runs.Where(r => r.Dataset == first && r.Seed == 0))
        {
            string name = $"{first}-{run.Activation.Replace(':', '_').Replace('=', '-').Replace(',', '_')}-histograms.png";
            ChartFile.Save(CompareCharts.Histograms(run), Path.Combine(dir, name), 900, Math.Min(10_000, 110 + 160 * run.FinalActivations.Count));
            md.Append($"![{run.Activation}]({name})\n");
        }
        AtomicFile.Write(Path.Combine(dir, "report.md"), md.ToString());
    }
}
