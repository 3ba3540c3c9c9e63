using ActLab.Kernels.Simd;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using System.Text;
using ActLab.Benchmarks;
using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Random;
using ActLab.Kernels.Softmax;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Usage:
//   dotnet run -c Release --project bench/ActLab.Benchmarks                    all functions, 1M and 16M floats -> docs/benchmarks.md
//   dotnet run -c Release --project bench/ActLab.Benchmarks -- --quick         1M floats only, a few functions, no file
//   dotnet run -c Release --project bench/ActLab.Benchmarks -- --only sigmoid,tanh
//   dotnet run -c Release --project bench/ActLab.Benchmarks -- --contract-price   PyTorch's formulas in ActLab's driver: speed and error -> docs/benchmarks-contract.md
//   dotnet run -c Release --project bench/ActLab.Benchmarks -- --bdn           BenchmarkDotNet (in-process) on the headline kernels
//   dotnet run -c Release --project bench/ActLab.Benchmarks -- --train         µs per training step (issue 3's model shapes)
//   dotnet run -c Release --project bench/ActLab.Benchmarks -- --csv FILE      CSV to float32 against reading the bytes and pandas
//   dotnet run -c Release --project bench/ActLab.Benchmarks -- --playground    the playground's load test (20 sessions, 30 s) -> docs/benchmarks-playground.md
//                                                     [--sessions N] [--seconds S] [--no-file]
// A typo must not fall through to the full run, which takes minutes and rewrites docs/benchmarks.md.
string[] flags = ["--contract-price", "--bdn", "--csv", "--playground", "--sessions", "--seconds", "--no-file", "--train", "--quick", "--only", "--no-torch"];
string[] valued = ["--csv", "--sessions", "--seconds", "--only"];
if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("""
        Kernel benchmarks (ratios against baselines measured in the same run).
          (no options)          every elementwise function at 1M and 16M floats, beside PyTorch -> docs/benchmarks.md
          --quick               1M floats, a few functions, no file
          --only a,b            these specs only (1M and 16M floats), no file
          --no-torch            skip the PyTorch columns
          --contract-price      PyTorch's formulas run through ActLab's driver: their speed and their error,
                                beside ActLab's kernels -> docs/benchmarks-contract.md [--no-file]
          --bdn                 BenchmarkDotNet (in-process) on the headline kernels
          --train               time per training step and GFLOP/s per product shape
          --csv FILE            CSV to float32 against reading the bytes and pandas
          --playground          the playground's load test -> docs/benchmarks-playground.md
                                [--sessions N] [--seconds S] [--no-file]
        """);
    return 0;
}
for (int i = 0; i < args.Length; i++)
{
    if (!flags.Contains(args[i]))
    {
        Console.Error.WriteLine($"Unknown option '{args[i]}'; --help lists the options.");
        return 2;
    }
    if (valued.Contains(args[i]) && ++i >= args.Length)
    {
        Console.Error.WriteLine($"Option '{args[i - 1]}' needs a value; --help lists the options.");
        return 2;
    }
}
if (args.Contains("--contract-price"))
    return ContractPrice.Run(Console.Out, args.Contains("--no-file") ? null : Path.Combine(FindRepoRoot(), "docs", "benchmarks-contract.md"));
if (args.Contains("--bdn"))
{
    var config = ManualConfig.Create(DefaultConfig.Instance).AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance));
    BenchmarkRunner.Run<HeadlineBenchmarks>(config);
    return 0;
}
if (args.SkipWhile(a => a != "--csv").Skip(1).FirstOrDefault() is { } csvPath)
{
    CsvBench.Run(Console.Out, csvPath);
    return 0;
}
if (args.Contains("--playground"))
{
    int n = int.Parse(args.SkipWhile(a => a != "--sessions").Skip(1).FirstOrDefault() ?? "20", CultureInfo.InvariantCulture);
    double secs = double.Parse(args.SkipWhile(a => a != "--seconds").Skip(1).FirstOrDefault() ?? "30", CultureInfo.InvariantCulture);
    return PlaygroundLoad.Run(Console.Out, n, secs, args.Contains("--no-file") ? null : Path.Combine(FindRepoRoot(), "docs", "benchmarks-playground.md"));
}
if (args.Contains("--train"))
{
    TrainingBench.Run(Console.Out);
    LoopBench.Run(Console.Out);
    return 0;
}
bool quick = args.Contains("--quick");
string? only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
int[] sizes = quick ? [1 << 20] : [1 << 20, 1 << 24];
var specs = Catalogue.All.Where(e => e.Kind == ActivationKind.Elementwise)
    .Select(e => e.Key == "threshold" ? "threshold:threshold=0,value=0" : e.Key)
    .Concat(["gelu:approximate=tanh", "rrelu:mode=train"]).ToList();
