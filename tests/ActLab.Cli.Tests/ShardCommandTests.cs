using System.Text.Json;
using System.Text.RegularExpressions;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>compare --shard K/N as three separate processes, then --merge: the same report as one unsharded run, bit
/// for bit apart from the wall times; and the refusals a user meets on the way.</summary>
[Collection("processes")]
public partial class ShardCommandTests
{
    private static readonly string[] Sweep = ["--activations", "tanh,relu,sigmoid", "--dataset", "xor,circle", "--seeds", "2", "--epochs", "4", "--depth", "3", "--width", "12"];

    [Fact]
    public async Task Three_shard_processes_merge_into_the_unsharded_report()
    {
        string root = Directory.CreateTempSubdirectory("actlab-shard-").FullName;
        string whole = Path.Combine(root, "whole"), sweep = Path.Combine(root, "sweep");
        // Three processes at once, all given the same --out, as a job array would run them.
        var shards = Enumerable.Range(1, 3).Select(k => new ChildProcess([.. new[] { "compare" }, .. Sweep, "--shard", $"{k}/3", "--out", sweep])).ToList();
        Assert.Equal(0, Run([.. new[] { "compare" }, .. Sweep, "--out", whole]).ExitCode);
        foreach (var p in shards)
        {
            int code = await Task.Run(() => p.Wait(TimeSpan.FromMinutes(2)));
            Assert.True(code == 0, p.Err);
            Assert.Contains("4 of the grid's 12 runs", p.Out);
            p.Dispose();
        }
        var merged = Run("compare", "--merge", sweep);
        Assert.True(merged.ExitCode == 0, merged.Err);
        Assert.Contains("12 runs merged from 3 shards", merged.Out);

        // Every picture byte for byte: curves, gradient profiles, the histograms from the kept activations.
        var pictures = Directory.GetFiles(whole, "*.png").Select(Path.GetFileName).Order().ToList();
        Assert.Equal(7, pictures.Count); // curves and gradient profile per data set, a histogram per activation
        Assert.Equal(pictures, Directory.GetFiles(sweep, "*.png").Select(Path.GetFileName).Order());
        foreach (var png in pictures) Assert.Equal(File.ReadAllBytes(Path.Combine(whole, png!)), File.ReadAllBytes(Path.Combine(sweep, png!)));
        // The tables and the report, with the wall-time columns taken out.
        Assert.Equal(NoTimesCsv(Path.Combine(whole, "compare.csv")), NoTimesCsv(Path.Combine(sweep, "compare.csv")));
        Assert.Equal(NoTimesReport(Path.Combine(whole, "report.md")), NoTimesReport(Path.Combine(sweep, "report.md")));
        Assert.Equal(NoTimesRuns(Path.Combine(whole, "runs.jsonl"), sort: true), NoTimesRuns(Path.Combine(sweep, "runs.jsonl"), sort: false));
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(sweep, "compare.json")));
        Assert.Equal(["1/3", "2/3", "3/3"], doc.RootElement.GetProperty("shards").EnumerateArray().Select(s => s.GetProperty("shard").GetString()));

        // Merging again needs --force; a missing shard is named and nothing is written.
        Assert.Contains("already holds compare.json", Run("compare", "--merge", sweep).Err);
        Directory.Delete(Path.Combine(sweep, "shard-2-of-3"), true);
        string partial = Path.Combine(root, "partial");
        var missing = Run("compare", "--merge", sweep, "--out", partial);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Shard 2/3 is missing (given: 1/3, 3/3)", missing.Err);
        Assert.False(Directory.Exists(partial));
    }

    [Fact]
    public void A_shard_rerun_that_fails_leaves_no_old_end_marker_for_merge_to_trust()
    {
        string root = Directory.CreateTempSubdirectory("actlab-shard-").FullName, sweep = Path.Combine(root, "sweep"), data = Path.Combine(root, "g.csv");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data).ExitCode);
        string[] grid = ["compare", "--activations", "tanh,relu", "--seeds", "1", "--epochs", "1", "--depth", "1", "--width", "4", "--out", sweep];
        Assert.Equal(0, Run([.. grid, "--data", data, "--shard", "1/2"]).ExitCode);
        Assert.True(File.Exists(Path.Combine(sweep, "shard-1-of-2", "shard.json")));
        // Rerun over it with --force, and the data gone: the run fails, and the old shard.json must not survive it.
        File.Delete(data);
        Assert.Equal(2, Run([.. grid, "--data", data, "--shard", "1/2", "--force"]).ExitCode);
        var merged = Run("compare", "--merge", sweep, "--out", Path.Combine(root, "m"));
        Assert.Equal(2, merged.ExitCode);
        Assert.Contains("has no shard.json", merged.Err);
    }

    private static List<string> NoTimesCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        int ms = Array.IndexOf(lines[0].Split(','), "ms_per_epoch");
        Assert.True(ms > 0);
        return [.. lines.Select(l => string.Join(",", l.Split(',').Where((_, i) => i != ms)))];
    }

    private static List<string> NoTimesReport(string path) =>
        [.. File.ReadAllLines(path).Select(l => RanSentence().Replace(l, "RUNS."))
            .Select(l => l.StartsWith("| `", StringComparison.Ordinal) ? string.Join(" | ", l.Split(" | ").Where((_, i) => i is not (5 or 6))) : l)];

    private static List<string> NoTimesRuns(string path, bool sort)
    {
        var runs = File.ReadAllLines(path).Select(l => JsonNodeWithout(l, "secondsPerEpoch")).ToList();
        return sort ? [.. runs.OrderBy(r => JsonDocument.Parse(r).RootElement.GetProperty("job").GetInt32())] : runs;
    }

    private static string JsonNodeWithout(string line, string field)
    {
        var o = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        Assert.True(o.Remove(field));
        return o.ToJsonString();
    }

    [GeneratedRegex(@"\d+ runs (in [0-9.]+ s on \d+ threads|merged from \d+ shards \([^)]*\))\.")]
    private static partial Regex RanSentence();

    [Theory]
    [InlineData(new[] { "--shard", "0/3" }, "--shard: The shard index counts from 1 to 3; got 0")]
    [InlineData(new[] { "--shard", "3" }, "--shard: '3' is not K/N")]
    [InlineData(new[] { "--shard", "9/9" }, "the grid has only 2 runs, so shard 9/9 has none")]
    [InlineData(new[] { "--shard", "1/2", "--report", "x.md" }, "--report applies to the whole sweep")]
    [InlineData(new[] { "--merge", "somewhere", "--seeds", "2" }, "--merge takes the sweep's settings from the shards; drop --seeds")]
    [InlineData(new[] { "--merge", "/no/such/folder" }, "--merge: '/no/such/folder' is not a folder")]
    [InlineData(new[] { "--merge", "a", "--shard", "1/2" }, "--merge combines finished shards; it takes no --shard")]
    public void Bad_shard_and_merge_usage_is_one_line_and_exit_2(string[] args, string expected)
    {
        string dir = Path.Combine(Directory.CreateTempSubdirectory("actlab-shard-").FullName, "out");
        string[] grid = args[0] == "--shard" ? ["--activations", "tanh,relu", "--dataset", "xor", "--seeds", "1", "--epochs", "1"] : [];
        var r = Run([.. new[] { "compare" }, .. grid, .. args, "--out", dir]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.Err);
        Assert.Single(r.Err.Trim().Split('\n'));
        Assert.False(Directory.Exists(dir));
    }
}

