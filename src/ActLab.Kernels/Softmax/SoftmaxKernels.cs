using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Softmax;

/// <summary>
/// softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m), m = maxⱼ xⱼ, along one axis of a row-major shape; log-softmax and
/// softmin likewise.
/// </summary>
/// <remarks>
/// Stability: the maximum is subtracted and x − m is kept exactly as a float pair (TwoSum), so the float exp sees no
/// cancellation error; sums are taken in double; within 2 ULP (docs/accuracy.md), and softmax([1000, 1000, 0]) =
/// [0.5, 0.5, 0]. Log-softmax is
/// (x − m) − ln Σ e^(x − m) in that order (pytorch#11752), so log-softmax(1e8·[1, 1]) = −ln 2 each.
/// As in PyTorch, a row that is all −∞, or holds +∞ or NaN, gives NaN (0/0; pytorch#25110).
/// Backward: softmax dx = y ⊙ (dy − Σ dy ⊙ y); log-softmax dx = dy − e^y Σ dy; softmin dx = −(softmax backward).
/// Contiguous rows (the last axis) of 64K elements or more in all are split over threads by whole rows
/// (<see cref="Elementwise.MaxThreads"/>); each row is computed alone, so the bits do not depend on the thread count.
/// </remarks>
public static class SoftmaxKernels
{
    /// <summary>y = softmax(x) along <paramref name="axis"/> of <paramref name="shape"/> (empty shape: one row).</summary>
    public static void Softmax(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default, int axis = -1)
        => Run(x, y, shape, axis, Kind.Softmax);

    /// <summary>y = log softmax(x) along <paramref name="axis"/>.</summary>
    public static void LogSoftmax(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default, int axis = -1)
        => Run(x, y, shape, axis, Kind.LogSoftmax);

    /// <summary>y = softmin(x) = softmax(−x) along <paramref name="axis"/>.</summary>
    public static void Softmin(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default, int axis = -1)
        => Run(x, y, shape, axis, Kind.Softmin);

