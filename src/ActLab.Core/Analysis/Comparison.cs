using System.Diagnostics;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels;
using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Random;

namespace ActLab.Core.Analysis;

/// <summary>What <c>actlab compare</c> sweeps.</summary>
public sealed record CompareSettings
{
    /// <summary>Hidden activation specs.</summary>
    public IReadOnlyList<string> Activations { get; init; } = ["sigmoid", "tanh", "relu", "leaky-relu", "prelu", "elu", "gelu", "silu", "mish", "selu"];
    /// <summary>Generated data sets (gaussians, circle, xor, gauss, spiral, moons, blobs), or a CSV path in <see cref="DataPath"/>.</summary>
    public IReadOnlyList<string> Datasets { get; init; } = ["spiral", "circle", "xor", "gaussians"];
    /// <summary>A CSV file to use instead of the generated sets.</summary>
    public string? DataPath { get; init; }
    /// <summary>The label column of <see cref="DataPath"/> (default: as <c>train</c> finds it).</summary>
    public string? Label { get; init; }
    /// <summary>Standardise features with each run's training split (as <c>train --standardize</c>).</summary>
    public bool Standardize { get; init; }
    /// <summary>Hidden layers.</summary>
    public int Depth { get; init; } = 8;
    /// <summary>Units per hidden layer.</summary>
    public int Width { get; init; } = 32;
    /// <summary>Hidden layer widths, overriding <see cref="Depth"/> × <see cref="Width"/> (an image data set's default: 256, 128).</summary>
    public int[]? Hidden { get; init; }
    /// <summary>Rows of the training split the gradient profile and the activation histograms are measured on.</summary>
    public int InspectRows { get; init; } = 2000;
    /// <summary>Seeds per (activation, data set).</summary>
    public int Seeds { get; init; } = 3;
    /// <summary>Epochs per run.</summary>
    public int Epochs { get; init; } = 60;
    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; } = 3e-3;
    /// <summary>Batch size.</summary>
    public int BatchSize { get; init; } = 32;
    /// <summary>Weight initialiser (He normal keeps ReLU nets' signal; PyTorch's default is the other common choice).</summary>
    public Initializer Init { get; init; } = Initializer.PyTorch;
    /// <summary>Validation accuracy whose first epoch is reported.</summary>
    public double TargetAccuracy { get; init; } = 0.9;
    /// <summary>Examples per generated data set.</summary>
    public int Samples { get; init; } = 500;
    /// <summary>Parallel runs (default: cores).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>One training run of the sweep. <see cref="FinalActivations"/> (the hidden layers' outputs after training,
/// for histograms) is kept only for seed 0 of the first data set (<see cref="Comparison.KeepsActivations"/>), so the
/// results of a sweep grow by a few numbers per epoch per run, not by its data.</summary>
public sealed record RunOutcome(string Activation, string Dataset, ulong Seed, double[] TrainLoss, double[] ValidationAccuracy,
    double TestAccuracy, double TestLoss, int EpochsToTarget, double SecondsPerEpoch, double[] InitGradientProfile, double DeadFraction,
    double MeanActivation, IReadOnlyList<float[]> FinalActivations, bool Diverged)
{
    /// <summary>The run's index in <see cref="Comparison.Grid"/> (-1 when not from a sweep).</summary>
    public int Job { get; init; } = -1;
}

/// <summary>What <see cref="Comparison.Run"/> measured: the finished runs in grid order, the report's rows, the wall
/// time, whether it was interrupted, and the rows of each data set it loaded.</summary>
public sealed record SweepResult(IReadOnlyList<RunOutcome> Runs, IReadOnlyList<CompareRow> Rows, double Seconds, bool Interrupted,
    IReadOnlyDictionary<string, int> DataRows);

/// <summary>Mean ± standard deviation over seeds.</summary>
public readonly record struct Stat(double Mean, double Std)
{
    /// <summary>Of a sample (NaNs ignored; NaN if none).</summary>
    public static Stat Of(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return new Stat(double.NaN, double.NaN);
        double m = v.Average();
        return new Stat(m, v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1)) : 0);
    }
}

/// <summary>Per (data set, activation): the aggregates the report shows.</summary>
public sealed record CompareRow(string Dataset, string Activation, Stat TrainLoss, Stat ValidationAccuracy, Stat TestAccuracy, Stat TestLoss,
    Stat EpochsToTarget, Stat SecondsToTarget, int ReachedTarget, int Runs, Stat SecondsPerEpoch, double[] InitGradientProfile, Stat FirstOverLast, Stat DeadFraction, Stat MeanActivation);

