using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Random;

namespace ActLab.Kernels.Tests.Reference;

/// <summary>The named tolerances of the accuracy contract (issue 2).</summary>
public static class Tolerance
{
    /// <summary>Forward error of a smooth function, in ULP of the correctly rounded result.</summary>
    public const double ForwardUlp = 2;
    /// <summary>Backward error, in ULP.</summary>
    public const double BackwardUlp = 4;
    /// <summary>Backward error allowed in absolute terms where the true derivative is near zero.</summary>
    public const double BackwardAbsNearZero = 1e-7;
    /// <summary>Below this magnitude a true derivative counts as "near zero".</summary>
    public const double NearZero = 1e-3;
}

/// <summary>Measured worst errors of one spec over a sample.</summary>
public sealed record AccuracyResult(string Spec, bool PiecewiseExact, int Samples, double ForwardMaxUlp, float ForwardWorstX,
    double BackwardMaxUlp, float BackwardWorstX, double BackwardMaxAbsNearZero, int ForwardMismatches);

public static class Accuracy
{
    /// <summary>Distance from a computed float to the true value, in units of the float spacing at the true value
    /// (a correctly rounded result scores ≤ 0.5). Both NaN, or equal infinities, score 0; any other disagreement
    /// about NaN or infinity scores +∞.</summary>
    public static double UlpError(float computed, double truth)
    {
        if (double.IsNaN(truth) || double.IsNaN(computed)) return double.IsNaN(truth) && double.IsNaN(computed) ? 0 : double.PositiveInfinity;
        float rounded = (float)truth;
        if (float.IsInfinity(rounded) || float.IsInfinity(computed)) return rounded == computed ? 0 : double.PositiveInfinity;
        double mag = Math.Abs(rounded);
        double ulp = MathF.BitIncrement((float)mag) - (float)mag;
        return Math.Abs(computed - truth) / ulp;
    }

    /// <summary>A backward result's error by the contract's rule: in ULP, except 0 where the true derivative is near
    /// zero (|f′| &lt; <see cref="Tolerance.NearZero"/>) and the result is within <see cref="Tolerance.BackwardAbsNearZero"/>
    /// of it.</summary>
    public static double BackwardError(float computed, double truth) =>
        Math.Abs(truth) < Tolerance.NearZero && Math.Abs(computed - truth) <= Tolerance.BackwardAbsNearZero ? 0 : UlpError(computed, truth);

    /// <summary>Special values, then values spread over every binade, then dense values where activations bend.</summary>
    public static float[] Inputs(int randomCount, ulong seed = 2026)
    {
        var list = new List<float>
        {
            0f, -0f, float.Epsilon, -float.Epsilon, 1e-38f, -1e-38f, 1e-20f, -1e-20f, 1e-8f, -1e-8f, 1e-4f, -1e-4f,
            0.5f, -0.5f, 1f, -1f, 2f, -2f, 3f, -3f, 6f, -6f, 9.01f, -9.01f, 16.6f, -16.6f, 20f, -20f, 30f, -30f,
            88.7f, -88.7f, 89f, -89f, 100f, -100f, 103.9f, -103.9f, 300f, -300f, 1e4f, -1e4f, 1e10f, -1e10f, 3e38f, -3e38f,
            float.MaxValue, float.MinValue, -0.7518f, -1.2785f, -1.19f, 1.4142f, 2.3993f, -0.75f,
        };
        var rng = new Pcg32(seed);
        for (int i = 0; i < randomCount; i++)
        {
            switch (i % 4)
            {
                case 0: // any finite float, log-uniform over the binades
                    float v;
                    do v = BitConverter.Int32BitsToSingle((int)rng.NextUInt()); while (!float.IsFinite(v));
                    list.Add(v);
                    break;
                case 1: list.Add((float)(rng.NextDouble() * 20 - 10)); break;
                case 2: list.Add((float)(rng.NextDouble() * 200 - 100)); break;
                default: list.Add((float)((rng.NextDouble() * 2 - 1) * Math.Pow(10, rng.NextDouble() * 8 - 6))); break;
            }
        }
        return [.. list];
    }

    /// <summary>Measures forward and backward against the oracle at every input.</summary>
    public static AccuracyResult Measure(RefFunction r, float[] xs)
    {
        var act = Catalogue.Catalogue.Resolve(r.Spec);
        var y = new float[xs.Length];
        var dx = new float[xs.Length];
        var ones = Enumerable.Repeat(1f, xs.Length).ToArray();
        act.Forward(xs, y);
        act.Backward(xs, y, ones, dx);
        double fMax = 0, bMax = 0, bAbs = 0;
        float fAt = 0, bAt = 0;
        int mismatches = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            float x = xs[i];
            if (r.IsPiecewiseExact)
            {
                float e = r.Exact(x);
                bool same = BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(y[i]) || (float.IsNaN(e) && float.IsNaN(y[i]));
                if (!same) mismatches++;
            }
            double fu = UlpError(y[i], r.F(x));
            if (fu > fMax) { fMax = fu; fAt = x; }
            if (IsKink(r, x)) continue;
            double truth = r.D(x);
            if (Math.Abs(truth) < Tolerance.NearZero && Math.Abs(dx[i] - truth) is var abs && abs > bAbs) bAbs = abs; // NaN leaves it
            double bu = BackwardError(dx[i], truth);
            if (bu > bMax) { bMax = bu; bAt = x; }
        }
        return new AccuracyResult(r.Spec, r.IsPiecewiseExact, xs.Length, fMax, fAt, bMax, bAt, bAbs, mismatches);
    }

    // At a kink the oracle's derivative is one-sided; the kink values are pinned by their own tests.
    private static bool IsKink(RefFunction r, float x) => r.Kinks is not null && r.Kinks.Any(k => (float)k == x);
}
