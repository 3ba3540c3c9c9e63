using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActLab.Core.Model;
using ActLab.Core.Runs;
using ActLab.Core.Training;

namespace ActLab.Core.Tests.Runs;

/// <summary>The run folder as a contract: written whole under a lock, read by one loader that checks before it allocates.</summary>
public class RunFolderTests
{
    private static string Temp() => Directory.CreateTempSubdirectory("actlab-run-").FullName;

    private static RunConfig Config(string model = "linear(2,3) relu linear(3,1) sigmoid", string[]? features = null, StandardizationRecord? st = null) => new()
    {
        Experiment = "train",
        Data = new DataRecord { Path = "data.csv", Rows = 10, Features = features ?? ["x1", "x2"], Label = "label", Classes = ["0", "1"] },
        Task = "binary", Model = model, Init = "pytorch", Loss = "bce",
        Optimizer = new OptimizerRecord { Name = "adam", Lr = 1e-3 }, Epochs = 1, BatchSize = 4, SplitSizes = [8, 1, 1], Standardize = st,
    };

    private static string Write(string dir, RunConfig config, Action<RunWriter>? extra = null, bool force = false)
    {
        using var w = RunWriter.Create(dir, force);
        var model = ModelDefinition.Parse(config.Model).Build(1);
        w.AppendMetrics(new EpochResult(1, 0.5, 0.75, 0.6, 0.7));
        w.WriteConfig(config);
        w.WriteModel(model, config);
        w.WriteSummary(new RunSummary { Status = "completed", Epochs = 1 });
        extra?.Invoke(w);
        w.Commit();
        return dir;
    }

    [Theory]
    [InlineData("linear(2,3) relu linear(3,1)", "binary", "bce-logits", 0)]           // sigmoid on the logits
    [InlineData("linear(2,3) relu linear(3,4)", "multiclass", "cross-entropy", 4)]     // softmax over each row
    public void Predict_in_blocks_gives_the_bits_of_one_forward_over_every_row(string model, string task, string loss, int classes)
    {
        var st = new StandardizationRecord { Mean = [0.5f, -1f], Std = [2f, 0.25f] };
        var cfg = Config(model, st: st) with { Task = task, Loss = loss, Data = new DataRecord { Path = "data.csv", Rows = 10, Features = ["x1", "x2"], Label = "label", Classes = classes == 0 ? ["0", "1"] : ["a", "b", "c", "d"] } };
        var run = TrainedRun.Load(Write(Path.Combine(Temp(), "run"), cfg));
        var rng = new ActLab.Kernels.Random.Pcg32(3);
        int n = 2 * 4096 + 37; // two full blocks and a short one
        var rows = new float[n][];
        for (int i = 0; i < n; i++) rows[i] = [(float)(rng.NextDouble() * 6 - 3), (float)(rng.NextDouble() * 6 - 3)];
        var y = run.Predict(rows);
        // The same model over all rows at once, standardised and then through the prediction function.
        var x = new ActLab.Core.Tensors.Tensor(n, 2);
        for (int i = 0; i < n; i++) for (int j = 0; j < 2; j++) x[i, j] = (rows[i][j] - st.Mean[j]) / st.Std[j];
        var raw = run.Model.Forward(x, training: false);
        var expected = (float[])raw.Data.Clone();
        if (classes == 0) ActLab.Kernels.Catalogue.Catalogue.Resolve("sigmoid").Forward(raw.Data, expected);
        else ActLab.Kernels.Softmax.SoftmaxKernels.Softmax(raw.Data, expected, raw.Shape, -1);
        Assert.Equal(raw.Shape, y.Shape);
        Assert.Equal(expected, y.Data);
        // A short row is named by its own number, past the first block.
        rows[5000] = [1f];
        Assert.Contains("5001", Assert.ThrowsAny<Exception>(() => run.Predict(rows)).Message);
    }

