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
        int reps = WarmUp(body, minRoundMs);
        var samples = new double[rounds];
        for (int r = 0; r < rounds; r++) samples[r] = Round(body, reps, elements);
        Array.Sort(samples);
        return samples[rounds / 2];
    }

    /// <summary>The median ns/element of <paramref name="body"/> and the median of its ratio to
    /// <paramref name="baseline"/>, the two timed in alternating rounds: a ratio taken round by round is not thrown by
    /// the machine's speed drifting between the baseline's measurement and this one (on a shared machine the copy
    /// time alone moved by 20% within one run).</summary>
    public static (double Ns, double Ratio) VersusBaseline(Action body, Action baseline, int elements, int rounds = 9, double minRoundMs = 20)
    {
        int reps = WarmUp(body, minRoundMs), baseReps = WarmUp(baseline, minRoundMs);
        var ns = new double[rounds];
        var ratios = new double[rounds];
        for (int r = 0; r < rounds; r++)
        {
            double b = Round(baseline, baseReps, elements);
            ns[r] = Round(body, reps, elements);
            ratios[r] = ns[r] / b;
        }
        Array.Sort(ns);
        Array.Sort(ratios);
        return (ns[rounds / 2], ratios[rounds / 2]);
    }

    /// <summary>The median ns/element of <paramref name="body"/> run in place on data that <paramref name="refill"/>
    /// restores before every call, untimed: a pass repeated in place on its own output would drift (tanhshrink's
    /// towards subnormals, exponential's to ∞), so each call starts from the same input, as an out-of-place pass does.
    /// Each call is timed alone (tens of µs at 1M floats, far above the timer's resolution).</summary>
    public static double InPlace(Action refill, Action body, int elements, int rounds = 7, double minRoundMs = 20)
    {
        int reps = WarmUp(() => { refill(); body(); }, minRoundMs);
        var samples = new double[rounds];
        var sw = new Stopwatch();
        for (int r = 0; r < rounds; r++)
        {
            sw.Reset();
            for (int k = 0; k < reps; k++)
            {
                refill();
                sw.Start();
                body();
                sw.Stop();
            }
            samples[r] = sw.Elapsed.TotalNanoseconds / reps / elements;
        }
        Array.Sort(samples);
        return samples[rounds / 2];
    }

    // Warms up past tiered compilation: ≥ 60 calls and ≥ 300 ms, then gives the background tier-1 JIT time to install
    // optimised code (ReadyToRun library code such as TensorPrimitives is rejitted only after ~30 calls); returns the
    // repetitions that make a round last ≥ minRoundMs.
    private static int WarmUp(Action body, double minRoundMs)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < 60 || sw.ElapsedMilliseconds < 300; i++) body();
        Thread.Sleep(150);
        for (int i = 0; i < 5; i++) body();
        sw.Restart();
        body();
        double once = Math.Max(sw.Elapsed.TotalMilliseconds, 1e-3);
        return Math.Max(1, (int)Math.Ceiling(minRoundMs / once));
    }

    private static double Round(Action body, int reps, int elements)
    {
        var sw = Stopwatch.StartNew();
        for (int k = 0; k < reps; k++) body();
        return sw.Elapsed.TotalNanoseconds / reps / elements;
    }

    // The processor, from /proc/cpuinfo: its model name, with the x86 family and model (a virtual machine may show only
    // "AMD EPYC"; family 26 is Zen 5, the libtorch reference's kind), so a table says which machine it was measured on.
    public static string Cpu()
    {
        try
        {
            var lines = File.ReadLines("/proc/cpuinfo").TakeWhile(l => l.Length > 0).ToList();
            string Field(string key) => lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            return $"{Field("model name")} (x86 family {Field("cpu family")}, model {Field("model\t")})";
        }
        catch (IOException) { return "processor unknown"; }
        catch (UnauthorizedAccessException) { return "processor unknown"; }
    }
}