    /// <summary>dx for softmax given its output y and the upstream gradient dy.</summary>
    public static void SoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default, int axis = -1)
        => RunBackward(y, dy, dx, shape, axis, Kind.Softmax);

    /// <summary>dx for log-softmax given its output y and dy.</summary>
    public static void LogSoftmaxBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default, int axis = -1)
        => RunBackward(y, dy, dx, shape, axis, Kind.LogSoftmax);

    /// <summary>dx for softmin given its output y and dy.</summary>
    public static void SoftminBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default, int axis = -1)
        => RunBackward(y, dy, dx, shape, axis, Kind.Softmin);

    private enum Kind { Softmax, LogSoftmax, Softmin }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per training step: never promoted mid-training (AllocationTests)
    private static void Run(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int axis, Kind kind)
    {
        Check.Destination(x.Length, y.Length, nameof(y));
        Check.Aliasing(x, y, nameof(y));
        var s = AxisShape.Of(shape, axis, x.Length);
        if (s.N == 0) return;
        int parts = RowParts(s);
        if (parts > 1) { RowsJob.Run(x, default, y, s.N, s.Outer, kind, backward: false, parts); return; }
        for (int o = 0; o < s.Outer; o++)
        {
            int baseIndex = o * s.N * s.Inner;
            if (s.Inner == 1) ContiguousRow(x.Slice(baseIndex, s.N), y.Slice(baseIndex, s.N), kind);
            else
            {
                for (int i = 0; i < s.Inner; i++) StridedRow(x, y, baseIndex + i, s.N, s.Inner, kind);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per training step: never promoted mid-training (AllocationTests)
    private static void ContiguousRow(ReadOnlySpan<float> row, Span<float> dst, Kind kind)
    {
        if (Vector512.IsHardwareAccelerated) Row<F512, D512>(row, dst, kind);
        else if (Vector256.IsHardwareAccelerated) Row<F256, D256>(row, dst, kind);
        else Row<F128, D128>(row, dst, kind);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per training step: never promoted mid-training (AllocationTests)
    private static void ContiguousBackwardRow(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Kind kind)
    {
        if (Vector512.IsHardwareAccelerated) BackwardRow<F512, D512>(y, dy, dx, kind);
        else if (Vector256.IsHardwareAccelerated) BackwardRow<F256, D256>(y, dy, dx, kind);
        else BackwardRow<F128, D128>(y, dy, dx, kind);
    }

    /// <summary>How many parts a pass over contiguous rows is split into: whole rows per thread, by the elementwise
    /// passes' rule (<see cref="Elementwise.Grain"/> elements per part, at most <see cref="Elementwise.MaxThreads"/>).
    /// Each row is computed alone, so the result is the same bits on any thread count.</summary>
    private static int RowParts(AxisShape s) => s.Inner != 1 || s.Outer < 2 ? 1 : Math.Min(Elementwise.Parts(s.N * s.Outer), s.Outer);

    // Rows split over the helper threads (Threading.Workers), as the elementwise passes are: the pinned addresses are
    // held by the caller until Workers.Run returns; one job per calling thread, so a split pass allocates nothing
    // after its first use.
    private sealed unsafe class RowsJob : Threading.WorkItem
    {
        [ThreadStatic] private static RowsJob? _cached;
        private float* _a, _b, _c;
        private int _n, _rows;
        private Kind _kind;
        private bool _backward;

        /// <summary>Forward: a = x, c = y (b empty). Backward: a = y, b = dy, c = dx.</summary>
        public static void Run(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int n, int rows, Kind kind, bool backward, int parts)
        {
            var job = _cached ??= new RowsJob();
            fixed (float* pa = a)
            fixed (float* pb = b)
            fixed (float* pc = c)
            {
                job._a = pa; job._b = pb; job._c = pc; job._n = n; job._rows = rows; job._kind = kind; job._backward = backward;
                try { Threading.Workers.Run(job, parts); }
                finally { job._a = job._b = job._c = null; }
            }
        }

        public override void Run(int part, int parts)
        {
            int first = (int)((long)_rows * part / parts), last = (int)((long)_rows * (part + 1) / parts);
            for (int r = first; r < last; r++)
            {
                long at = (long)r * _n;
                if (_backward) ContiguousBackwardRow(new ReadOnlySpan<float>(_a + at, _n), new ReadOnlySpan<float>(_b + at, _n), new Span<float>(_c + at, _n), _kind);
                else ContiguousRow(new ReadOnlySpan<float>(_a + at, _n), new Span<float>(_c + at, _n), _kind);
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Row<TF, TD>(ReadOnlySpan<float> x, Span<float> y, Kind kind)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        if (kind switch
            {
                Kind.LogSoftmax => FiniteLogSoftmaxRow<TF, TD>(x, y),
                Kind.Softmin => FiniteSoftmaxRow<TF, TD, Negated>(x, y),
                _ => FiniteSoftmaxRow<TF, TD, AsIs>(x, y),
            }) return;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        int n = x.Length, w = TF.Count, i;
        float sign = kind == Kind.Softmin ? -1f : 1f;
        var fs = TF.Create(sign);
        bool inPlace = Unsafe.AreSame(ref px, ref py);
        // Pass 1: m = max(sign·x), NaN-propagating.
        float m = float.NegativeInfinity;
        bool nan = false;
        i = 0;
        if (n >= w)
        {
            var vm = TF.Create(float.NegativeInfinity);
            for (; i + w <= n; i += w) vm = TF.Max(vm, fs * TF.Load(ref px, (nuint)i));
            m = TF.MaxAcross(vm);
        }
        for (; i < n; i++) { float v = sign * x[i]; if (float.IsNaN(v)) nan = true; else if (v > m) m = v; }
        if (nan) m = float.NaN;
        // Pass 2: e = exp(t), t = sign·x − m kept exactly as hi + lo (TwoSum), e^t = e^hi·(1 + lo). The elements equal
        // to the maximum (t = 0, e = 1) are counted in k; the others are summed in double as "rest", so that
        // ln Σ = ln k + log1p(rest/k) keeps its precision when Σ is close to 1 (log-softmax of the maximum).
        var fm = TF.Create(-m);
        var zero = TD.Create(0);
        var rest = zero;
        var count = zero;
        if (kind == Kind.LogSoftmax)
        {
            for (i = 0; i + w <= n; i += w)
            {
                Split<TF, TD>(fs * TF.Load(ref px, (nuint)i), fm, out var hi, out var lo);
                var e = FMath.Exp<TF, TD>(hi);
                TF.Widen(hi, out var hl, out var hh);
                TF.Widen(e, out var el, out var eh);
                TF.Widen(lo, out var ll, out var lh);
                var atMaxL = TD.Equal(hl, zero);
                var atMaxH = TD.Equal(hh, zero);
                rest += TD.Select(atMaxL, zero, TD.Fma(el, ll, el)) + TD.Select(atMaxH, zero, TD.Fma(eh, lh, eh));
                count += TD.Select(atMaxL, TD.Create(1), zero) + TD.Select(atMaxH, TD.Create(1), zero);
            }
        }
        else
        {
            // Softmax needs only Σ (relative precision), so every term goes into "rest" and k stays 0. e is kept in y
            // for pass 3, unless y is x (in place), whose values pass 3 still needs: then it is computed again.
            for (i = 0; i + w <= n; i += w)
            {
                Split<TF, TD>(fs * TF.Load(ref px, (nuint)i), fm, out var hi, out var lo);
                var e = FMath.Exp<TF, TD>(hi);
                if (!inPlace) TF.Store(e, ref py, (nuint)i);
                TF.Widen(e, out var el, out var eh);
                TF.Widen(lo, out var ll, out var lh);
                rest += TD.Fma(el, ll, el) + TD.Fma(eh, lh, eh);
            }
        }
        double restSum = TD.Sum(rest), k = TD.Sum(count);
        for (; i < n; i++)
        {
            double t = sign * (double)x[i] - m;
            if (t == 0 && kind == Kind.LogSoftmax) k++;
            else restSum += Math.Exp(t);
        }
        double sum = k + restSum;
        // Pass 3: softmax rounds e^hi·(1 + lo)/Σ once (lo recomputed); log-softmax is (x − m) − ln Σ in double.
        if (kind == Kind.LogSoftmax)
        {
            double l = k >= 1 ? Math.Log(k) + Log1p(restSum / k) : Math.Log(sum);
            var dl = TD.Create(l);
            var dm = TD.Create(m);
            var dsign = TD.Create(sign);
            for (i = 0; i + w <= n; i += w)
            {
                TF.Widen(TF.Load(ref px, (nuint)i), out var lo, out var hi);
                TF.Store(TF.Narrow(dsign * lo - dm - dl, dsign * hi - dm - dl), ref py, (nuint)i);
            }
            for (; i < n; i++) y[i] = (float)(sign * (double)x[i] - m - l);
        }
        else
        {
            var inv = TD.Create(1 / sum);
            for (i = 0; i + w <= n; i += w)
            {
                Split<TF, TD>(fs * TF.Load(ref px, (nuint)i), fm, out var hi, out var lo);
                TF.Widen(inPlace ? FMath.Exp<TF, TD>(hi) : TF.Load(ref py, (nuint)i), out var el, out var eh);
                TF.Widen(lo, out var ll, out var lh);
                TF.Store(TF.Narrow(TD.Fma(el, ll, el) * inv, TD.Fma(eh, lh, eh) * inv), ref py, (nuint)i);
            }
            for (; i < n; i++) y[i] = (float)(Math.Exp(sign * (double)x[i] - m) / sum);
        }
    }

    /// <summary>
    /// Softmax (or softmin) of one row of at least one vector whose values are all finite (the common case; false,
    /// with nothing written, otherwise): the same three passes as <see cref="Row{TF, TD}"/> without its NaN and infinity
    /// handling, two sum accumulators, and a float last pass. Pass 2 stores e = e^(hi + lo) (x − m = hi + lo exactly,
    /// lo folded into the exponential's reduction at no cost) and sums it in double; the last pass is e·(1/Σ) with
    /// 1/Σ as two floats, rounded once by an FMA. It reads only y, so it also works in place.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static bool FiniteSoftmaxRow<TF, TD, TS>(ReadOnlySpan<float> x, Span<float> y)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> where TS : struct, ISign
    {
        if (!FiniteMax<TF, TD, TS>(x, out float m)) return false;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        int n = x.Length, w = TF.Count, i;
        float sign = TS.Negate ? -1f : 1f;
        var fm = TF.Create(-m);
        var a0 = TD.Create(0);
        var a1 = TD.Create(0);
        for (i = 0; i + w <= n; i += w)
        {
            var v = Apply<TF, TD, TS>(TF.Load(ref px, (nuint)i));
            var hi = FMath.TwoSum<TF, TD>(v, fm, out var lo); // v − m = hi + lo exactly
            var e = FMath.ExpNonPositive<TF, TD>(hi, lo);
            TF.Store(e, ref py, (nuint)i);
            TF.Widen(e, out var el, out var eh);
            a0 += el;
            a1 += eh;
        }
        double sum = TD.Sum(a0 + a1);
        for (int j = i; j < n; j++) sum += Math.Exp(sign * (double)x[j] - m); // the tail: pass 2 left it untouched
        double invD = 1 / sum;
        float invHiS = (float)invD;
        var invHi = TF.Create(invHiS);
        var invLo = TF.Create((float)(invD - invHiS));
        for (i = 0; i + w <= n; i += w)
        {
            var e = TF.Load(ref py, (nuint)i);
            TF.Store(TF.Fma(e, invHi, e * invLo), ref py, (nuint)i);
        }
        for (; i < n; i++) y[i] = (float)(Math.Exp(sign * (double)x[i] - m) / sum);
        return true;
    }

    /// <summary>Softmax (as is) or softmin (negated): the sign as a type, so that the JIT drops the multiply.</summary>
    private interface ISign { static abstract bool Negate { get; } }
    private readonly struct AsIs : ISign { public static bool Negate => false; }
    private readonly struct Negated : ISign { public static bool Negate => true; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TF Apply<TF, TD, TS>(TF v) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> where TS : struct, ISign
        => TS.Negate ? -v : v;

    /// <summary>The maximum of sign·x over a row of at least one vector, or false if the row is shorter or holds a NaN
    /// or an infinity (the general path handles those): v·0 is NaN exactly for those, and an FMA chain keeps it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FiniteMax<TF, TD, TS>(ReadOnlySpan<float> x, out float m)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> where TS : struct, ISign
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        int n = x.Length, w = TF.Count, i;
        m = float.NaN;
        if (n < w) return false;
        var zero = TF.Create(0f);
        var vm = TF.Create(float.NegativeInfinity);
        var bad = zero;
        for (i = 0; i + w <= n; i += w)
        {
            var v = Apply<TF, TD, TS>(TF.Load(ref px, (nuint)i));
            vm = TF.MaxNative(vm, v);
            bad = TF.Fma(v, zero, bad);
        }
        if (float.IsNaN(TF.Sum(bad))) return false;
        m = TF.MaxAcross(vm);
        float sign = TS.Negate ? -1f : 1f;
        for (; i < n; i++)
        {
            float v = sign * x[i];
            if (!float.IsFinite(v)) return false;
            if (v > m) m = v;
        }
        return true;
    }

    /// <summary>
    /// Log-softmax of one all-finite row of at least one vector (false, with nothing written, otherwise): Σ as in
    /// <see cref="Row{TF, TD}"/> (the elements at the maximum counted apart, so ln Σ keeps its precision near 0), and
    /// the last pass in float: y = (hi − ln Σ) + (lo − its low part), with x − m = hi + lo and ln Σ as two floats,
    /// summed exactly (TwoSum) and rounded once.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static bool FiniteLogSoftmaxRow<TF, TD>(ReadOnlySpan<float> x, Span<float> y)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        if (!FiniteMax<TF, TD, AsIs>(x, out float m)) return false;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        int n = x.Length, w = TF.Count, i;
        var fm = TF.Create(-m);
        var zf = TF.Create(0f);
        var a0 = TD.Create(0);
        var a1 = TD.Create(0);
        var count = zf;
        for (i = 0; i + w <= n; i += w)
        {
            var v = TF.Load(ref px, (nuint)i);
            var hi = FMath.TwoSum<TF, TD>(v, fm, out var lo);
            var e = FMath.ExpNonPositive<TF, TD>(hi, lo);
            var atMax = TF.Equal(hi, zf);
            count += TF.Select(atMax, TF.Create(1f), zf);
            TF.Widen(TF.Select(atMax, zf, e), out var el, out var eh);
            a0 += el;
            a1 += eh;
        }
        double rest = TD.Sum(a0 + a1), k = TF.Sum(count);
        for (int j = i; j < n; j++)
        {
            double t = (double)x[j] - m;
            if (t == 0) k++;
            else rest += Math.Exp(t);
        }
        double l = k >= 1 ? Math.Log(k) + Log1p(rest / k) : Math.Log(k + rest);
        float lHiS = (float)l;
        var lHi = TF.Create(-lHiS);
        var lLo = TF.Create((float)(l - lHiS));
        for (i = 0; i + w <= n; i += w)
        {
            var v = TF.Load(ref px, (nuint)i);
            var hi = FMath.TwoSum<TF, TD>(v, fm, out var lo);
            var s = FMath.TwoSum<TF, TD>(hi, lHi, out var err); // hi − ln Σ = s + err exactly
            TF.Store(s + (err + (lo - lLo)), ref py, (nuint)i);
        }
        for (; i < n; i++) y[i] = (float)((double)x[i] - m - l);
        return true;
    }

    /// <summary>a + b = hi + lo exactly (Knuth's TwoSum); lo is 0 where hi is not finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Split<TF, TD>(TF a, TF b, out TF hi, out TF lo)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        hi = FMath.TwoSum<TF, TD>(a, b, out lo);
        lo = TF.Select(TF.IsNaN(lo), TF.Create(0f), lo);
    }

    private static double Log1p(double u) => u < 1e-4 ? u * (1 - u * (0.5 - u * (1.0 / 3 - u * 0.25))) : Math.Log(1 + u);

    private static void StridedRow(ReadOnlySpan<float> x, Span<float> y, int start, int n, int stride, Kind kind)
    {
        double sign = kind == Kind.Softmin ? -1 : 1;
        double m = double.NegativeInfinity;
        for (int j = 0, k = start; j < n; j++, k += stride)
        {
            double v = sign * x[k];
            if (double.IsNaN(v) || double.IsNaN(m)) m = double.NaN;
            else if (v > m) m = v;
        }
        double rest = 0, count = 0;
        for (int j = 0, k = start; j < n; j++, k += stride)
        {
            double t = sign * x[k] - m;
            if (t == 0) count++; else rest += Math.Exp(t);
        }
        double sum = count + rest;
        double l = count >= 1 ? Math.Log(count) + Log1p(rest / count) : Math.Log(sum);
        for (int j = 0, k = start; j < n; j++, k += stride)
        {
            double t = sign * x[k] - m;
            y[k] = kind == Kind.LogSoftmax ? (float)(t - l) : (float)(Math.Exp(t) / sum);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // per training step: never promoted mid-training (AllocationTests)
    private static void RunBackward(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int axis, Kind kind)
    {
        Check.Source(y.Length, dy.Length, nameof(dy));
        Check.Destination(y.Length, dx.Length, nameof(dx));
        Check.Aliasing(y, dx, nameof(dx));
        Check.Aliasing(dy, dx, nameof(dx));
        var s = AxisShape.Of(shape, axis, y.Length);
        int parts = s.N == 0 ? 1 : RowParts(s);
        if (parts > 1) { RowsJob.Run(y, dy, dx, s.N, s.Outer, kind, backward: true, parts); return; }
        for (int o = 0; o < s.Outer; o++)
        {
            int baseIndex = o * s.N * s.Inner;
            if (s.Inner == 1)
            {
                ContiguousBackwardRow(y.Slice(baseIndex, s.N), dy.Slice(baseIndex, s.N), dx.Slice(baseIndex, s.N), kind);
                continue;
            }
            for (int i = 0; i < s.Inner; i++)
            {
                int start = baseIndex + i;
                double dot = 0;
                for (int j = 0, k = start; j < s.N; j++, k += s.Inner)
                    dot += kind == Kind.LogSoftmax ? dy[k] : (double)dy[k] * y[k];
                for (int j = 0, k = start; j < s.N; j++, k += s.Inner) dx[k] = Gradient(y[k], dy[k], dot, kind);
            }
        }
    }

    private static float Gradient(float y, float dy, double dot, Kind kind)
    {
        double g = kind == Kind.LogSoftmax ? dy - Math.Exp(y) * dot : y * (dy - dot);
        return (float)(kind == Kind.Softmin ? -g : g);
    }

    /// <summary>One contiguous row: the sum (Σ dy·y, or Σ dy for log-softmax) in double lanes, each product exact;
    /// then dx in float with the sum as an exact pair hi + lo, so dy − Σ rounds about once even where it cancels
    /// (log-softmax's dy − e^y·Σ in float where it cancels by less than a bit, in double lanes where it cancels more,
    /// since a float e^y alone leaves several ULP there).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BackwardRow<TF, TD>(ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, Kind kind)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pg = ref MemoryMarshal.GetReference(dy);
        ref float pd = ref MemoryMarshal.GetReference(dx);
        int n = y.Length, w = TF.Count, i;
        var a0 = TD.Create(0);
        var a1 = TD.Create(0);
        if (kind == Kind.LogSoftmax)
        {
            for (i = 0; i + w <= n; i += w)
            {
                TF.Widen(TF.Load(ref pg, (nuint)i), out var gl, out var gh);
                a0 += gl;
                a1 += gh;
            }
        }
        else
        {
            for (i = 0; i + w <= n; i += w)
            {
                TF.Widen(TF.Load(ref pg, (nuint)i), out var gl, out var gh);
                TF.Widen(TF.Load(ref py, (nuint)i), out var yl, out var yh);
                a0 = TD.Fma(gl, yl, a0);
                a1 = TD.Fma(gh, yh, a1);
            }
        }
        double dot = TD.Sum(a0 + a1);
        for (int j = i; j < n; j++) dot += kind == Kind.LogSoftmax ? dy[j] : (double)dy[j] * y[j];
        float hiS = (float)dot;
        float loS = double.IsFinite(dot) && float.IsFinite(hiS) ? (float)(dot - hiS) : 0f;
        var hi = TF.Create(hiS);
        var lo = TF.Create(loS);
        var sum = TD.Create(dot);
        if (kind == Kind.LogSoftmax)
        {
            // In float, dx = dy − e·Σ with e = e^y (≤ 0.667 ULP) and the product exact inside the FMA is within
            // 1.33·|e·Σ|/|dx| + 1 ULP of the true value: at most 2.78 ULP where |dx| ≥ ¾|e·Σ|, that is, unless dy
            // and e^y·Σ have the same sign and are within a factor 1.75 of each other. Where e^y is below the normal
            // range (y < −87) its absolute error is at most 0.75·2^−149, which Σ scales by at most 2 in a row with
            // |Σ| ≤ 2 (a mean or a sum over one-hot targets): 2 ULP (smallSum lets those lanes pass only in such a
            // row). A vector with any other lane (the cancelling ones, NaN) is redone in double lanes, and a row that
            // has redone two vectors and more than a quarter of those it tried (dy = 1 everywhere, say) stops trying
            // the float pass.
            var minusE = TF.Create(-87f);
            var threeQuarters = TF.Create(0.75f) * hi;
            var smallSum = TF.Create(Math.Abs(dot) <= 2 ? float.PositiveInfinity : float.NegativeInfinity);
            int tried = 0, failed = 0;
            for (i = 0; i + w <= n; i += w)
            {
                var yv = TF.Load(ref py, (nuint)i);
                var gv = TF.Load(ref pg, (nuint)i);
                if (failed < 2 || 4 * failed <= tried)
                {
                    tried++;
                    var e = FMath.Exp<TF, TD>(yv);
                    var g = TF.FmaNeg(e, hi, gv) - e * lo;
                    var ok = TF.Select(TF.GreaterThanOrEqual(yv, minusE), TF.GreaterThanOrEqual(TF.Abs(g), TF.Abs(e * threeQuarters)), TF.LessThan(yv, smallSum));
                    if (TF.AllTrue(ok))
                    {
                        TF.Store(g, ref pd, (nuint)i);
                        continue;
                    }
                    failed++;
                }
                TF.Widen(yv, out var yl, out var yh);
                TF.Widen(gv, out var gl, out var gh);
                TF.Store(TF.Narrow(gl - DMath.Exp(yl) * sum, gh - DMath.Exp(yh) * sum), ref pd, (nuint)i);
            }
        }
        else
        {
            var sign = TF.Create(kind == Kind.Softmin ? -1f : 1f);
            for (i = 0; i + w <= n; i += w)
            {
                var g = (TF.Load(ref pg, (nuint)i) - hi) - lo;
                TF.Store(sign * (TF.Load(ref py, (nuint)i) * g), ref pd, (nuint)i);
            }
        }
        for (; i < n; i++) dx[i] = Gradient(y[i], dy[i], dot, kind);
    }
}
