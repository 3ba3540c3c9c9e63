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
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> dy, Span<float> dx, Span<float> dweight, int channels = 1, int inner = 1)
    {
        int outer = Layout(x.Length, weight.Length, channels, inner);
        Check.Source(x.Length, dy.Length, nameof(dy));
        Check.Destination(weight.Length, dweight.Length, nameof(dweight));
        Check.Destination(x.Length, dx.Length, nameof(dx));
        // The slope's gradient reads x and dy, so it is summed before dx may overwrite either in place.
        dweight[..weight.Length].Clear();
        Span<double> acc = weight.Length <= 1024 ? stackalloc double[weight.Length] : new double[weight.Length];
        acc.Clear();
        if (weight.Length == 1) acc[0] = Reductions.NegativePartDot(x, dy);
        else
            for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
            {
                int s = (o * channels + c) * inner;
                acc[c] += Reductions.NegativePartDot(x.Slice(s, inner), dy.Slice(s, inner));
            }
        for (int c = 0; c < weight.Length; c++) dweight[c] = (float)acc[c];
        if (weight.Length == 1) { Elementwise.Backward(new LeakyRelu(weight[0]), x, default, dy, dx); return; }
        for (int o = 0; o < outer; o++)
        for (int c = 0; c < channels; c++)
        {
            int s = (o * channels + c) * inner;
            Elementwise.Backward(new LeakyRelu(weight[c]), x.Slice(s, inner), default, dy.Slice(s, inner), dx.Slice(s, inner));
        }
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
