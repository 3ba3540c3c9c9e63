using ActLab.Core.Interop;
using ActLab.Core.Runs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ActLab.Onnx.Tests;

/// <summary>Every activation of the catalogue exported to ONNX and run in ONNX Runtime: the outputs match ActLab's
/// on 300 rows within 1e-6 relative, at every opset from 13 to 21 (below an activation's native opset, its composed
/// form), with standardisation and the multi-class softmax in the graph.</summary>
public class OnnxExportTests
{
    private static int Run(params string[] args) => ActLab.Cli.Cli.Run(args, TextWriter.Null, TextWriter.Null);

    // One data set for all: blobs with 3 classes (and a regression target for one model).
    private static readonly Lazy<string> Data = new(() =>
    {
        string dir = Directory.CreateTempSubdirectory("actlab-onnx-").FullName, path = Path.Combine(dir, "blobs.csv");
        Assert.Equal(0, Run("generate", "blobs", "--out", path, "--samples", "300", "--classes", "3", "--seed", "3"));
        return path;
    });

    public static TheoryData<string> Activations =>
    [
        "binary-step", "sign", "sigmoid", "tanh", "relu", "leaky-relu:negative-slope=0.1", "prelu:num-parameters=8,init=0.2", "prelu",
        "elu:alpha=0.7", "gelu", "gelu:approximate=tanh", "relu6", "hardtanh:min-val=-0.5,max-val=2", "hardsigmoid",
        "hardswish", "hardshrink:lambd=0.3", "softshrink:lambd=0.3", "tanhshrink", "threshold:threshold=0.1,value=-1",
        "rrelu:lower=0.1,upper=0.3", "selu", "celu:alpha=0.5", "silu", "mish", "softplus", "softplus:beta=2,threshold=5",
        "log-sigmoid", "softsign", "identity", "exponential", "squareplus:b=2", "sparse-plus", "sparse-sigmoid",
        "squared-relu", "snake:alpha=0.5", "swish:beta=1.5", "softmax", "softmin", "log-softmax", "sparsemax", "glu",
    ];

    private static float[][] Rows(int d) => [.. Enumerable.Range(0, 300).Select(i => Enumerable.Range(0, d).Select(j => (float)(Math.Sin(1.3 * i + 0.7 * j) * (1 + i % 5))).ToArray())];