/// <summary>train --threads: the products split across threads and the weights come out the same to the bit.</summary>
public class TrainThreadsTests
{
    [Fact]
    public void Training_on_one_or_two_threads_writes_the_same_weights()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-threads-").FullName, data = Path.Combine(dir, "wide.csv");
        // 64 features and 512 hidden units at batch 128: products over a million multiply-adds and over 64K weights, so
        // the products and the optimizer both split.
        var rng = new ActLab.Kernels.Random.Pcg32(5);
        var sb = new System.Text.StringBuilder(string.Join(",", Enumerable.Range(0, 64).Select(i => $"f{i}")) + ",label\n");
        for (int r = 0; r < 600; r++)
        {
            var row = Enumerable.Range(0, 64).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            sb.AppendJoin(",", row.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))).Append(',').Append(row[0] + row[1] > 0 ? 1 : 0).Append('\n');
        }
        File.WriteAllText(data, sb.ToString());
        foreach (var t in new[] { "1", "2" })
        {
            var r = Run("train", "--data", data, "--hidden", "512,128", "--epochs", "2", "--batch-size", "128", "--threads", t, "--out", Path.Combine(dir, $"t{t}"));
            Assert.True(r.ExitCode == 0, r.Err);
        }
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "t1", "model.safetensors")), File.ReadAllBytes(Path.Combine(dir, "t2", "model.safetensors")));
        var bad = Run("train", "--data", data, "--threads", "0", "--out", Path.Combine(dir, "t0"));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--threads must be at least 1; got 0", bad.Err);
    }
}
