using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Softmax;

/// <summary>GLU(x) = a ⊗ σ(b), where a and b are the first and second halves of x along <c>dim</c></summary>
/// <remarks>∂/∂a = σ(b)·dy; ∂/∂b = σ(b)(1 − σ(b))·a·dy. The size along dim must be even; the output has half of
/// it. Each half is one contiguous block per outer index, so both passes are plain two-input
/// elementwise loops over vectors, in float (forward within 1.5 ULP, backward within 3.5 ULP; a partial last vector in
/// double). Dauphin et al. 2016, arXiv:1612.08083.</remarks>
public static class Glu
{
    /// <summary>The output shape: <paramref name="shape"/> with the size along <paramref name="dim"/> halved.</summary>
    public static int[] OutputShape(ReadOnlySpan<int> shape, int dim)
    {
        var s = shape.ToArray();
        int a = dim < 0 ? dim + s.Length : dim;
        if (a < 0 || a >= s.Length) throw new InputException("dim", dim, $"dim {dim} is out of range for a shape of rank {s.Length}.") { Key = "error.shape.dim", Args = [dim, s.Length] };
        if (s[a] % 2 != 0) throw new InputException("shape", s[a], $"GLU halves dimension {dim}, whose size {s[a]} is odd; it must be even.") { Key = "error.shape.gluOdd", Args = [dim, s[a]] };
        s[a] /= 2;
        return s;
    }

    /// <summary>y = a ⊗ σ(b); y has half as many elements as x.</summary>
    public static void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default, int dim = -1)
    {
        var s = Split(x.Length, shape, dim);
        int h = s.N / 2, block = h * s.Inner;
        Check.Destination(x.Length / 2, y.Length, nameof(y));
        Check.Aliasing(x, y, nameof(y));
        for (int o = 0; o < s.Outer; o++)
        {
            var a = x.Slice(o * 2 * block, block);
            var b = x.Slice(o * 2 * block + block, block);
            var dst = y.Slice(o * block, block);
            if (Vector512.IsHardwareAccelerated) ForwardBlock<F512, D512>(a, b, dst);
            else if (Vector256.IsHardwareAccelerated) ForwardBlock<F256, D256>(a, b, dst);
            else ForwardBlock<F128, D128>(a, b, dst);
        }
    }

    /// <summary>dx (the size of x) from x and dy (the size of y).</summary>
    public static void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default, int dim = -1)
    {
        var s = Split(x.Length, shape, dim);
        int h = s.N / 2, block = h * s.Inner;
        Check.Source(x.Length / 2, dy.Length, nameof(dy));
        Check.Destination(x.Length, dx.Length, nameof(dx));
        Check.Aliasing(x, dx, nameof(dx));
        for (int o = 0; o < s.Outer; o++)
        {
            int start = o * 2 * block;
            var a = x.Slice(start, block);
            var b = x.Slice(start + block, block);
            var g = dy.Slice(o * block, block);
            var da = dx.Slice(start, block);
            var db = dx.Slice(start + block, block);
            if (Vector512.IsHardwareAccelerated) BackwardBlock<F512, D512>(a, b, g, da, db);
            else if (Vector256.IsHardwareAccelerated) BackwardBlock<F256, D256>(a, b, g, da, db);
            else BackwardBlock<F128, D128>(a, b, g, da, db);
        }
    }

    /// <summary>a·σ(b) as one refined quotient (<see cref="FMath.XSigmoid{TF, TD}(TF, TF, TF)"/>); the last partial vector in double.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ForwardBlock<TF, TD>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> y)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        ref float py = ref MemoryMarshal.GetReference(y);
        int n = a.Length, w = TF.Count, i;
        var zero = TF.Create(0f);
        for (i = 0; i + w <= n; i += w)
        {
            var va = TF.Load(ref pa, (nuint)i);
            var vb = TF.Load(ref pb, (nuint)i);
            var r = FMath.XSigmoid<TF, TD>(va, vb, zero);
            // a or b infinite: the plain product a·σ(b) (NaN for ∞·0, as PyTorch gives it).
            var inf = TF.Create(float.PositiveInfinity);
            var plain = va * FMath.Sigmoid<TF, TD>(vb);
            TF.Store(TF.Select(TF.Equal(TF.Abs(va), inf) | TF.Equal(TF.Abs(vb), inf), plain, r), ref py, (nuint)i);
        }
        for (; i < n; i++) y[i] = (float)(a[i] * Sigmoid(b[i]));
    }

    /// <summary>∂/∂a = σ(b)·dy and ∂/∂b = σ′(b)·a·dy in float (σ′ from b, <see cref="FMath.SigmoidDerivative{TF, TD}"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BackwardBlock<TF, TD>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, ReadOnlySpan<float> dy, Span<float> da, Span<float> db)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        ref float pg = ref MemoryMarshal.GetReference(dy);
        ref float pda = ref MemoryMarshal.GetReference(da);
        ref float pdb = ref MemoryMarshal.GetReference(db);
        int n = a.Length, w = TF.Count, i;
        for (i = 0; i + w <= n; i += w)
        {
            var vb = TF.Load(ref pb, (nuint)i);
            var g = TF.Load(ref pg, (nuint)i);
            TF.Store(FMath.Sigmoid<TF, TD>(vb) * g, ref pda, (nuint)i);
            TF.Store(FMath.SigmoidDerivative<TF, TD>(vb) * (TF.Load(ref pa, (nuint)i) * g), ref pdb, (nuint)i);
        }
        for (; i < n; i++)
        {
            double va = a[i], vb = b[i], g = dy[i];
            double sb = Sigmoid(vb), sn = Sigmoid(-vb);
            da[i] = (float)(sb * g);
            db[i] = (float)(sb * sn * va * g);
        }
    }

    private static AxisShape Split(int length, ReadOnlySpan<int> shape, int dim)
    {
        var s = AxisShape.Of(shape, dim, length);
        if (s.N % 2 != 0) throw new InputException("shape", s.N, $"GLU halves dimension {dim}, whose size {s.N} is odd; it must be even.") { Key = "error.shape.gluOdd", Args = [dim, s.N] };
        return s;
    }

    private static double Sigmoid(double v) => v >= 0 ? 1 / (1 + Math.Exp(-v)) : Math.Exp(v) / (1 + Math.Exp(v));
}