/// <summary>The sweep behind <c>actlab compare</c>: the same architecture, data, split, seed stream and optimizer for
/// every activation, so that only the activation differs.</summary>
public static class Comparison
{
    /// <summary>The sweep's grid in its fixed order: data set, then activation, then seed. A run's index in this list is
    /// its job number, which <see cref="Shard"/> splits on and <see cref="ComparisonShards.Merge"/> puts back in order.
    /// Computed from the index, not stored; a grid too large to hold results for is refused by <see cref="Run"/>.</summary>
    public static IReadOnlyList<(string Dataset, string Activation, ulong Seed)> Grid(CompareSettings s)
    {
        long size = GridSize(s);
        if (size > int.MaxValue) throw Localization.Texts.Error("seeds", s.Seeds, "error.compare.gridSize", size, int.MaxValue);
        return new GridList(s.DataPath is not null ? [DataName(s.DataPath)] : s.Datasets, s.Activations, s.Seeds);
    }

    /// <summary>The number of runs of the grid (validates the settings first).</summary>
    public static long GridSize(CompareSettings s)
    {
        Validate(s);
        return (long)(s.DataPath is not null ? 1 : s.Datasets.Count) * s.Activations.Count * s.Seeds;
    }

    private sealed class GridList(IReadOnlyList<string> datasets, IReadOnlyList<string> activations, int seeds) : IReadOnlyList<(string Dataset, string Activation, ulong Seed)>
    {
        public int Count { get; } = datasets.Count * activations.Count * seeds;
        public (string Dataset, string Activation, ulong Seed) this[int j] =>
            (uint)j < (uint)Count ? (datasets[j / (activations.Count * seeds)], activations[j / seeds % activations.Count], (ulong)(j % seeds)) : throw new ArgumentOutOfRangeException(nameof(j));
        public IEnumerator<(string Dataset, string Activation, ulong Seed)> GetEnumerator()
        {
            for (int j = 0; j < Count; j++) yield return this[j];
        }
        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>The name a CSV file's rows carry in the results: its file name without the extension.</summary>
    public static string DataName(string path) => Path.GetFileNameWithoutExtension(path);

