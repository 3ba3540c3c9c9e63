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
        var perStep = new[] { 1, 2 }.Select(threads =>
            Case(o, $"784-256-256-10 ReLU MLP, cross-entropy, Adam, batch 128, {threads} thread(s)", "linear(784,256) relu linear(256,256) relu linear(256,10)", 784, 10, 128, new CrossEntropyLoss(), binary: false, threads)).ToArray();
        double ceiling = PeakGflops(2) / PeakGflops(1);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    2 threads against 1, whole step: {perStep[0] / perStep[1]:0.00}× (two FMA-only threads at once, measured now: {ceiling:0.00}×)"));
    }

    private static double Case(TextWriter o, string title, string spec, int inputs, int outputs, int batch, Loss loss, bool binary, int threads = 1)
    {
        // The weights of the stream Pcg32(1) in layer order, as the benchmark has always drawn them (comparable figures).
        var rng = new Pcg32(1);
        var layers = new List<ILayer>();
        foreach (var l in ModelDefinition.Parse(spec).Layers)
            layers.Add(l is LinearDefinition lin ? new Linear(lin.In, lin.Out, ref rng) : new ActivationLayer(((ActivationDefinition)l).Activation.NewInstance()));
        var model = new Sequential(layers) { Parallelism = threads };
        var opt = new Adam(model.Parameters) { Parallelism = threads };
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
        return rounds[3];
    }

    // GFLOP/s of the three product shapes of a Linear(784, 256) layer's step at this batch, one thread: the forward
    // product X·Wᵀ (through the transposed copy, as Linear does), the weight gradient dYᵀ·X and the input gradient dY·W
    // (the latter at 256 × 256, as the second layer's). Median of 7 rounds.
    private static void Shapes(TextWriter o, int batch)
    {
        double peak = PeakGflops(1), both = PeakGflops(2);
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    one core's FP32 peak, measured now (16 independent {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 512 : 256)}-bit FMA chains): {peak:0.#} GFLOP/s; two threads at once: {both:0.#} GFLOP/s ({both / peak:0.00}×, the ceiling for thread scaling here)"));
        var rng = new ActLab.Kernels.Random.Pcg32(3);
        float[] R(int n) { var a = new float[n]; for (int i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() - 0.5); return a; }
        float[] w = R(256 * 784), wtr = new float[784 * 256];
        float[] x = R(batch * 784), wt = R(784 * 256), y = R(batch * 256), dy = R(batch * 256), dw = R(256 * 784), w2 = R(256 * 256), dx = R(batch * 256);
        (string Name, double Flops, Action<int> Run)[] shapes =
        [
            ($"forward  X·Wᵀ   [{batch}×784]·[784×256]", 2.0 * batch * 784 * 256, t => Ops.MatMulAB(x, wt, y, batch, 784, 256, t)),
            ($"weights  dYᵀ·X  [256×{batch}]·[{batch}×784]", 2.0 * batch * 784 * 256, t => Ops.MatMulAtB(dy, x, dw, batch, 256, 784, t)),
            ($"inputs   dY·W   [{batch}×256]·[256×256]", 2.0 * batch * 256 * 256, t => Ops.MatMulAB(dy, w2, dx, batch, 256, 256, t)),
            ($"forward as Linear runs it, W's transpose included", 2.0 * batch * 784 * 256, t => Ops.MatMulABtTransposed(x, w, wtr, y, batch, 784, 256, t)),
        ];
        foreach (var (name, flops, run) in shapes)
        {
            double one = Median(() => run(1)), two = Median(() => run(2));
            double g = flops / one / 1e9;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {name}: {g:0.#} GFLOP/s ({one * 1e6:0} µs), {g / peak:P0} of the measured peak; 2 threads {two * 1e6:0} µs ({one / two:0.00}×)"));
        }
        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    transpose W [256×784] (Linear's forward layout; not a product): {Median(() => Ops.Transpose(w, wtr, 256, 784)) * 1e6:0} µs"));
    }

    // Seconds per call: 20 warm-up calls, then the median of 7 rounds of 50.
    private static double Median(Action run)
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
        return times[3];
    }

    // The baseline for the product figures, measured in the same run: fused multiply-adds on registers only (16
    // independent accumulators hide the 4-cycle latency on two pipes), median of 7 rounds.
    private static double PeakGflops(int threads)
    {
        const int Iterations = 2_000_000;
        var times = new double[7];
        var sinks = new float[threads];
        for (int r = 0; r < times.Length; r++)
        {
            var sw = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                t => sinks[t] += System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? Fma512(Iterations) : Fma256(Iterations));
            times[r] = sw.Elapsed.TotalSeconds;
        }
        Array.Sort(times);
        int lanes = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? 16 : 8;
        return sinks.Sum() == 12345 ? 0 : 2.0 * 16 * lanes * Iterations * threads / times[3] / 1e9;
    }

    private static float Fma512(int iterations)
    {
        var x = System.Runtime.Intrinsics.Vector512.Create(0.999f);
        var y = System.Runtime.Intrinsics.Vector512.Create(1e-7f);
        System.Runtime.Intrinsics.Vector512<float> a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y, a12 = y, a13 = y, a14 = y, a15 = y;
        for (int i = 0; i < iterations; i++)
        {
            a0 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a0, x, y); a1 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a1, x, y);
            a2 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a2, x, y); a3 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a3, x, y);
            a4 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a4, x, y); a5 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a5, x, y);
            a6 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a6, x, y); a7 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a7, x, y);
            a8 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a8, x, y); a9 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a9, x, y);
            a10 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a10, x, y); a11 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a11, x, y);
            a12 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a12, x, y); a13 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a13, x, y);
            a14 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a14, x, y); a15 = System.Runtime.Intrinsics.Vector512.FusedMultiplyAdd(a15, x, y);
        }
        return System.Runtime.Intrinsics.Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
    }

    private static float Fma256(int iterations)
    {
        var x = System.Runtime.Intrinsics.Vector256.Create(0.999f);
        var y = System.Runtime.Intrinsics.Vector256.Create(1e-7f);
        System.Runtime.Intrinsics.Vector256<float> a0 = y, a1 = y, a2 = y, a3 = y, a4 = y, a5 = y, a6 = y, a7 = y, a8 = y, a9 = y, a10 = y, a11 = y, a12 = y, a13 = y, a14 = y, a15 = y;
        for (int i = 0; i < iterations; i++)
        {
            a0 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a0, x, y); a1 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a1, x, y);
            a2 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a2, x, y); a3 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a3, x, y);
            a4 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a4, x, y); a5 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a5, x, y);
            a6 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a6, x, y); a7 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a7, x, y);
            a8 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a8, x, y); a9 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a9, x, y);
            a10 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a10, x, y); a11 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a11, x, y);
            a12 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a12, x, y); a13 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a13, x, y);
            a14 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a14, x, y); a15 = System.Runtime.Intrinsics.Vector256.FusedMultiplyAdd(a15, x, y);
        }
        return System.Runtime.Intrinsics.Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15);
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
