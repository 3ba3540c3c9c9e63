using System.Numerics;
using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>RReLU(x) = x if x &gt; 0, else r·x, with r ~ U(lower, upper) per element in
/// training and r = (lower + upper)/2 in evaluation</summary>
/// <remarks>∂/∂x = the element's r (its noise) for x ≤ 0, else 1. Defaults lower = 1/8, upper = 1/3 (PyTorch), so
/// the evaluation slope is 11/48 ≈ 0.2292. Training draws r only for x ≤ 0, as PyTorch does, from a seeded
/// <see cref="Pcg32"/>, and stores it in <c>noise</c> for the backward. Xu et al. 2015, arXiv:1505.00853.</remarks>
public static class Rrelu
{
    /// <summary>PyTorch's default lower bound, 1/8.</summary>
    public const float DefaultLower = 1f / 8;
    /// <summary>PyTorch's default upper bound, 1/3.</summary>
    public const float DefaultUpper = 1f / 3;

    /// <summary>Training forward: y = x·noise, noise = 1 for x &gt; 0 and U(lower, upper) otherwise.</summary>
    public static void ForwardTrain(ReadOnlySpan<float> x, Span<float> y, Span<float> noise, float lower, float upper, ref Pcg32 rng)
    {
        Validate(lower, upper);
        Check.Destination(x.Length, y.Length, nameof(y));
        Check.Destination(x.Length, noise.Length, nameof(noise));
        Check.Aliasing(x, y, nameof(y));
        float width = upper - lower;
        // A branch per element, mispredicted half the time on random signs. Branch-free versions (stepping the
        // generator under a mask, or drawing the k values first and spreading them) measured slower here.
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            if (v > 0) { noise[i] = 1f; y[i] = v; }
            else { float r = lower + width * rng.NextFloat(); noise[i] = r; y[i] = v * r; }
        }
    }

    /// <summary>Training backward: dx = noise·dy.</summary>
    public static void BackwardTrain(ReadOnlySpan<float> noise, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check.Source(noise.Length, dy.Length, nameof(dy));
        Check.Destination(noise.Length, dx.Length, nameof(dx));
        int i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i + Vector<float>.Count <= noise.Length; i += Vector<float>.Count)
                (new Vector<float>(noise[i..]) * new Vector<float>(dy[i..])).CopyTo(dx[i..]);
        for (; i < noise.Length; i++) dx[i] = noise[i] * dy[i];
    }

    /// <summary>The evaluation-mode kernel: leaky ReLU with slope (lower + upper)/2.</summary>
    public static LeakyRelu Eval(float lower = DefaultLower, float upper = DefaultUpper)
    {
        Validate(lower, upper);
        return new LeakyRelu((lower + upper) / 2);
    }

    private static void Validate(float lower, float upper)
    {
        if (!(lower <= upper))
            throw new InputException("spec", lower, $"RReLU needs lower ≤ upper; got lower={lower}, upper={upper}.") { Key = "error.spec.rreluKernel", Args = [lower, upper] };
    }
}
