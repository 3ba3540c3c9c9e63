using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActLab.Core.Runs;
using ActLab.Core.Serialization;
using ActLab.Kernels;

namespace ActLab.Core.Analysis;

/// <summary>The <see cref="Index"/>-th (from 1) of <see cref="Count"/> disjoint parts of a compare grid. Job j of
/// <see cref="Comparison.Grid"/> belongs to shard (j mod Count) + 1: round robin, so every shard gets a share of
/// each data set and activation and the shards take about the same time.</summary>
public readonly record struct Shard
{
    /// <summary>Creates shard <paramref name="index"/> of <paramref name="count"/> (1 ≤ index ≤ count).</summary>
    public Shard(int index, int count)
    {
        if (count < 1) throw ActLab.Core.Localization.Texts.Error("shard", $"{index}/{count}", "error.shard.count", count);
        if (index < 1 || index > count)
            throw ActLab.Core.Localization.Texts.Error("shard", $"{index}/{count}", "error.shard.index", count, index);
        Index = index;
        Count = count;
    }

    /// <summary>From 1 to <see cref="Count"/>.</summary>
    public int Index { get; }
    /// <summary>How many shards the grid is split into.</summary>
    public int Count { get; }

    /// <summary>Parses "K/N".</summary>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw ActLab.Core.Localization.Texts.Error("shard", text, "error.shard.format", InputException.Show(text));
        return new Shard(k, n);
    }

    /// <summary>Whether job <paramref name="job"/> of the grid is this shard's.</summary>
    public bool Holds(int job) => job % Count == Index - 1;

    /// <summary>The jobs of a grid of <paramref name="jobs"/> runs that are this shard's.</summary>
    public long Jobs(long jobs) => jobs < Index ? 0 : (jobs - Index) / Count + 1;

    /// <summary>The folder a shard writes into, under the sweep's folder: <c>shard-K-of-N</c>.</summary>
    public string FolderName => string.Create(CultureInfo.InvariantCulture, $"shard-{Index}-of-{Count}");

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}

/// <summary>One shard folder as read back: where, which shard, its wall time and the machine it ran on.</summary>
public sealed record ShardInfo(string Folder, Shard Shard, double Seconds, string Host, int VectorBits);

/// <summary>Shards merged: the settings they share, every run in grid order (as an unsharded run returns them), and
/// the shards they came from.</summary>
public sealed record MergedSweep(CompareSettings Settings, IReadOnlyList<RunOutcome> Runs, IReadOnlyList<ShardInfo> Shards);

/// <summary>
/// A sweep split over processes or machines (a Slurm job array, a Kubernetes Indexed Job): each process runs
/// <c>compare --shard K/N</c> and writes a shard folder; <see cref="Merge"/> checks the folders form one whole grid
/// and returns the runs in grid order, so the report is the one an unsharded run writes, bit for bit apart from wall
/// times. A shard folder holds <c>runs.jsonl</c> (one line per finished run, written as it finishes), the kept hidden
/// activations in <c>activations.safetensors</c>, and <c>shard.json</c>, written last: the grid's settings, which
/// shard, how many runs, and whether it was interrupted.
/// </summary>
public static class ComparisonShards
{
    /// <summary>The file a shard writes last; its presence marks a shard that ended.</summary>
    public const string ShardFile = "shard.json";
    /// <summary>One JSON line per finished run.</summary>
    public const string RunsFile = "runs.jsonl";
    /// <summary>The hidden activations kept for the histograms.</summary>
    public const string ActivationsFile = "activations.safetensors";

    private static readonly JsonSerializerOptions OneLine = new(RunSchema.Json) { WriteIndented = false };

    /// <summary>The settings that define a grid: everything but how many runs go in parallel (each run is
    /// single-threaded and seeded, so parallelism never changes a number).</summary>
    public static JsonObject GridSettings(CompareSettings s)
    {
        var node = JsonSerializer.SerializeToNode(s, RunSchema.Json)!.AsObject();
        node.Remove("parallelism");
        return node;
    }