if (only is not null) specs = [.. only.Split(',')];
else if (quick) specs = ["relu", "sigmoid", "tanh", "gelu", "gelu:approximate=tanh", "elu", "softplus", "silu"];

var inv = CultureInfo.InvariantCulture;
// The main tables are one thread; the 16M table adds a two-thread column (Elementwise.MaxThreads).
Elementwise.MaxThreads = 1;
var torch = args.Contains("--no-torch") ? null : TorchReference.Measure(FindRepoRoot());
var md = new StringBuilder();
md.AppendLine("# Kernel benchmarks");
md.AppendLine();
md.AppendLine("Generated by `dotnet run -c Release --project bench/ActLab.Benchmarks` (do not edit by hand). One thread unless a");
md.AppendLine("column says otherwise; ns per element is the median of 9 rounds of ≥ 20 ms (7 for the other columns); inputs uniform");
md.AppendLine("in [−10, 10], dy = 1 (log-softmax also with cross-entropy's dy, whose speed differs: see its row); buffers allocated and touched before timing. **copy** is `Span.CopyTo` (the memory bound for one read and");
md.AppendLine("one write; backward reads two spans); **× copy** is the median of the round-by-round ratio to a copy timed just before");
md.AppendLine("each round, so a machine whose speed drifts during the run does not move it. Ratios are taken within this run and read \"how many times faster ActLab is\" (> 1: ActLab");
md.AppendLine("faster): **TP** is `System.Numerics.Tensors.TensorPrimitives` where it has the function; **PyTorch** is the");
md.AppendLine($"same pass through PyTorch's own kernels ({torch?.About ?? "not measured in this run: no /usr/bin/python3 with torch"}),");
md.AppendLine("timed by `tools/reference/torch_kernels.py`, which this benchmark runs first, on the same machine (backward through");
md.AppendLine("the aten `*_backward` kernels autograd calls, from the tensors autograd saves). **libtorch** is a fixed reference:");
md.AppendLine("issue 11's figures for libtorch 2.10 (TorchSharp 0.107, one thread, in place) on the AMD Zen 5 machine kind of");
md.AppendLine("`../shared/reference/DOTNET.md`; when this run is on another machine its ratio compares machines as well as kernels,");
md.AppendLine("so read it beside the copy time of both (the Zen 5 machine copied at about 0.08 ns/element). Since libtorch's forward");
md.AppendLine("figures are in place, its forward ratio is taken against ActLab's **in place** column: the same pass with y = x, on");
md.AppendLine("an input restored before every call (untimed), so that repeated passes do not drift. Where libtorch is faster, PyTorch's");
md.AppendLine("formulas run through ActLab's own driver are timed, with their error, in [benchmarks-contract.md](benchmarks-contract.md)");
md.AppendLine("(`--contract-price`): they reach libtorch's speed there, and none keeps the accuracy contract.");
md.AppendLine();
md.AppendLine($"Machine: {Harness.Cpu()}, {Environment.ProcessorCount} cores, Vector512 {(Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}.");
foreach (int n in sizes)
{
    bool small = n == 1 << 20;
    var x = new float[n];
    var y = new float[n];
    var dy = new float[n];
    var dx = new float[n];
    var rng = new Pcg32(7);
    for (int i = 0; i < n; i++) { x[i] = (float)(rng.NextDouble() * 20 - 10); dy[i] = 1f; }
    y.AsSpan().Fill(1); dx.AsSpan().Fill(1);
    // Into dx, which every pass overwrites: y keeps the forward's output for the backward passes that read it (and for
    // log-softmax's, whose speed depends on it).
    Action copyBody = () => x.AsSpan().CopyTo(dx);
    // The in-place column's buffer, restored from x before every in-place call (untimed); the copy of dy into dx after it
    // (8 MiB through the 1 MiB L2) leaves z in the outer cache, where a pass repeated in place finds its buffer, instead
    // of a quarter of it in L2 (which made relu in place 0.038 against 0.045 ns/element).
    var z = small ? new float[n] : [];
    Action refill = () => { x.AsSpan().CopyTo(z); dy.AsSpan().CopyTo(dx); };
    double copy = Harness.NsPerElement(copyBody, n);
    var tp = new Dictionary<string, double>
    {
        ["sigmoid"] = Harness.NsPerElement(() => TensorPrimitives.Sigmoid(x, y), n),
        ["tanh"] = Harness.NsPerElement(() => TensorPrimitives.Tanh(x, y), n),
        ["exponential"] = Harness.NsPerElement(() => TensorPrimitives.Exp(x, y), n),
    };
    md.AppendLine();
    md.AppendLine($"## {n:N0} floats ({n * 4 / (1 << 20)} MiB per buffer)");
    md.AppendLine();
    md.AppendLine(string.Create(inv, $"copy: {copy:0.###} ns/element{(small && torch?.Copy is double tc ? $" (PyTorch's copy: {tc:0.###})" : "")}."));
    md.AppendLine();
    if (small)
    {
        md.AppendLine("| function | forward ns/el | × copy | TP ns (TP/ours) | PyTorch ns (PyTorch/ours) | in place | libtorch ns (libtorch/in place) | backward ns/el | × copy | PyTorch ns (PyTorch/ours) | libtorch ns (libtorch/ours) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }
    else
    {
        md.AppendLine("| function | forward ns/el | × copy | TP ns (TP/ours) | forward, 2 threads | 1 thread / 2 | backward ns/el | × copy | backward, 2 threads | 1 thread / 2 |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }
    Console.WriteLine($"== {n:N0} floats, copy {copy:0.###} ns/element");
    // f, b: ns/element and the ratio to copy, timed in alternating rounds (Harness.VersusBaseline).
    void Row(string name, (double Ns, double Ratio) f, (double Ns, double Ratio)? b, string key, Action forward2, Action? backward2, double? inPlace)
    {
        double fwd = f.Ns;
        double? bwd = b?.Ns;
        string tpCell = tp.TryGetValue(key, out var t) ? string.Create(inv, $"{t:0.###} ({t / fwd:0.00})") : "—";
        string B(double? v) => v is double d ? string.Create(inv, $"{d:0.###}") : "—";
        string X(double? ratio) => ratio is double d ? string.Create(inv, $"{d:0.00}") : "—";
        string Peer(double? theirs, double? ours) => theirs is double th && ours is double o ? string.Create(inv, $"{th:0.###} ({th / o:0.00})") : "—";
        if (small)
        {
            var pt = torch?.Get(key);
            var lt = TorchReference.Libtorch.TryGetValue(key, out var l) ? l : default((double, double)?);
            md.AppendLine($"| {name} | {B(fwd)} | {X(f.Ratio)} | {tpCell} | {Peer(pt?.Forward, fwd)} | {B(inPlace)} | {Peer(lt?.Item1, inPlace)} | {B(bwd)} | {X(b?.Ratio)} | {Peer(pt?.Backward, bwd)} | {Peer(lt?.Item2, bwd)} |");
            Console.WriteLine(string.Create(inv, $"{name.Replace("`", ""),-24} fwd {fwd,7:0.###} ns ({f.Ratio,5:0.00}× copy, in place {B(inPlace)})  bwd {B(bwd),7} ns  PyTorch fwd {Peer(pt?.Forward, fwd)} bwd {Peer(pt?.Backward, bwd)}"));
        }
        else
        {
            Elementwise.MaxThreads = 2;
            double f2 = Harness.NsPerElement(forward2, n);
            double? b2 = backward2 is null ? null : Harness.NsPerElement(backward2, n);
            Elementwise.MaxThreads = 1;
            string R(double? one, double? two) => one is double o && two is double w ? string.Create(inv, $"{o / w:0.00}") : "—";
            md.AppendLine($"| {name} | {B(fwd)} | {X(f.Ratio)} | {tpCell} | {B(f2)} | {R(fwd, f2)} | {B(bwd)} | {X(b?.Ratio)} | {B(b2)} | {R(bwd, b2)} |");
            Console.WriteLine(string.Create(inv, $"{name.Replace("`", ""),-24} fwd {fwd,7:0.###} ns ({f.Ratio,5:0.00}× copy)  bwd {B(bwd),7} ns  2 threads: fwd {f2:0.###} bwd {B(b2)}"));
        }
    }
    foreach (var spec in specs)
    {
        var act = Catalogue.Resolve(spec);
        var fwd = Harness.VersusBaseline(() => act.Forward(x, y), copyBody, n);
        act.Forward(x, y);
        var bwd = Harness.VersusBaseline(() => act.Backward(x, y, dy, dx), copyBody, n);
        double? inPlace = small ? Harness.InPlace(refill, () => act.Forward(z, z), n) : null;
        Row($"`{spec}`", fwd, bwd, spec, () => act.Forward(x, y), () => act.Backward(x, y, dy, dx), inPlace);
    }
    // Softmax over rows of 1,024 (a large vocabulary-like row) against TensorPrimitives.SoftMax row by row. Rows are
    // split over threads by whole rows above the elementwise grain, which the 2-thread column at 16M measures.
    const int row = 1024;
    int[] shape = [n / row, row];
    var sm = Harness.VersusBaseline(() => SoftmaxKernels.Softmax(x, y, shape, -1), copyBody, n);
    tp["softmax"] = Harness.NsPerElement(() => { for (int r = 0; r < n; r += row) TensorPrimitives.SoftMax(x.AsSpan(r, row), y.AsSpan(r, row)); }, n);
    SoftmaxKernels.Softmax(x, y, shape, -1);
    var smb = Harness.VersusBaseline(() => SoftmaxKernels.SoftmaxBackward(y, dy, dx, shape, -1), copyBody, n);
    double? smIn = small ? Harness.InPlace(refill, () => SoftmaxKernels.Softmax(z, z, shape, -1), n) : null;
    Row($"`softmax` (rows of {row})", sm, smb, "softmax", () => SoftmaxKernels.Softmax(x, y, shape, -1), () => SoftmaxKernels.SoftmaxBackward(y, dy, dx, shape, -1), smIn);
    var lsm = Harness.VersusBaseline(() => SoftmaxKernels.LogSoftmax(x, y, shape, -1), copyBody, n);
    SoftmaxKernels.LogSoftmax(x, y, shape, -1);
    var lsmb = Harness.VersusBaseline(() => SoftmaxKernels.LogSoftmaxBackward(y, dy, dx, shape, -1), copyBody, n);
    double? lsmIn = small ? Harness.InPlace(refill, () => SoftmaxKernels.LogSoftmax(z, z, shape, -1), n) : null;
    Row($"`log-softmax` (rows of {row})", lsm, lsmb, "log-softmax", () => SoftmaxKernels.LogSoftmax(x, y, shape, -1), () => SoftmaxKernels.LogSoftmaxBackward(y, dy, dx, shape, -1), lsmIn);
    // The same backward from cross-entropy's gradient (−1/rows at one random class per row, 0 elsewhere), the dy a
    // training step gives it: dy − e^y·Σ cancels only at a confident target, where dy = 1 cancels across every row
    // (dx = 1 − 1024·p), so the float pass serves nearly every vector here and almost none above. PyTorch's kernel
    // does the same work for any dy.
    var ce = new float[n];
    for (int r = 0; r < n / row; r++) ce[r * row + (int)(rng.NextUInt() % row)] = -1f / (n / row);
    var lsmce = Harness.VersusBaseline(() => SoftmaxKernels.LogSoftmaxBackward(y, ce, dx, shape, -1), copyBody, n);
    Row($"`log-softmax` (rows of {row}, cross-entropy's dy)", lsm, lsmce, "log-softmax", () => SoftmaxKernels.LogSoftmax(x, y, shape, -1), () => SoftmaxKernels.LogSoftmaxBackward(y, ce, dx, shape, -1), lsmIn);
}
if (!quick && only is null)
{
    string root = FindRepoRoot();
    string path = Path.Combine(root, "docs", "benchmarks.md");
    // The training section below the marker is measured with other tools (train, the PyTorch script) and kept as it is.
    const string Kept = "<!-- training section: kept when the kernel tables are regenerated -->";
    if (File.Exists(path) && File.ReadAllText(path) is var old && old.IndexOf(Kept, StringComparison.Ordinal) is >= 0 and var at)
        md.Append('\n').Append(old[at..]);
    File.WriteAllText(path + ".tmp", md.ToString());
    File.Move(path + ".tmp", path, overwrite: true);
    Console.WriteLine($"wrote {path}");
}
return 0;

static string FindRepoRoot()
{
    var d = new DirectoryInfo(AppContext.BaseDirectory);
    while (d is not null && !File.Exists(Path.Combine(d.FullName, "ActLab.slnx"))) d = d.Parent;
    return d?.FullName ?? Directory.GetCurrentDirectory();
}
