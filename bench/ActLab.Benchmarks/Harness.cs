using System.Diagnostics;

namespace ActLab.Benchmarks;

/// <summary>
/// A small same-run timing harness: every measurement is the median ns/element over several rounds, each round
/// long enough (≥ 20 ms) to hide timer noise, buffers allocated and touched before timing. Ratios are taken
/// against baselines measured in the same process, which is what survives a shared, noisy machine.
/// </summary>
public static class Harness
{
    public static double NsPerElement(Action body, int elements, int rounds = 7, double minRoundMs = 20)
    {
        // Warm up past tiered compilation: ≥ 60 calls and ≥ 300 ms, then give the background tier-1 JIT time to
        // install optimised code (ReadyToRun library code such as TensorPrimitives is rejitted only after ~30 calls).
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 60 || sw.ElapsedMilliseconds < 300; i++) body();
        Thread.Sleep(150);
        for (int i = 0; i < 5; i++) body();
        sw.Restart();
        body();
        double once = Math.Max(sw.Elapsed.TotalMilliseconds, 1e-3);
        int reps = Math.Max(1, (int)Math.Ceiling(minRoundMs / once));
        var samples = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            sw.Restart();
            for (int k = 0; k < reps; k++) body();
            samples[r] = sw.Elapsed.TotalNanoseconds / reps / elements;
        }
        Array.Sort(samples);
        return samples[rounds / 2];
    }
}
