using System.Diagnostics;
using System.Globalization;
using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels.Random;

namespace ActLab.Benchmarks;

/// <summary>Microseconds per training step (forward, loss, backward, optimizer) for the model shapes,
/// with the phases timed separately.</summary>
public static class TrainingBench
{
    public static void Run(TextWriter o)
    {
        Case(o, "seed 000: linear(2,1) sigmoid, BCE, Adam, batch 32", "linear(2,1) sigmoid", 2, 1, 32, new BceLoss(), binary: true);
        Case(o, "2-16-16-1 ReLU MLP, BCE-with-logits, Adam, batch 32", "linear(2,16) relu linear(16,16) relu linear(16,1)", 2, 1, 32, new BceWithLogitsLoss(), binary: true);
        foreach (int threads in new[] { 1, 2 })
            Case(o, $"784-256-256-10 ReLU MLP, cross-entropy, Adam, batch 128, {threads} thread(s)", "linear(784,256) relu linear(256,256) relu linear(256,10)", 784, 10, 128, new CrossEntropyLoss(), binary: false, threads);
    }

    private static void Case(TextWriter o, string title, string spec, int inputs, int outputs, int batch, Loss loss, bool binary, int threads = 1)
    {
        // The weights of the stream Pcg32(1) in layer order, as the benchmark has always drawn them (comparable figures).
        var rng = new Pcg32(1);
        var layers = new List<ILayer>();
        foreach (var l in ModelDefinition.Parse(spec).Layers)
            layers.Add(l is LinearDefinition lin ? new Linear(lin.In, lin.Out, ref rng) : new ActivationLayer(((ActivationDefinition)l).Activation.NewInstance()));
        var model = new Sequential(layers) { Parallelism = threads };
        var opt = new Adam(model.Parameters);
        var x = new Tensor(batch, inputs);
        var data = new Pcg32(2);
        for (int i = 0; i < x.Length; i++) x.Data[i] = (float)(data.NextDouble() * 2 - 1);
        var y = binary ? new Tensor(batch, 1) : new Tensor(batch);
        for (int i = 0; i < y.Length; i++) y.Data[i] = binary ? i % 2 : i % outputs;
        var sw = new Stopwatch();
        double[] phase = new double[4];
        void Step(bool time)
        {
            long t0 = Stopwatch.GetTimestamp();
            var output = model.Forward(x, training: true);
            long t1 = Stopwatch.GetTimestamp();
            loss.Forward(output, y);
            long t2 = Stopwatch.GetTimestamp();
            model.Backward(loss.Backward());
            long t3 = Stopwatch.GetTimestamp();
            opt.Step();
            long t4 = Stopwatch.GetTimestamp();
            if (!time) return;
            phase[0] += t1 - t0; phase[1] += t2 - t1; phase[2] += t3 - t2; phase[3] += t4 - t3;
        }
        for (int i = 0; i < 2000; i++) Step(false);
        Thread.Sleep(150);
        for (int i = 0; i < 200; i++) Step(false);
        // Whole steps without per-phase timestamps (the clock reads cost ~20 ns each), median of 7 rounds.
        int steps = inputs > 100 ? 200 : 100_000;
        var rounds = new double[7];
        for (int r = 0; r < rounds.Length; r++)
        {
            sw.Restart();
            for (int i = 0; i < steps; i++) Step(false);
            rounds[r] = sw.Elapsed.TotalMicroseconds / steps;
        }
        Array.Sort(rounds);
        for (int i = 0; i < steps; i++) Step(true);
        double tick = 1e6 / Stopwatch.Frequency / steps;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {rounds[3]:0.###} µs/step (median of 7 × {steps:N0}); phases forward {phase[0] * tick:0.###}, loss {phase[1] * tick:0.###}, backward {phase[2] * tick:0.###}, Adam {phase[3] * tick:0.###} µs"));
        if (inputs > 100)
        {
            double flops = 2.0 * batch * (784 * 256 + 256 * 256 + 256 * 10) * 3; // forward + two backward products
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    matrix products: {flops / (rounds[3] * 1e-6) / 1e9:0.##} GFLOP/s over the whole step"));
            if (threads == 1) Shapes(o, batch);
        }
    }

    // GFLOP/s of the three product shapes of a Linear(784, 256) layer's step at this batch, one thread: the forward
    // product X·Wᵀ (through the transposed copy, as Linear does), the weight gradient dYᵀ·X and the input gradient dY·W
    // (the latter at 256 × 256, as the second layer's). Median of 7 rounds.
    private static void Shapes(TextWriter o, int batch)
    {
        var rng = new ActLab.Kernels.Random.Pcg32(3);
        float[] R(int n) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() - 0.5); return a; }
        float[] x = R(batch * 784), wt = R(784 * 256), y = R(batch * 256), dy = R(batch * 256), dw = R(256 * 784), w2 = R(256 * 256), dx = R(batch * 256);
        (string Name, double Flops, Action Run)[] shapes =
        [
            ($"forward  X·Wᵀ   [{batch}×784]·[784×256]", 2.0 * batch * 784 * 256, () => Ops.MatMulAB(x, wt, y, batch, 784, 256, 1)),
            ($"weights  dYᵀ·X  [256×{batch}]·[{batch}×784]", 2.0 * batch * 784 * 256, () => Ops.MatMulAtB(dy, x, dw, batch, 256, 784, 1)),
            ($"inputs   dY·W   [{batch}×256]·[256×256]", 2.0 * batch * 256 * 256, () => Ops.MatMulAB(dy, w2, dx, batch, 256, 256, 1)),
        ];
        foreach (var (name, flops, run) in shapes)
        {
            for (int i = 0; i < 20; i++) run();
            var times = new double[7];
            for (int r = 0; r < 7; r++)
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < 50; i++) run();
                times[r] = sw.Elapsed.TotalSeconds / 50;
            }
            Array.Sort(times);
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name}: {flops / times[3] / 1e9:0.#} GFLOP/s ({times[3] * 1e6:0} µs)"));
        }
    }
}