    private static void Compare(TrainedRun run, string onnx, string what)
    {
        var rows = Rows(run.Definition.Inputs);
        var expected = run.Predict(rows);
        using var session = new InferenceSession(onnx);
        var input = new DenseTensor<float>(rows.SelectMany(r => r).ToArray(), [rows.Length, run.Definition.Inputs]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var got = results.Single(r => r.Name == "output").AsTensor<float>().ToArray();
        Assert.Equal(expected.Length, got.Length);
        for (int i = 0; i < got.Length; i++)
        {
            double e = expected.Data[i], g = got[i];
            Assert.True(Math.Abs(e - g) <= 1e-6 * Math.Max(1, Math.Abs(e)), $"{what}: output {i}: ActLab {e}, ONNX Runtime {g}");
        }
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Every_activation_matches_ONNX_Runtime_natively_and_composed(string activation)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-onnx-").FullName, run = Path.Combine(dir, "run");
        string model = $"linear(2,8) {activation} linear({(activation == "glu" ? 4 : 8)},3)";
        Assert.Equal(0, Run("train", "--data", Data.Value, "--model", model, "--epochs", "2", "--standardize", "--out", run));
        var loaded = TrainedRun.Load(run);
        int native = OnnxExport.NativeOpset(loaded.Definition);
        Assert.InRange(native, OnnxExport.MinOpset, OnnxExport.MaxOpset);
        for (int opset = OnnxExport.MinOpset; opset <= OnnxExport.MaxOpset; opset++) // every opset the exporter claims
        {
            string path = Path.Combine(dir, $"m{opset}.onnx");
            Assert.Equal(0, Run("export", "--run", run, "--format", "onnx", "--opset", opset.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", path));
            Compare(loaded, path, $"{activation} at opset {opset}");
        }
    }

    [Fact]
    public void Every_activation_of_the_catalogue_is_tested()
    {
        var tested = ((IEnumerable<object[]>)Activations).Select(r => ActLab.Kernels.Catalogue.Catalogue.Resolve((string)r[0]).Info.Key).ToHashSet();
        // softmax2d needs [C, H, W] images, so no MLP run can hold it (train refuses it).
        var missing = ActLab.Kernels.Catalogue.Catalogue.All.Select(i => i.Key).Where(k => k != "softmax2d" && !tested.Contains(k)).ToList();
        Assert.True(missing.Count == 0, $"not exported to ONNX in the tests: {string.Join(", ", missing)}");
    }

    [Fact]
    public void The_default_opset_is_the_lowest_native_one_and_the_IR_version_matches()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-onnx-").FullName;
        foreach (var (act, opset, ir) in new[] { ("relu", 13, 7), ("hardswish", 14, 7), ("mish", 18, 8), ("gelu", 20, 9) })
        {
            string run = Path.Combine(dir, act), path = Path.Combine(dir, act + ".onnx");
            Assert.Equal(0, Run("train", "--data", Data.Value, "--hidden", "4", "--activation", act, "--epochs", "1", "--out", run));
            Assert.Equal(0, Run("export", "--run", run, "--format", "onnx", "--out", path));
            using var session = new InferenceSession(path);
            Assert.Equal(opset, OnnxExport.NativeOpset(TrainedRun.Load(run).Definition));
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(0x08, bytes[0]); // field 1 (ir_version), varint
            Assert.Equal(ir, bytes[1]);
            var meta = session.ModelMetadata.CustomMetadataMap;
            Assert.Equal(TrainedRun.Load(run).Definition.Canonical, meta["actlab.model"]);
            Assert.Equal("[\"0\",\"1\",\"2\"]", meta["actlab.labels"]);
            Assert.Equal(-1, session.InputMetadata["input"].Dimensions[0]); // the batch dimension is dynamic
        }
    }

    [Fact]
    public void Binary_and_regression_heads_match_too()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-onnx-").FullName, data = Path.Combine(dir, "g.csv");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data));
        foreach (var (args, name) in new[] { (new[] { "--hidden", "8", "--loss", "bce-logits", "--output", "none" }, "logits"), (new[] { "--hidden", "8" }, "sigmoid"), (new[] { "--hidden", "8", "--regression" }, "regression") })
        {
            string run = Path.Combine(dir, name), path = Path.Combine(dir, name + ".onnx");
            Assert.Equal(0, Run(["train", "--data", data, .. args, "--epochs", "2", "--out", run]));
            Assert.Equal(0, Run("export", "--run", run, "--format", "onnx", "--out", path));
            Compare(TrainedRun.Load(run), path, name);
        }
    }

    [Fact]
    public void Bad_requests_are_refused_and_write_nothing()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-onnx-").FullName, run = Path.Combine(dir, "run"), path = Path.Combine(dir, "m.onnx");
        Assert.Equal(0, Run("train", "--data", Data.Value, "--hidden", "4", "--epochs", "1", "--out", run));
        var err = new StringWriter();
        Assert.Equal(2, ActLab.Cli.Cli.Run(["export", "--run", run, "--format", "onnx", "--opset", "12", "--out", path], TextWriter.Null, err));
        Assert.Contains("opsets 13 to 21; got 12", err.ToString());
        Assert.False(File.Exists(path));
        Assert.Equal(0, Run("export", "--run", run, "--format", "onnx", "--out", path));
        err = new StringWriter();
        Assert.Equal(2, ActLab.Cli.Cli.Run(["export", "--run", run, "--format", "onnx", "--out", path], TextWriter.Null, err));
        Assert.Contains("exists; add --force", err.ToString());
    }
}
