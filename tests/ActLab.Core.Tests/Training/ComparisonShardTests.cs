using ActLab.Core.Analysis;
using ActLab.Kernels;

namespace ActLab.Core.Tests.Training;

/// <summary>compare --shard K/N and --merge, as a library: shards are disjoint, cover the grid, and merge back into the
/// runs of an unsharded sweep bit for bit; every way of getting the shard set wrong is refused by name.</summary>
public sealed class ComparisonShardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("actlab-shards-").FullName;
    public void Dispose() => Directory.Delete(_dir, true);

    private static readonly CompareSettings Small = new()
    {
        Activations = ["tanh", "relu", "sigmoid"], Datasets = ["xor", "circle"], Depth = 2, Width = 8, Seeds = 2, Epochs = 3, Samples = 120, Parallelism = 2,
    };

    private string RunShard(CompareSettings s, Shard shard, string root)
    {
        string folder = Path.Combine(root, shard.FolderName);
        Directory.CreateDirectory(folder);
        var result = Comparison.Run(s, null, default, shard);
        File.WriteAllLines(Path.Combine(folder, ComparisonShards.RunsFile), result.Runs.Select(ComparisonShards.RunLine));
        ComparisonShards.Finish(folder, s, shard, result);
        return folder;
    }

    [Theory]
    [InlineData(12, 1)]
    [InlineData(12, 5)]
    [InlineData(7, 3)]
    [InlineData(2, 4)]
    public void Shards_are_disjoint_and_cover_the_grid(int jobs, int count)
    {
        var seen = new int[jobs];
        for (int k = 1; k <= count; k++)
        {
            var shard = new Shard(k, count);
            int mine = Enumerable.Range(0, jobs).Count(shard.Holds);
            Assert.Equal(mine, shard.Jobs(jobs));
            foreach (int j in Enumerable.Range(0, jobs).Where(shard.Holds)) seen[j]++;
        }
        Assert.All(seen, n => Assert.Equal(1, n));
    }

    [Theory]
    [InlineData("0/3", "counts from 1 to 3; got 0")]
    [InlineData("4/3", "counts from 1 to 3; got 4")]
    [InlineData("1/0", "at least 1; got 0")]
    [InlineData("2", "is not K/N")]
    [InlineData("a/3", "is not K/N")]
    [InlineData("-1/3", "is not K/N")]
    public void Bad_shard_specs_are_refused(string text, string message) =>
        Assert.Contains(message, Assert.Throws<InputException>(() => Shard.Parse(text)).Message);

    [Fact]
    public void Three_shards_merge_into_the_unsharded_runs_bit_for_bit()
    {
        var whole = Comparison.Run(Small);
        foreach (var k in new[] { 1, 2, 3 }) RunShard(Small, new Shard(k, 3), _dir);
        var merged = ComparisonShards.Merge(ComparisonShards.Expand([_dir]));
        Assert.Equal(3, merged.Shards.Count);
        Assert.Equal(whole.Runs.Count, merged.Runs.Count);
        for (int i = 0; i < whole.Runs.Count; i++)
        {
            RunOutcome a = whole.Runs[i], b = merged.Runs[i];
            Assert.Equal((a.Job, a.Dataset, a.Activation, a.Seed), (b.Job, b.Dataset, b.Activation, b.Seed));
            // Exact: every number went through JSON as its shortest round-trip text, the activations as raw float32.
            Assert.Equal(Bits(a.TrainLoss), Bits(b.TrainLoss));
            Assert.Equal(Bits(a.ValidationAccuracy), Bits(b.ValidationAccuracy));
            Assert.Equal(Bits(a.InitGradientProfile), Bits(b.InitGradientProfile));
            Assert.Equal(Bits([a.TestAccuracy, a.TestLoss, a.DeadFraction, a.MeanActivation]), Bits([b.TestAccuracy, b.TestLoss, b.DeadFraction, b.MeanActivation]));
            Assert.Equal(a.EpochsToTarget, b.EpochsToTarget);
            Assert.Equal(a.FinalActivations.Count, b.FinalActivations.Count);
            for (int l = 0; l < a.FinalActivations.Count; l++) Assert.Equal(a.FinalActivations[l], b.FinalActivations[l]);
        }
        Assert.Contains(merged.Runs, r => r.FinalActivations.Count > 0);
        var rowsA = Comparison.Rows(whole.Runs);
        var rowsB = Comparison.Rows(merged.Runs);
        Assert.Equal(rowsA.Select(r => (r.Dataset, r.Activation, r.ValidationAccuracy, r.TestAccuracy, r.TrainLoss, r.DeadFraction)),
            rowsB.Select(r => (r.Dataset, r.Activation, r.ValidationAccuracy, r.TestAccuracy, r.TrainLoss, r.DeadFraction)));
        Assert.Equal(Comparison.Recommend(rowsA), Comparison.Recommend(rowsB));
    }

    private static long[] Bits(IEnumerable<double> v) => [.. v.Select(BitConverter.DoubleToInt64Bits)];

    [Fact]
    public void A_shard_loads_only_the_data_sets_its_runs_need()
    {
        var s = Small with { Activations = ["tanh"], Seeds = 1 }; // jobs: xor, circle
        Assert.Equal(["xor"], Comparison.Run(s, null, default, new Shard(1, 2)).DataRows.Keys);
        Assert.Equal(["circle"], Comparison.Run(s, null, default, new Shard(2, 2)).DataRows.Keys);
    }

    [Fact]
    public void Missing_overlapping_mismatched_and_incomplete_shards_are_refused_by_name()
    {
        var s = Small with { Activations = ["tanh", "relu"], Datasets = ["xor"], Seeds = 1 }; // 2 jobs
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b"), c = Path.Combine(_dir, "c"), d = Path.Combine(_dir, "d");
        string a1 = RunShard(s, new Shard(1, 2), a), b1 = RunShard(s, new Shard(1, 2), b);
        string c2 = RunShard(s with { Epochs = 4 }, new Shard(2, 2), c), d3 = RunShard(s, new Shard(1, 3), d);

        string Refusal(params string[] dirs) => Assert.ThrowsAny<Exception>(() => ComparisonShards.Merge(ComparisonShards.Expand(dirs))).Message;
        Assert.Contains("Shard 2/2 is missing (given: 1/2)", Refusal(a1));
        Assert.Contains($"'{b1}' are both shard 1/2", Refusal(a1, b1));
        Assert.Contains($"'{a1}' is given twice", Refusal(a1, a1 + "/"));
        Assert.Contains("different grids (settings.epochs differs: 4 against 3)", Refusal(a1, c2));
        Assert.Contains("shards of different splits", Refusal(a1, d3));
        Assert.Contains("is not a folder", Refusal(Path.Combine(_dir, "nowhere")));

        // An interrupted shard, and one whose runs.jsonl lost a line.
        string good = RunShard(s, new Shard(2, 2), Path.Combine(_dir, "e"));
        File.WriteAllText(Path.Combine(good, ComparisonShards.RunsFile), "");
        Assert.Contains("holds 0 of its 1 runs; rerun it", Refusal(a1, good));
        File.WriteAllText(Path.Combine(good, ComparisonShards.ShardFile), File.ReadAllText(Path.Combine(good, ComparisonShards.ShardFile)).Replace("\"interrupted\": false", "\"interrupted\": true"));
        Assert.Contains("was interrupted", Refusal(a1, good));

        // A run line that belongs to another shard, and a garbled line, name file:line.
        string f = RunShard(s, new Shard(2, 2), Path.Combine(_dir, "f"));
        File.WriteAllText(Path.Combine(f, ComparisonShards.RunsFile), File.ReadAllText(Path.Combine(a1, ComparisonShards.RunsFile)));
        Assert.Contains("runs.jsonl:1: run 0 (xor, tanh, seed 0) is not a run of shard 2/2", Refusal(a1, f));
        File.WriteAllText(Path.Combine(f, ComparisonShards.RunsFile), "{\"job\": 1,\n");
        Assert.Contains("runs.jsonl:1: not a run of a compare sweep", Refusal(a1, f));

        // A folder still running has runs.jsonl but no shard.json.
        string running = Path.Combine(_dir, "g", "shard-1-of-2");
        Directory.CreateDirectory(running);
        Assert.Contains("has no shard.json: the shard is still running", Refusal(Path.Combine(_dir, "g")));
    }
}