    [Fact]
    public void A_committed_run_loads_with_its_records_and_metrics()
    {
        string dir = Write(Path.Combine(Temp(), "run"), Config());
        var run = TrainedRun.Load(dir);
        Assert.Equal("linear(2,3) relu linear(3,1) sigmoid", run.Definition.Canonical);
        Assert.Equal(["x1", "x2"], run.Features);
        Assert.Equal(TaskKind.Binary, run.Task);
        Assert.Equal(PredictionFunction.None, run.Prediction);
        Assert.Equal("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy", File.ReadLines(Path.Combine(dir, "metrics.csv")).First());
        using var cfg = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "config.json")));
        Assert.Equal(RunSchema.Version, cfg.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.DoesNotContain(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dir)!), e => Path.GetFileName(e).StartsWith('.'));
    }

    [Fact]
    public void Force_replaces_the_whole_folder_and_without_it_an_existing_run_is_refused()
    {
        string dir = Write(Path.Combine(Temp(), "run"), Config(), w => w.WriteFile("decision-map.png", "old"));
        Assert.Equal(RunFolderProblem.Exists, Assert.Throws<RunFolderException>(() => RunWriter.Create(dir, force: false)).Problem);
        Write(dir, Config("linear(2,5) tanh linear(5,1) sigmoid"), force: true);
        Assert.False(File.Exists(Path.Combine(dir, "decision-map.png")), "a file of the old run survived --force");
        Assert.Equal("linear(2,5) tanh linear(5,1) sigmoid", TrainedRun.Load(dir).Definition.Canonical);
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dir)!));
    }

    [Fact]
    public void A_second_writer_fails_at_once_and_an_uncommitted_writer_leaves_nothing()
    {
        string dir = Path.Combine(Temp(), "run");
        using (var first = RunWriter.Create(dir, force: false))
        {
            var e = Assert.Throws<RunFolderException>(() => RunWriter.Create(dir, force: true));
            Assert.Equal(RunFolderProblem.Locked, e.Problem);
            first.WriteConfig(Config());
        }
        Assert.False(Directory.Exists(dir));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(dir)!));
    }

    [Fact]
    public void Staging_folders_of_a_killed_writer_are_cleaned_by_the_next()
    {
        string parent = Temp(), dir = Path.Combine(parent, "run");
        Directory.CreateDirectory(Path.Combine(parent, ".run.staging-deadbeef"));
        Write(dir, Config());
        Assert.Equal(["run"], Directory.EnumerateFileSystemEntries(parent).Select(Path.GetFileName));
    }

    private static string Edit(string dir, Func<JsonObject, JsonObject> edit)
    {
        string path = Path.Combine(dir, "config.json");
        File.WriteAllText(path, edit(JsonNode.Parse(File.ReadAllText(path))!.AsObject()).ToJsonString());
        return dir;
    }

    [Theory]
    [InlineData("model", "\"linear(2,3) tanh linear(3,1) sigmoid\"", "differs from config.json's")]
    [InlineData("model", "\"linear(2,3) relu linear(3,1)  sigmoid\"", "not in canonical form")]
    [InlineData("schemaVersion", "2", "newer than this ActLab reads")]
    [InlineData("task", "\"multiclass\"", "'task' is multiclass but 'data.classes' has 2 classes")]
    [InlineData("loss", "\"hinge\"", "'loss'")]
    public void Edited_configs_are_refused_naming_the_file_and_field(string field, string json, string message)
    {
        string dir = Edit(Write(Path.Combine(Temp(), "run"), Config()), o => { o[field] = JsonNode.Parse(json); return o; });
        var e = Assert.Throws<RunFormatException>(() => TrainedRun.Load(dir));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_run_without_schema_version_or_with_a_zero_std_is_refused()
    {
        string a = Edit(Write(Path.Combine(Temp(), "run"), Config()), o => { o.Remove("schemaVersion"); return o; });
        Assert.Contains("no 'schemaVersion'", Assert.Throws<RunFormatException>(() => TrainedRun.Load(a)).Message);
        string b = Write(Path.Combine(Temp(), "run"), Config(st: new StandardizationRecord { Mean = [0, 0], Std = [1, 0] }));
        Assert.Contains("'standardize' of feature 'x2'", Assert.Throws<RunFormatException>(() => TrainedRun.Load(b)).Message);
    }

    private static byte[] Crafted(string model, string tensorJson, int dataBytes)
    {
        string header = $"{{\"__metadata__\":{{\"actlab.model\":\"{model}\"}},{tensorJson}}}";
        while ((8 + header.Length) % 8 != 0) header += " ";
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void Crafted_weights_are_refused_before_anything_large_is_allocated()
    {
        // A small file whose config and metadata claim a huge model, and a shape whose product wraps in 64 bits.
        string dir = Edit(Write(Path.Combine(Temp(), "run"), Config()), o => { o["model"] = "linear(2,20000000) relu linear(20000000,1) sigmoid"; return o; });
        File.WriteAllBytes(Path.Combine(dir, "model.safetensors"), Crafted("linear(2,20000000) relu linear(20000000,1) sigmoid",
            "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[20000000,2],\"data_offsets\":[0,8]}", 8));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<RunFormatException>(() => TrainedRun.Load(dir));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 16 << 20, "loading allocated more than 16 MB before refusing");
        Assert.Contains("spans bytes [0, 8) but its shape needs", e.Message);

        string wrap = Write(Path.Combine(Temp(), "run"), Config());
        File.WriteAllBytes(Path.Combine(wrap, "model.safetensors"), Crafted("linear(2,3) relu linear(3,1) sigmoid",
            "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1073741824,1073741824,16],\"data_offsets\":[0,0]}", 0));
        Assert.Contains("overflows", Assert.Throws<RunFormatException>(() => TrainedRun.Load(wrap)).Message);
    }

    [Fact]
    public void Non_finite_weights_and_missing_or_extra_tensors_are_refused()
    {
        string dir = Write(Path.Combine(Temp(), "run"), Config());
        string path = Path.Combine(dir, "model.safetensors");
        var bytes = File.ReadAllBytes(path);
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 4), float.NaN);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("the weights must be finite", Assert.Throws<RunFormatException>(() => TrainedRun.Load(dir)).Message);

        var model = ModelDefinition.Parse("linear(2,3) relu linear(3,1) sigmoid").Build(1);
        var tensors = model.Parameters.Select(p => new ActLab.Core.Serialization.NamedTensor(p.Name, p.Shape, p.Value)).ToList();
        var meta = new Dictionary<string, string> { ["actlab.model"] = "linear(2,3) relu linear(3,1) sigmoid" };
        File.WriteAllBytes(path, ActLab.Core.Serialization.Safetensors.Serialize(tensors.Skip(1), meta));
        Assert.Contains("tensor '0.weight'", Assert.Throws<RunFormatException>(() => TrainedRun.Load(dir)).Message);
        File.WriteAllBytes(path, ActLab.Core.Serialization.Safetensors.Serialize([.. tensors, new("9.weight", [1], [1f])], meta));
        Assert.Contains("'9.weight' is not a parameter", Assert.Throws<RunFormatException>(() => TrainedRun.Load(dir)).Message);
    }
}