    /// <summary>Runs every (activation, data set, seed) of the grid, or of one <paramref name="shard"/> of it, in
    /// parallel; <paramref name="onRunDone"/> is called after each (from any thread). Only the data sets the runs need
    /// are loaded. When <paramref name="cancellation"/> fires, runs not yet started are skipped and the runs that
    /// finished are kept (a run cut short is dropped): <c>Interrupted</c> is then true.</summary>
    public static SweepResult Run(CompareSettings s, Action<RunOutcome>? onRunDone = null, CancellationToken cancellation = default, Shard? shard = null)
    {
        // Refuse a sweep whose results cannot fit before anything is built: a finished run keeps its curves and a few
        // numbers; the hidden activations (for histograms) only seed 0 of the grid's first data set keeps.
        long gridSize = GridSize(s), jobCount = shard?.Jobs(gridSize) ?? gridSize;
        int[] hidden = s.Hidden ?? [.. Enumerable.Repeat(s.Width, s.Depth)];
        long perRun = 16L * s.Epochs + 8L * s.Depth + 512;
        long kept = 4L * s.InspectRows * hidden.Sum() * s.Activations.Count;
        long need = perRun * jobCount + kept, available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (need > available * 6 / 10)
            throw Localization.Texts.Error("seeds", s.Seeds, "error.compare.memory", jobCount, need / 1e9, available / 1e9);
        var grid = Grid(s);
        int[] jobs = [.. Enumerable.Range(0, grid.Count).Where(j => shard?.Holds(j) ?? true)];
        var needed = jobs.Select(j => grid[j].Dataset).Distinct().ToList();
        var images = s.DataPath is not null ? [] : needed.Where(ImageDatasets.Recognizes).ToDictionary(d => d, d => ImageDatasets.Load(d));
        var tables = s.DataPath is not null
            ? needed.ToDictionary(d => d, _ => CsvTable.Read(s.DataPath, s.Label))
            : needed.ToDictionary(d => d, d => images.TryGetValue(d, out var im) ? im.Data
                : FromTable(d == "gaussians" ? Generators.Gaussians(s.Samples / 2, 2.0, 42) : PlaygroundGenerators.Generate(d, s.Samples, 0.1, 42)));
        string first = grid[0].Dataset;
        var results = new RunOutcome[jobs.Length];
        var sw = Stopwatch.StartNew();
        Parallel.For(0, jobs.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, s.Parallelism) }, i =>
        {
            if (cancellation.IsCancellationRequested) return;
            int j = jobs[i];
            var (d, a, seed) = grid[j];
            var outcome = One(s, a, d, tables[d], images.TryGetValue(d, out var im) ? im.TrainCount : null, hidden, seed, KeepsActivations(d == first, seed), cancellation) with { Job = j };
            if (cancellation.IsCancellationRequested) return;
            results[i] = outcome;
            onRunDone?.Invoke(outcome);
        });
        double seconds = sw.Elapsed.TotalSeconds;
        var done = results.Where(r => r is not null).ToArray();
        return new SweepResult(done, Rows(done), seconds, done.Length < results.Length, tables.ToDictionary(t => t.Key, t => t.Value.Count));
    }

    /// <summary>The report's rows: one per (data set, activation), in the order the runs first name them (the grid's order).</summary>
    public static IReadOnlyList<CompareRow> Rows(IReadOnlyList<RunOutcome> runs) =>
        [.. runs.GroupBy(r => (r.Dataset, r.Activation)).Select(g => Aggregate(g.Key.Dataset, g.Key.Activation, [.. g]))];

    /// <summary>Whether a run keeps its final hidden activations: seed 0 of the first data set (the report's histograms).</summary>
    public static bool KeepsActivations(bool firstDataset, ulong seed) => firstDataset && seed == 0;

    private static void Validate(CompareSettings s)
    {
        if (s.Activations.Count == 0) throw ActLab.Core.Localization.Texts.Error("activations", "", "error.compare.noActivations");
        foreach (var a in s.Activations)
        {
            var act = Catalogue.Resolve(a);
            if (act.Info.Kind != ActivationKind.Elementwise) throw ActLab.Core.Localization.Texts.Error("activations", a, "error.compare.vector", a);
        }
        if (s.Activations.GroupBy(a => a).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw ActLab.Core.Localization.Texts.Error("activations", twice.Key, "error.compare.activationTwice", twice.Key);
        if (s.DataPath is null && s.Datasets.Count == 0) throw ActLab.Core.Localization.Texts.Error("datasets", "", "error.compare.noDatasets");
        if (s.DataPath is null && s.Datasets.GroupBy(d => d).FirstOrDefault(g => g.Count() > 1) is { } again)
            throw ActLab.Core.Localization.Texts.Error("datasets", again.Key, "error.compare.datasetTwice", again.Key);
        if (s.Depth < 1) throw ActLab.Core.Localization.Texts.Error("depth", s.Depth, "error.compare.depth", s.Depth);
        if (s.Width < 1) throw ActLab.Core.Localization.Texts.Error("width", s.Width, "error.compare.width", s.Width);
        if (s.Seeds < 1) throw ActLab.Core.Localization.Texts.Error("seeds", s.Seeds, "error.compare.seeds", s.Seeds);
        if (s.Epochs < 1) throw ActLab.Core.Localization.Texts.Error("epochs", s.Epochs, "error.train.epochs", s.Epochs);
        if (!(s.LearningRate > 0)) throw ActLab.Core.Localization.Texts.Error("learningRate", s.LearningRate, "error.compare.lr", s.LearningRate);
        foreach (var d in s.DataPath is null ? s.Datasets : [])
            if (d != "gaussians" && !PlaygroundGenerators.Names.Contains(d) && !ImageDatasets.Recognizes(d))
                throw ActLab.Core.Localization.Texts.Error("datasets", d, "error.compare.unknownDataset", d, string.Join(", ", PlaygroundGenerators.Names), string.Join(", ", ImageDatasets.Packages.Keys));
    }

    private static Dataset FromTable(Table t) => new()
    {
        FeatureNames = t.FeatureNames, LabelName = t.LabelName, Features = [.. t.Rows.Select(r => r.Select(v => (float)v).ToArray())],
        Targets = [.. t.Labels.Select(l => (float)l)], Classes = [.. t.Labels.Distinct().Order().Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture))],
    };

    // trainCount: an image data set's official training images (the rest are its test images).
    private static RunOutcome One(CompareSettings s, string activation, string dataset, Dataset data, int? trainCount, int[] hidden, ulong seed, bool keepActivations, CancellationToken cancellation)
    {
        if (!data.IsRegression && data.Classes.Length < 2) throw ActLab.Core.Localization.Texts.Error("data", dataset, "error.compare.oneClass", dataset);
        int classes = Math.Max(2, data.Classes.Length);
        bool binary = classes == 2;
        // The same split for every activation at this seed: 70/15/15, or an image data set's official test images
        // with a tenth of its training images for validation.
        var parts = trainCount is int tc ? ImageDatasets.Partition(tc, data.Count - tc, tc / 10, 1000 + seed)
            : Split.Random(data.Count, Split.Sizes(data.Count, [0.7, 0.15, 0.15]), 1000 + seed);
        var definition = ModelDefinition.Mlp(data.FeatureNames.Length, hidden, Catalogue.Resolve(activation), binary ? 1 : classes);
        var model = definition.Build(2000 + seed, s.Init); // the same initial-weight stream for every activation at this seed
        model.Parallelism = 1; // runs are parallel already
        Loss loss = binary ? new BceWithLogitsLoss() : new CrossEntropyLoss();
        // Standardised as the loaders batch, not as a copy of the data set per activation run.
        (float[] Mean, float[] Std)? st = s.Standardize ? Standardization.Fit(data.Features, parts[0]) : null;
        var train = new DataLoader(data.Features, data.Targets, parts[0], s.BatchSize, true, false, 4000 + seed, binary, st);
        var val = new DataLoader(data.Features, data.Targets, parts[1], 64, false, false, 0, binary, st);
        var test = new DataLoader(data.Features, data.Targets, parts[2], 64, false, false, 0, binary, st);

        // Gradient profile at initialisation: ‖δ‖ per hidden layer on the training split.
        var (xi, yi) = Whole(data, [.. parts[0].Take(s.InspectRows)], binary, st); // a sample: the first rows of the (shuffled) training split
        var stats = LayerInspector.Inspect(model, binary ? new BceWithLogitsLoss() : new CrossEntropyLoss(), xi, yi, s.LearningRate);
        double[] profile = [.. stats.Where(l => !l.IsOutput).Select(l => l.BiasGradNorm)];

        var trainer = new Trainer(model, loss, new Adam(model.Parameters, s.LearningRate));
        var sw = Stopwatch.StartNew();
        var fit = trainer.Fit(train, val, new FitOptions { Epochs = s.Epochs }, cancellation: cancellation);
        var tl = fit.History.Select(r => r.TrainLoss).ToList();
        var va = fit.History.Select(r => r.ValidationAccuracy).ToList();
        int toTarget = fit.History.FirstOrDefault(r => r.ValidationAccuracy >= s.TargetAccuracy).Epoch is int t && t > 0 ? t : -1;
        bool diverged = fit.Status == RunStatus.Diverged;
        double perEpoch = sw.Elapsed.TotalSeconds / Math.Max(1, tl.Count);
        var (testLoss, testAcc) = trainer.Evaluate(test);
        var end = LayerInspector.Inspect(model, binary ? new BceWithLogitsLoss() : new CrossEntropyLoss(), xi, yi, s.LearningRate).Where(l => !l.IsOutput).ToList();
        // Final activations per hidden layer, for histograms.
        var acts = new List<float[]>();
        var a = xi;
        if (keepActivations)
            foreach (var layer in model.Layers)
            {
                a = layer.Forward(a, false);
                if (layer is ActivationLayer && acts.Count < hidden.Length) acts.Add((float[])a.Data.Clone());
            }
        return new RunOutcome(activation, dataset, seed, [.. tl], [.. va], testAcc, testLoss, toTarget, perEpoch, profile,
            end.Count == 0 ? 0 : end.Average(l => l.DeadFraction), end.Count == 0 ? 0 : end.Average(l => l.ActMean), acts, diverged);
    }


    private static (Tensor X, Tensor Y) Whole(Dataset data, int[] rows, bool column, (float[] Mean, float[] Std)? standardize)
    {
        int d = data.FeatureNames.Length;
        var x = new Tensor(rows.Length, d);
        var y = column ? new Tensor(rows.Length, 1) : new Tensor(rows.Length);
        for (int i = 0; i < rows.Length; i++)
        {
            data.Features[rows[i]].CopyTo(x.Data, i * d);
            if (standardize is { } st) Standardization.ApplyInPlace(x.Data.AsSpan(i * d, d), st.Mean, st.Std);
            y.Data[i] = data.Targets[rows[i]];
        }
        return (x, y);
    }

    private static CompareRow Aggregate(string dataset, string activation, RunOutcome[] runs)
    {
        int depth = runs.Min(r => r.InitGradientProfile.Length);
        double[] profile = [.. Enumerable.Range(0, depth).Select(i => Stat.Of(runs.Select(r => r.InitGradientProfile[i])).Mean)];
        return new CompareRow(dataset, activation,
            Stat.Of(runs.Select(r => r.TrainLoss.Length > 0 ? r.TrainLoss[^1] : double.NaN)),
            Stat.Of(runs.Select(r => r.ValidationAccuracy.Length > 0 ? r.ValidationAccuracy[^1] : double.NaN)),
            Stat.Of(runs.Select(r => r.TestAccuracy)), Stat.Of(runs.Select(r => r.TestLoss)),
            Stat.Of(runs.Where(r => r.EpochsToTarget > 0).Select(r => (double)r.EpochsToTarget)),
            Stat.Of(runs.Where(r => r.EpochsToTarget > 0).Select(r => r.EpochsToTarget * r.SecondsPerEpoch)), runs.Count(r => r.EpochsToTarget > 0), runs.Length,
            Stat.Of(runs.Select(r => r.SecondsPerEpoch)), profile,
            Stat.Of(runs.Select(r => r.InitGradientProfile.Length > 1 && r.InitGradientProfile[^1] > 0 ? r.InitGradientProfile[0] / r.InitGradientProfile[^1] : double.NaN)),
            Stat.Of(runs.Select(r => r.DeadFraction)), Stat.Of(runs.Select(r => r.MeanActivation)));
    }

    /// <summary>Recommendations derived from the measured rows (not fixed prose). Deterministic: the best activation
    /// is the highest mean validation accuracy (to 3 decimals), ties broken by the smaller spread over seeds, then by
    /// the order the activations were given in; never by wall time.</summary>
    /// <param name="rows">The measured rows.</param>
    /// <param name="texts">The language of the lines (default: English, the language of compare.json).</param>
    public static IReadOnlyList<string> Recommend(IReadOnlyList<CompareRow> rows, Localization.Texts? texts = null) =>
        [.. Recommendations(rows).Select((texts ?? Localization.Texts.English).Format)];

    /// <summary>The same recommendations as catalogue texts (keys <c>compare.rec.*</c>), to word in any language.</summary>
    public static IReadOnlyList<TextKey> Recommendations(IReadOnlyList<CompareRow> rows)
    {
        var lines = new List<TextKey>();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var order = rows.Select(r => r.Activation).Distinct().ToList();
        foreach (var g in rows.GroupBy(r => r.Dataset))
        {
            var best = g.OrderByDescending(r => Math.Round(r.ValidationAccuracy.Mean, 3)).ThenBy(r => r.ValidationAccuracy.Std).ThenBy(r => order.IndexOf(r.Activation)).First();
            lines.Add(new("compare.rec.best", g.Key, best.Activation, best.ValidationAccuracy.Mean.ToString("0.000", inv), best.ValidationAccuracy.Std.ToString("0.000", inv)));
        }
        var vanishing = rows.Where(r => r.FirstOverLast.Mean < 0.1).Select(r => r.Activation).Distinct().ToList();
        var dead = rows.Where(r => r.DeadFraction.Mean > 0.1).Select(r => r.Activation).Distinct().ToList();
        lines.Add(vanishing.Count > 0 ? new("compare.rec.vanishing", string.Join(", ", vanishing)) : new("compare.rec.noVanishing"));
        if (vanishing.Count > 1 && 2 * vanishing.Count > order.Count)
            lines.Add(new(vanishing.Count == order.Count ? "compare.rec.initEvery" : "compare.rec.initNearlyEvery"));
        lines.Add(dead.Count > 0 ? new("compare.rec.dead", string.Join(", ", dead)) : new("compare.rec.noDead"));
        lines.Add(new("compare.rec.outputs"));
        return lines;
    }
}
