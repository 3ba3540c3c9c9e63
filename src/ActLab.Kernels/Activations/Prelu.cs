using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Activations;

/// <summary>PReLU(x) = x if x &gt; 0, else a·x, with a learned slope a per channel (dim 1) or one shared</summary>
/// <remarks>∂/∂x = 1 for x &gt; 0, else a (<b>a at x = 0</b>); ∂/∂a = x·dy for x ≤ 0, else 0, summed over every
/// position that shares the slope. PyTorch: <c>num_parameters</c> is 1 or C, <c>init</c> = 0.25; inputs of rank
/// &lt; 2 count as one channel. He et al. 2015, arXiv:1502.01852.</remarks>
public static class Prelu
{
    /// <summary>y = PReLU(x) for x laid out as [outer, channels, inner] and <paramref name="weight"/> of length 1 or channels.</summary>
    public static void Forward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, Span<float> y, int channels = 1, int inner = 1)
    {
        int outer = Layout(x.Length, weight.Length, channels, inner);
        Check.Destination(x.Length, y.Length, nameof(y));
        Check.Aliasing(x, y, nameof(y));
        if (weight.Length == 1) { Elementwise.Forward(new LeakyRelu(weight[0]), x, y); return; }
        for (int o = 0; o < outer; o++)
        for (int c = 0; c < channels; c++)
        {
            int s = (o * channels + c) * inner;
            Elementwise.Forward(new LeakyRelu(weight[c]), x.Slice(s, inner), y.Slice(s, inner));
        }
    }

    /// <summary>dx = ∂PReLU/∂x·dy, and <paramref name="dweight"/> = Σ x·dy over x ≤ 0 per slope (overwritten, not accumulated).</summary>
    /// <remarks>One pass: each vector of x and dy is read once for both dx and the slope's sum (three streams, as a
    /// plain activation's backward, instead of a reduction pass and then a backward pass). The sum is formed in
    /// double in a fixed order on the calling thread, so it is the same bits on any thread count.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // no tier-up (and its allocating call-count callback) mid-training
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dweight, int channels = 1, int inner = 1)
    {
        int outer = Layout(x.Length, weight.Length, channels, inner);
        Check.Source(x.Length, dy.Length, nameof(dy));
        Check.Destination(weight.Length, dweight.Length, nameof(dweight));
        Check.Destination(x.Length, dx.Length, nameof(dx));
        Check.Aliasing(x, dx, nameof(dx));
        Check.Aliasing(dy, dx, nameof(dx));
        if (weight.Length == 1) { dweight[0] = (float)FusedBackward(x, dy, dx, weight[0]); return; }
        Span<double> acc = weight.Length <= 1024 ? stackalloc double[weight.Length] : new double[weight.Length];
        acc.Clear();
        for (int o = 0; o < outer; o++)
        for (int c = 0; c < channels; c++)
        {
            int s = (o * channels + c) * inner;
            acc[c] += FusedBackward(x.Slice(s, inner), dy.Slice(s, inner), dx.Slice(s, inner), weight[c]);
        }
        for (int c = 0; c < weight.Length; c++) dweight[c] = (float)acc[c];
    }

    // dx = LeakyRelu(slope)'s backward, and returns Σ x·dy over x ≤ 0 (NaN included): x·dy exact in double, one vector
    // accumulator, then the tail in order (the arithmetic of the separate reduction pass this replaced, so the slope's
    // gradient is the same bits as before). Each element is read before its dx is written, so dx may be x or dy.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double FusedBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, float slope)
    {
        if (Vector512.IsHardwareAccelerated) return FusedBackward<F512, D512>(x, dy, dx, slope);
        if (Vector256.IsHardwareAccelerated) return FusedBackward<F256, D256>(x, dy, dx, slope);
        return FusedBackward<F128, D128>(x, dy, dx, slope);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double FusedBackward<TF, TD>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, float slope)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pg = ref MemoryMarshal.GetReference(dy);
        ref float pd = ref MemoryMarshal.GetReference(dx);
        nuint n = (nuint)x.Length, w = (nuint)TF.Count, i = 0;
        var op = new LeakyRelu(slope);
        var acc = TD.Create(0);
        var zero = TF.Create(0f);
        for (; i + w <= n; i += w)
        {
            var v = TF.Load(ref px, i);
            var g = TF.Load(ref pg, i);
            TF.Widen(TF.Select(TF.GreaterThan(v, zero), zero, v), out var xl, out var xh);
            TF.Widen(g, out var gl, out var gh);
            acc = TD.Fma(xl, gl, TD.Fma(xh, gh, acc));
            TF.Store(op.Backward<TF, TD>(v, v, g), ref pd, i);
        }
        double sum = TD.Sum(acc);
        for (; i < n; i++)
        {
            float v = x[(int)i], g = dy[(int)i];
            if (!(v > 0)) sum += (double)v * g;
            dx[(int)i] = v > 0 ? g : g * slope;
        }
        return sum;
    }

    private static int Layout(int length, int weights, int channels, int inner)
    {
        if (weights != 1 && weights != channels)
            throw new InputException("shape", channels, $"PReLU has {weights} slopes for {channels} channels; num-parameters must be 1 or the channel count.") { Key = "error.shape.preluSlopes", Args = [weights, channels] };
        if (channels <= 0 || inner <= 0 || length % (channels * inner) != 0)
            throw new InputException("shape", length, $"An input of {length} elements cannot be laid out as [outer, {channels}, {inner}].") { Key = "error.shape.layout", Args = [length, channels, inner] };
        return length / (channels * inner);
    }
}
