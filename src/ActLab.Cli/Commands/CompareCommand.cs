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
                if (Given(shardOpt)) throw UsageException.Of("error.compare.mergeShard");
                if (sweepOptions.FirstOrDefault(Given) is { } o)
                    throw UsageException.Of("error.compare.mergeSettings", o.Name);
                return Merge(io, pr, shardDirs, Given(outDir) ? pr.GetValue(outDir)! : null, pr.GetValue(force), pr.GetValue(report), pr.GetValue(json));
            }
            Shard? shard = pr.GetValue(shardOpt) is { } sh ? Shard.Parse(sh) : null;
            if (shard is not null && pr.GetValue(report) is not null)
                throw UsageException.Of("error.compare.reportShard");
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
                throw UsageException.Of("error.compare.labelGenerated");
            int imageSets = settings.DataPath is null ? settings.Datasets.Count(ImageDatasets.Recognizes) : 0;
            if (imageSets > 0 && imageSets < settings.Datasets.Count)
                throw UsageException.Of("error.compare.mixedSets");
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
            if (File.Exists(sweepDir)) throw UsageException.Of("error.out.isFile", sweepDir);
            // A shard writes into its own folder under --out, so every shard of a job array can be given the same --out.
            string dir = shard is { } s0 ? Path.Combine(sweepDir, s0.FolderName) : sweepDir;
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !pr.GetValue(force))
                throw UsageException.Of("error.out.holdsFiles", dir);
            if (pr.GetValue(report) is { } r0 && File.Exists(r0) && !pr.GetValue(force))
                throw UsageException.Of("error.compare.reportExists", r0);
            long gridSize = Comparison.GridSize(settings);
            long total = shard?.Jobs(gridSize) ?? gridSize;
            if (total == 0) throw UsageException.Of("error.compare.shardEmpty", shard, gridSize, shard, gridSize);
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
                    string of = shard is null ? "" : io.Texts.Format("compare.ofShard", shard);
                    live.Update(io.Texts.Format("compare.progressStart", total, of));
                    result = Comparison.Run(settings, r =>
                    {
                        record(r);
                        int n = Interlocked.Increment(ref done);
                        var eta = TimeSpan.FromSeconds(clock.Elapsed.TotalSeconds * (total - n) / n);
                        lock (live) live.Update(io.Texts.Format("compare.progress", n, total, of, LiveLine.Duration(clock.Elapsed), LiveLine.Duration(eta)), throttle: n < total);
                    }, io.Cancellation, shard);
                }
                else result = Comparison.Run(settings, r => { record(r); Interlocked.Increment(ref done); }, io.Cancellation, shard);
            }
            finally { runLog?.Dispose(); }
            var (runs, rows, seconds, interrupted) = (result.Runs, result.Rows, result.Seconds, result.Interrupted);
            var tx = io.Texts;
            if (interrupted && runs.Count == 0) return io.Fail(Cli.Interrupted, tx["compare.interruptedNothing"]);
            if (shard is { } sk)
            {
                ComparisonShards.Finish(dir, settings, sk, result);
                if (interrupted) return io.Fail(Cli.Interrupted, tx.Format("compare.interruptedShard", sk, runs.Count, total, Path.GetFullPath(dir)));
                if (pr.GetValue(json)) { io.Out.Write(File.ReadAllText(Path.Combine(dir, ComparisonShards.ShardFile))); return Cli.Ok; }
                Terminal.For(io).WriteLine(tx.Format("compare.shardDone", sk, runs.Count, gridSize, seconds.ToString("0.0", CultureInfo.InvariantCulture), settings.Parallelism, Path.GetFullPath(dir), sweepDir));
                return Cli.Ok;
            }
            var recommendations = Comparison.Recommendations(rows);
            WriteFiles(dir, settings, runs, rows, seconds, recommendations, null, tx);
            if (pr.GetValue(report) is { } reportPath) CopyReport(dir, reportPath);
            if (interrupted) return io.Fail(Cli.Interrupted, tx.Format("compare.interruptedSome", runs.Count, total, Path.GetFullPath(dir)));
            return Finish(io, pr.GetValue(json), dir, rows, recommendations, tx.Format("compare.ran", runs.Count, seconds.ToString("0.0", CultureInfo.InvariantCulture), settings.Parallelism));
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

    private static int Finish(Io io, bool json, string dir, IReadOnlyList<CompareRow> rows, IReadOnlyList<ActLab.Kernels.TextKey> recommendations, string ran)
    {
        if (json) { io.Out.Write(File.ReadAllText(Path.Combine(dir, "compare.json"))); return Cli.Ok; }
        PrintTable(io, rows);
        var console = Terminal.For(io); // wraps at the width, between words
        foreach (var line in recommendations) console.WriteLine(io.Texts.Format(line));
        console.WriteLine(io.Texts.Format("compare.written", ran, Path.GetFullPath(dir)));
        return Cli.Ok;
    }

    private static readonly string[] Outputs = ["compare.json", "compare.csv", "report.md", ComparisonShards.RunsFile];

    private static int Merge(Io io, ParseResult pr, string[] paths, string? outDir, bool force, string? reportPath, bool json)
    {
        var folders = ComparisonShards.Expand(paths);
        var merged = ComparisonShards.Merge(folders);
        // By default the report goes beside the shards: `--merge sweep` writes sweep/report.md.
        string dir = outDir ?? (paths.Length == 1 && !File.Exists(Path.Combine(paths[0], ComparisonShards.ShardFile)) ? paths[0] : "compare");
        if (File.Exists(dir)) throw UsageException.Of("error.out.isFile", dir);
        if (!force && Outputs.Select(f => Path.Combine(dir, f)).FirstOrDefault(File.Exists) is { } existing)
            throw UsageException.Of("error.out.holdsFile", dir, Path.GetFileName(existing));
        if (reportPath is not null && File.Exists(reportPath) && !force)
            throw UsageException.Of("error.compare.reportExists", reportPath);
        var widths = merged.Shards.Select(s => s.VectorBits).Distinct().ToList();
        if (widths.Count > 1)
            io.Err.WriteLine(io.Texts.Format("compare.simdNote", string.Join(", ", widths)));
        var runs = merged.Runs;
        var rows = Comparison.Rows(runs);
        var recommendations = Comparison.Recommendations(rows);
        Directory.CreateDirectory(dir);
        AtomicFile.Write(Path.Combine(dir, ComparisonShards.RunsFile), string.Concat(runs.Select(r => ComparisonShards.RunLine(r) + "\n")));
        double seconds = merged.Shards.Sum(s => s.Seconds);
        WriteFiles(dir, merged.Settings, runs, rows, seconds, recommendations, merged.Shards, io.Texts);
        if (reportPath is not null) CopyReport(dir, reportPath);
        return Finish(io, json, dir, rows, recommendations, io.Texts.Format("compare.merged", runs.Count, ComparisonShards.Describe(merged.Shards, io.Texts)));
    }

    private static string F(Stat s, string format) => double.IsNaN(s.Mean) ? "—" : $"{s.Mean.ToString(format, CultureInfo.InvariantCulture)} ± {s.Std.ToString(format, CultureInfo.InvariantCulture)}";

    private static void PrintTable(Io io, IReadOnlyList<CompareRow> rows)
    {
        // At 80 columns the accuracy, the speed to 90% and the gradient profile stay; compare.csv has every column.
        var tx = io.Texts;
        var t = new FittedTable().Add(tx["compare.col.data"], 0).Add(tx["compare.col.activation"], 0).Add(tx["compare.col.valAcc"], 5, align: Justify.Right).Add(tx["compare.col.testAcc"], 1, align: Justify.Right)
            .Add(tx["compare.col.trainLoss"], 6, align: Justify.Right).Add(tx["compare.col.epochsTo90"], 3, align: Justify.Right).Add(tx["compare.col.secondsTo90"], 8, align: Justify.Right)
            .Add(tx["compare.col.msPerEpoch"], 9, align: Justify.Right).Add(tx["compare.col.firstOverLast"], 2, align: Justify.Right).Add(tx["compare.col.dead"], 4, align: Justify.Right).Add(tx["compare.col.meanAct"], 7, align: Justify.Right);
        foreach (var r in rows)
            t.Row(r.Dataset, r.Activation, F(r.ValidationAccuracy, "0.000"), F(r.TestAccuracy, "0.000"), F(r.TrainLoss, "0.0000"),
                r.ReachedTarget == 0 ? tx["compare.never"] : $"{F(r.EpochsToTarget, "0")} ({r.ReachedTarget}/{r.Runs})", r.ReachedTarget == 0 ? "—" : r.SecondsToTarget.Mean.ToString("0.###", CultureInfo.InvariantCulture), F(new Stat(r.SecondsPerEpoch.Mean * 1000, r.SecondsPerEpoch.Std * 1000), "0.0"),
                r.FirstOverLast.Mean.ToString("G3", CultureInfo.InvariantCulture), r.DeadFraction.Mean.ToString("P0", CultureInfo.InvariantCulture), r.MeanActivation.Mean.ToString("0.###", CultureInfo.InvariantCulture));
        t.Write(Terminal.For(io), tx["compare.allColumns"], tx);
    }

    private static void WriteFiles(string dir, CompareSettings s, IReadOnlyList<RunOutcome> runs, IReadOnlyList<CompareRow> rows, double seconds, IReadOnlyList<ActLab.Kernels.TextKey> recommendations,
        IReadOnlyList<ShardInfo>? shards, ActLab.Core.Localization.Texts tx)
    {
        var inv = CultureInfo.InvariantCulture;
        var english = ActLab.Core.Localization.Texts.English;
        // One convention with the run files: camelCase, initialisers by name, non-finite numbers as null.
        var settings = JsonSerializer.SerializeToNode(s, RunSchema.Json)!.AsObject();
        settings["init"] = ActLab.Core.Model.Initializers.Name(s.Init);
        var json = new JsonObject
        {
            ["settings"] = settings,
            ["seconds"] = seconds,
            ["rows"] = new JsonArray([.. rows.Select(r => JsonSerializer.SerializeToNode(r, RunSchema.Json))]),
            ["recommendations"] = new JsonArray([.. recommendations.Select(l => (JsonNode?)english.Format(l))]), // JSON stays English
            ["actlabVersion"] = RunSchema.ActLabVersion,
        };
        if (shards is not null)
            json["shards"] = new JsonArray([.. shards.Select(x => (JsonNode)new JsonObject { ["shard"] = x.Shard.ToString(), ["folder"] = Path.GetFullPath(x.Folder), ["seconds"] = x.Seconds, ["host"] = x.Host, ["vectorBits"] = x.VectorBits })]);
        AtomicFile.Write(Path.Combine(dir, "compare.json"), json.ToJsonString(RunSchema.Json) + "\n");
        var csv = new StringBuilder("dataset,activation,val_acc_mean,val_acc_std,test_acc_mean,test_acc_std,train_loss_mean,epochs_to_target_mean,reached_target,runs,ms_per_epoch,grad_first_over_last,dead_fraction,mean_activation\n");
        foreach (var r in rows)
            csv.Append(inv, $"{r.Dataset},{r.Activation},{r.ValidationAccuracy.Mean:R},{r.ValidationAccuracy.Std:R},{r.TestAccuracy.Mean:R},{r.TestAccuracy.Std:R},{r.TrainLoss.Mean:R},{r.EpochsToTarget.Mean:R},{r.ReachedTarget},{r.Runs},{r.SecondsPerEpoch.Mean * 1000:R},{r.FirstOverLast.Mean:R},{r.DeadFraction.Mean:R},{r.MeanActivation.Mean:R}\n");
        AtomicFile.Write(Path.Combine(dir, "compare.csv"), csv.ToString());
        // report.md and its pictures in the user's language (the English report is docs/activation-study.md's).
        var md = new StringBuilder();
        string architecture = s.Hidden is { } h ? tx.Format("compare.md.hiddenSizes", string.Join(", ", h)) : tx.Format("compare.md.depthWidth", s.Depth, s.Width);
        string split = tx[s.Hidden is not null && s.DataPath is null ? "compare.md.officialSplit" : "compare.md.split"];
        string ran = shards is null ? tx.Format("compare.md.ranIn", seconds.ToString("0.0", inv), s.Parallelism) : tx.Format("compare.md.mergedFrom", ComparisonShards.Describe(shards, tx));
        md.Append(tx.Format("compare.md.head", architecture, s.LearningRate.ToString(inv), s.Epochs, s.BatchSize, s.Init, s.Seeds, split, runs.Count, ran)).Append("\n\n");
        md.Append(tx["compare.md.recommendations"]).Append("\n\n");
        foreach (var l in recommendations) md.Append("- ").Append(tx.Format(l)).Append('\n');
        string target = s.TargetAccuracy.ToString("P0", inv);
        foreach (var g in rows.GroupBy(r => r.Dataset))
        {
            md.Append($"\n## {g.Key}\n\n").Append(tx.Format("compare.md.tableHead", target)).Append("\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var r in g)
                md.Append(inv, $"| `{r.Activation}` | {F(r.ValidationAccuracy, "0.000")} | {F(r.TestAccuracy, "0.000")} | {F(r.TrainLoss, "0.0000")} | {(r.ReachedTarget == 0 ? tx["compare.never"] : $"{F(r.EpochsToTarget, "0")} ({r.ReachedTarget}/{r.Runs})")} | {(r.ReachedTarget == 0 ? "—" : r.SecondsToTarget.Mean.ToString("0.###", inv))} | {r.SecondsPerEpoch.Mean * 1000:0.0} | {r.FirstOverLast.Mean:G3} | {r.DeadFraction.Mean:P0} | {r.MeanActivation.Mean:0.###} |\n");
            string curves = $"{g.Key}-curves.png", profiles = $"{g.Key}-gradient-profile.png";
            ChartFile.Save(CompareCharts.Curves(g.Key, runs, tx), Path.Combine(dir, curves), 900, 500);
            ChartFile.Save(CompareCharts.Profiles(g.Key, rows, tx), Path.Combine(dir, profiles), 900, 500);
            md.Append($"\n![{tx.Format("compare.md.curvesAlt", g.Key)}]({curves})\n![{tx.Format("compare.md.profileAlt", g.Key)}]({profiles})\n");
        }
        string first = rows[0].Dataset;
        md.Append("\n").Append(tx.Format("compare.md.histograms", first)).Append("\n\n");
        foreach (var run in runs.Where(r => r.Dataset == first && r.Seed == 0))
        {
            string name = $"{first}-{run.Activation.Replace(':', '_').Replace('=', '-').Replace(',', '_')}-histograms.png";
            ChartFile.Save(CompareCharts.Histograms(run, texts: tx), Path.Combine(dir, name), 900, Math.Min(10_000, 110 + 160 * run.FinalActivations.Count));
            md.Append($"![{run.Activation}]({name})\n");
        }
        AtomicFile.Write(Path.Combine(dir, "report.md"), md.ToString());
    }
}