    /// <summary>One run as the JSON line of <c>runs.jsonl</c> (non-finite numbers as null; read back by <see cref="ParseRun"/>).</summary>
    public static string RunLine(RunOutcome r)
    {
        static JsonNode? N(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
        return new JsonObject
        {
            ["job"] = r.Job, ["dataset"] = r.Dataset, ["activation"] = r.Activation, ["seed"] = r.Seed, ["diverged"] = r.Diverged,
            ["testAccuracy"] = N(r.TestAccuracy), ["testLoss"] = N(r.TestLoss), ["epochsToTarget"] = r.EpochsToTarget,
            ["secondsPerEpoch"] = r.SecondsPerEpoch, ["deadFraction"] = N(r.DeadFraction), ["meanActivation"] = N(r.MeanActivation),
            ["initGradientProfile"] = new JsonArray([.. r.InitGradientProfile.Select(N)]),
            ["trainLoss"] = new JsonArray([.. r.TrainLoss.Select(N)]),
            ["validationAccuracy"] = new JsonArray([.. r.ValidationAccuracy.Select(N)]),
        }.ToJsonString(OneLine);
    }

    /// <summary>A line of <c>runs.jsonl</c> back into a run (without its kept activations). Throws
    /// <see cref="InvalidDataException"/> naming <paramref name="where"/> (file:line) for a malformed line.</summary>
    public static RunOutcome ParseRun(string line, string where)
    {
        try
        {
            var o = JsonNode.Parse(line)?.AsObject() ?? throw new InvalidDataException("empty line");
            static double D(JsonNode? n) => n is null ? double.NaN : n.GetValue<double>();
            JsonNode Req(JsonObject o, string name) => o[name] ?? throw new InvalidDataException($"no \"{name}\"");
            double[] Arr(string name) => [.. Req(o, name).AsArray().Select(D)];
            return new RunOutcome(Req(o, "activation").GetValue<string>(), Req(o, "dataset").GetValue<string>(), Req(o, "seed").GetValue<ulong>(),
                Arr("trainLoss"), Arr("validationAccuracy"), D(o["testAccuracy"]), D(o["testLoss"]), Req(o, "epochsToTarget").GetValue<int>(),
                D(o["secondsPerEpoch"]), Arr("initGradientProfile"), D(o["deadFraction"]), D(o["meanActivation"]), [], o["diverged"]?.GetValue<bool>() ?? false)
            { Job = Req(o, "job").GetValue<int>() };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException or InvalidDataException)
        {
            throw new InvalidDataException($"{where}: not a run of a compare sweep ({e.Message.TrimEnd('.')}).");
        }
    }

    /// <summary>Ends a shard folder: the kept activations, then <c>shard.json</c> (written last, atomically).</summary>
    public static void Finish(string folder, CompareSettings s, Shard shard, SweepResult result)
    {
        var kept = result.Runs.Where(r => r.FinalActivations.Count > 0)
            .SelectMany(r => r.FinalActivations.Select((a, i) => new NamedTensor(ActivationName(r.Job, i), [a.Length], a))).ToList();
        if (kept.Count > 0) AtomicFile.Write(Path.Combine(folder, ActivationsFile), Safetensors.Serialize(kept));
        var json = new JsonObject
        {
            ["shard"] = new JsonObject { ["index"] = shard.Index, ["count"] = shard.Count },
            ["grid"] = new JsonObject { ["jobs"] = Comparison.Grid(s).Count, ["settings"] = GridSettings(s) },
            ["data"] = new JsonObject([.. result.DataRows.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))]),
            ["runs"] = result.Runs.Count,
            ["interrupted"] = result.Interrupted,
            ["seconds"] = result.Seconds,
            ["host"] = Environment.MachineName,
            ["vectorBits"] = RunSchema.VectorBits,
            ["actlabVersion"] = RunSchema.ActLabVersion,
        };
        AtomicFile.Write(Path.Combine(folder, ShardFile), json.ToJsonString(RunSchema.Json) + "\n");
    }

    private static string ActivationName(int job, int layer) => string.Create(CultureInfo.InvariantCulture, $"job{job}.layer{layer}");

    /// <summary>The shard folders named by <paramref name="paths"/>: a folder with <c>shard.json</c> is one; a folder
    /// without holds them as <c>shard-K-of-N</c> sub-folders (what <c>compare --shard K/N --out DIR</c> writes).</summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var found = new List<string>();
        foreach (var p in paths)
        {
            if (!Directory.Exists(p)) throw ActLab.Core.Localization.Texts.Error("merge", p, "error.merge.notFolder", InputException.Show(p));
            if (File.Exists(Path.Combine(p, ShardFile))) { found.Add(p); continue; }
            var subs = Directory.EnumerateDirectories(p, "shard-*-of-*").Order(StringComparer.Ordinal).ToList();
            if (subs.Count == 0)
                throw ActLab.Core.Localization.Texts.Error("merge", p, "error.merge.notShard", InputException.Show(p), ShardFile, ShardFile);
            foreach (var sub in subs)
                if (File.Exists(Path.Combine(sub, ShardFile))) found.Add(sub);
                else throw ActLab.Core.Localization.Texts.Error("merge", sub, "error.merge.unfinished", InputException.Show(sub), ShardFile);
        }
        return found;
    }

    /// <summary>Checks that <paramref name="folders"/> are every shard of one grid, each once and complete, and returns
    /// the runs in grid order. Refused, naming the folders: shards of different grids, versions or shard counts, the
    /// same shard twice, a missing shard, an interrupted or incomplete shard, a run that is not its shard's.</summary>
    public static MergedSweep Merge(IReadOnlyList<string> folders)
    {
        if (folders.Count == 0) throw ActLab.Core.Localization.Texts.Error("merge", "", "error.merge.none");
        if (folders.GroupBy(f => Path.GetFullPath(f).TrimEnd('/')).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw ActLab.Core.Localization.Texts.Error("merge", twice.First(), "error.merge.twice", twice.First());
        var shards = new List<(string Folder, Shard Shard, JsonObject Json)>();
        foreach (var f in folders)
        {
            string file = Path.Combine(f, ShardFile);
            JsonObject o;
            try { o = JsonNode.Parse(File.ReadAllText(file))?.AsObject() ?? throw new JsonException("empty"); }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            { throw new InvalidDataException($"{file}: not a shard record ({e.Message.TrimEnd('.')})."); }
            Shard shard;
            try { shard = new Shard(o["shard"]!["index"]!.GetValue<int>(), o["shard"]!["count"]!.GetValue<int>()); }
            catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
            { throw new InvalidDataException($"{file}: no valid \"shard\" (index and count)."); }
            shards.Add((f, shard, o));
        }
        var (f0, s0, o0) = shards[0];
        foreach (var (f, s, o) in shards.Skip(1))
        {
            if (s.Count != s0.Count)
                throw ActLab.Core.Localization.Texts.Error("merge", f, "error.merge.splits", f, s, f0, s0);
            if (Str(o["actlabVersion"]) != Str(o0["actlabVersion"]))
                throw ActLab.Core.Localization.Texts.Error("merge", f, "error.merge.version", f, Str(o["actlabVersion"]), f0, Str(o0["actlabVersion"]));
            if (Differs(o0["grid"], o["grid"]) is { } field)
                throw ActLab.Core.Localization.Texts.Error("merge", f, "error.merge.grid", f, f0, field, Str(Find(o["grid"], field)), Str(Find(o0["grid"], field)));
            foreach (var (name, rows) in o["data"]?.AsObject() ?? [])
                if (o0["data"]?[name] is { } r0 && r0.GetValue<int>() != rows?.GetValue<int>())
                    throw ActLab.Core.Localization.Texts.Error("merge", f, "error.merge.rows", f, rows, name, f0, r0);
        }
        foreach (var g in shards.GroupBy(x => x.Shard.Index).Where(g => g.Count() > 1))
            throw ActLab.Core.Localization.Texts.Error("merge", g.First().Folder, "error.merge.duplicate", g.First().Folder, g.Skip(1).First().Folder, g.Key, s0.Count);
        var missing = Enumerable.Range(1, s0.Count).Except(shards.Select(x => x.Shard.Index)).ToList();
        if (missing.Count > 0)
            throw Localization.Texts.Error("merge", string.Join(",", missing), missing.Count > 1 ? "error.merge.missingMany" : "error.merge.missingOne",
                string.Join(", ", missing.Select(k => $"{k}/{s0.Count}")), string.Join(", ", shards.OrderBy(x => x.Shard.Index).Select(x => x.Shard.ToString())));

        var settings = o0["grid"]!["settings"].Deserialize<CompareSettings>(RunSchema.Json) ?? throw new InvalidDataException($"{Path.Combine(f0, ShardFile)}: no settings.");
        var grid = Comparison.Grid(settings);
        if (o0["grid"]!["jobs"]?.GetValue<int>() != grid.Count)
            throw new InvalidDataException($"{Path.Combine(f0, ShardFile)}: the grid has {grid.Count} runs, not the {o0["grid"]!["jobs"]} recorded.");
        var runs = new RunOutcome?[grid.Count];
        var infos = new List<ShardInfo>();
        foreach (var (f, s, o) in shards.OrderBy(x => x.Shard.Index))
        {
            long expected = s.Jobs(grid.Count);
            if (o["interrupted"]?.GetValue<bool>() == true)
                throw ActLab.Core.Localization.Texts.Error("merge", f, "error.merge.interrupted", f, s, o["runs"], expected);
            string file = Path.Combine(f, RunsFile);
            int lineNo = 0, count = 0;
            foreach (var line in File.Exists(file) ? File.ReadLines(file) : [])
            {
                lineNo++;
                if (line.Length == 0) continue;
                var r = ParseRun(line, $"{file}:{lineNo}");
                if (r.Job < 0 || r.Job >= grid.Count || !s.Holds(r.Job) || grid[r.Job] != (r.Dataset, r.Activation, r.Seed))
                    throw new InvalidDataException($"{file}:{lineNo}: run {r.Job} ({r.Dataset}, {r.Activation}, seed {r.Seed}) is not a run of shard {s} of this grid.");
                if (runs[r.Job] is not null) throw new InvalidDataException($"{file}:{lineNo}: run {r.Job} appears twice.");
                runs[r.Job] = r;
                count++;
            }
            if (count != expected)
                throw ActLab.Core.Localization.Texts.Error("merge", f, "error.merge.incomplete", f, s, count, expected);
            string acts = Path.Combine(f, ActivationsFile);
            if (File.Exists(acts))
            {
                var (tensors, _) = Safetensors.Read(acts);
                foreach (var j in Enumerable.Range(0, grid.Count).Where(s.Holds))
                {
                    var list = new List<float[]>();
                    while (tensors.TryGetValue(ActivationName(j, list.Count), out var t)) list.Add(t.Data);
                    if (list.Count > 0) runs[j] = runs[j]! with { FinalActivations = list };
                }
            }
            infos.Add(new ShardInfo(f, s, o["seconds"]?.GetValue<double>() ?? double.NaN, Str(o["host"]), o["vectorBits"]?.GetValue<int>() ?? 0));
        }
        return new MergedSweep(settings, [.. runs.Select(r => r!)], infos);
    }

    private static string Str(JsonNode? n) => n is null ? "none" : n.GetValueKind() == JsonValueKind.String ? n.GetValue<string>() : n.ToJsonString();

    // The first leaf path where two JSON trees differ ("settings.epochs"), or null when equal.
    private static string? Differs(JsonNode? a, JsonNode? b, string path = "")
    {
        if (a is JsonObject oa && b is JsonObject ob)
        {
            foreach (var key in oa.Select(kv => kv.Key).Union(ob.Select(kv => kv.Key)))
                if (Differs(oa[key], ob[key], path.Length == 0 ? key : $"{path}.{key}") is { } d) return d;
            return null;
        }
        return JsonNode.DeepEquals(a, b) ? null : path;
    }

    private static JsonNode? Find(JsonNode? n, string path)
    {
        foreach (var part in path.Split('.')) n = n?[part];
        return n;
    }

    /// <summary>Summarises where the merged runs ran, for the report: "3 shards (12.1 s, 11.8 s, 12.4 s on node1, node2)".</summary>
    public static string Describe(IReadOnlyList<ShardInfo> shards, Localization.Texts? texts = null) =>
        (texts ?? Localization.Texts.English).Format(shards.Count == 1 ? "compare.shardsOne" : "compare.shards", shards.Count,
            string.Join(", ", shards.Select(s => s.Seconds.ToString("0.0 's'", CultureInfo.InvariantCulture))), string.Join(", ", shards.Select(s => s.Host).Distinct()));
}