/// <summary>The tutorial's loop split into its parts: batch assembly, the step, and per-epoch work.</summary>
public static class LoopBench
{
    public static void Run(TextWriter o)
    {
        var table = ActLab.Core.Data.Generators.Gaussians(500, 2, 42, ActLab.Core.Data.RandomStream.Numpy);
        var features = table.Rows.Select(r => r.Select(v => (float)v).ToArray()).ToArray();
        var targets = table.Labels.Select(l => (float)l).ToArray();
        var parts = ActLab.Core.Data.Split.Random(1000, [800, 100, 100], 0);
        var loader = new ActLab.Core.Data.DataLoader(features, targets, parts[0], 32, true, true, 1);
        var model = ModelDefinition.Parse("linear(2,1) sigmoid").Build(0);
        var loss = new BceLoss();
        var trainer = new Trainer(model, loss, new Adam(model.Parameters));
        for (int e = 0; e < 500; e++) trainer.RunEpoch(e + 1, loader, null);
        var sw = Stopwatch.StartNew();
        for (int e = 0; e < 4000; e++) trainer.RunEpoch(e + 1, loader, null);
        double epochUs = sw.Elapsed.TotalMicroseconds / 4000;
        sw.Restart();
        for (int e = 0; e < 4000; e++) { loader.StartEpoch(); for (int b = 0; b < loader.BatchCount; b++) loader.Batch(b); }
        double loaderUs = sw.Elapsed.TotalMicroseconds / 4000;
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tutorial loop: {epochUs / loader.BatchCount:0.###} µs per step via Trainer.RunEpoch; of which shuffle + batch assembly {loaderUs / loader.BatchCount:0.###} µs"));
    }
}
