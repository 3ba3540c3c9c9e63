using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ActLab.Kernels.Threading;

namespace ActLab.Kernels.Simd;

/// <summary>
/// The one driver for elementwise kernels: it picks the widest accelerated vector width, runs whole vectors, and
/// finishes the tail by padding it into one more vector (and, on longer spans, the head before the output's first
/// vector-aligned address, so that the loop's stores are aligned), so every element goes through the same formula
/// whatever the length or alignment. Output may be the input span itself (in place); a partial overlap is refused.
/// Spans of at least 2 × <see cref="Grain"/> elements are split into contiguous parts run by
/// <see cref="MaxThreads"/> threads (<see cref="Workers"/>); each element goes through the same formula either way, so
/// the result is the same to the bit on any thread count.
/// </summary>
public static class Elementwise
{
    /// <summary>Elements per thread below which a pass is not split: libtorch's grain for elementwise work (32,768),
    /// about 10–30 µs of work, well above the cost of handing a part to a spinning helper.</summary>
    public const int Grain = 32_768;

    private static int _maxThreads = Environment.ProcessorCount;

    /// <summary>Threads a large elementwise pass may use (default: every core; 1 keeps every pass on the calling
    /// thread). Process-wide: <c>actlab train --threads N</c> sets it together with the products' thread count.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public static int MaxThreads
    {
        get => Volatile.Read(ref _maxThreads);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref _maxThreads, value);
        }
    }

    /// <summary>How many parts a pass over <paramref name="n"/> elements is split into.</summary>
    internal static int Parts(int n) => n < 2 * Grain ? 1 : Math.Min(MaxThreads, n / Grain);

    /// <summary>Start of part <paramref name="p"/> of <paramref name="parts"/>, on a 64-element boundary so only the
    /// last part has a tail.</summary>
    internal static int PartStart(int n, int p, int parts) => p == parts ? n : (int)((long)n * p / parts) & ~63;

    /// <summary>y[i] = f(x[i]).</summary>
    /// <exception cref="ArgumentException">y is shorter than x, or overlaps x without being x.</exception>
    public static void Forward<TOp>(in TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryKernel
    {
        Check.Destination(x.Length, y.Length, nameof(y));
        Check.Aliasing(x, y, nameof(y));
        int parts = Parts(x.Length);
        if (parts > 1) { ForwardJob<TOp>.Run(op, x, y[..x.Length], parts); return; }
        ForwardSingle(op, x, y);
    }

    internal static void ForwardSingle<TOp>(in TOp op, ReadOnlySpan<float> x, Span<float> y) where TOp : struct, IUnaryKernel
    {
        if (Vector512.IsHardwareAccelerated) ForwardAligned<TOp, F512, D512>(op, x, y);
        else if (Vector256.IsHardwareAccelerated) ForwardAligned<TOp, F256, D256>(op, x, y);
        else ForwardAligned<TOp, F128, D128>(op, x, y);
    }

    internal static void BackwardSingle<TOp>(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryKernel
    {
        if (Vector512.IsHardwareAccelerated) BackwardAligned<TOp, F512, D512>(op, x, y, dy, dx);
        else if (Vector256.IsHardwareAccelerated) BackwardAligned<TOp, F256, D256>(op, x, y, dy, dx);
        else BackwardAligned<TOp, F128, D128>(op, x, y, dy, dx);
    }

    // A pass split over the helper threads. Spans cannot be stored in the job, so their pinned addresses are; the
    // caller holds the pins (fixed) until Workers.Run returns, and every part has returned by then. One job object per
    // operator type and calling thread, so a split pass allocates nothing after its first use.
    private sealed unsafe class ForwardJob<TOp> : WorkItem where TOp : struct, IUnaryKernel
    {
        [ThreadStatic] private static ForwardJob<TOp>? _cached;
        private TOp _op;
        private float* _x, _y;
        private int _n;

        public static void Run(in TOp op, ReadOnlySpan<float> x, Span<float> y, int parts)
        {
            var job = _cached ??= new ForwardJob<TOp>();
            fixed (float* px = x)
            fixed (float* py = y)
            {
                job._op = op; job._x = px; job._y = py; job._n = x.Length;
                try { Workers.Run(job, parts); }
                finally { job._x = job._y = null; }
            }
        }

        public override void Run(int part, int parts)
        {
            int a = PartStart(_n, part, parts), b = PartStart(_n, part + 1, parts);
            ForwardSingle(_op, new ReadOnlySpan<float>(_x + a, b - a), new Span<float>(_y + a, b - a));
        }
    }

    private sealed unsafe class BackwardJob<TOp> : WorkItem where TOp : struct, IUnaryKernel
    {
        [ThreadStatic] private static BackwardJob<TOp>? _cached;
        private TOp _op;
        private float* _x, _y, _dy, _dx;
        private int _n;

        public static void Run(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, int parts)
        {
            var job = _cached ??= new BackwardJob<TOp>();
            fixed (float* px = x)
            fixed (float* py = y)
            fixed (float* pg = dy)
            fixed (float* pd = dx)
            {
                job._op = op; job._x = px; job._y = py; job._dy = pg; job._dx = pd; job._n = x.Length;
                try { Workers.Run(job, parts); }
                finally { job._x = job._y = job._dy = job._dx = null; }
            }
        }

        public override void Run(int part, int parts)
        {
            int a = PartStart(_n, part, parts), b = PartStart(_n, part + 1, parts);
            BackwardSingle(_op, new ReadOnlySpan<float>(_x + a, b - a), new ReadOnlySpan<float>(_y + a, b - a),
                new ReadOnlySpan<float>(_dy + a, b - a), new Span<float>(_dx + a, b - a));
        }
    }

    /// <summary>dx[i] = f′(x[i])·dy[i]. <paramref name="y"/> (f(x)) may be empty: kernels marked
    /// <see cref="IBackwardIgnoresOutput"/> never read it, and those marked <see cref="IBackwardFromOutput"/> read it
    /// instead of x, or form it from x when it is empty.</summary>
    /// <exception cref="ArgumentException">A span is shorter than x, or dx partially overlaps an input.</exception>
    public static void Backward<TOp>(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryKernel
    {
        if (!y.IsEmpty) Check.Source(x.Length, y.Length, nameof(y));
        if (default(TOp) is IBackwardFromOutput)
        {
            // A kernel that reads only y gets it in x's place too; without y it forms f(x) in registers.
            if (y.IsEmpty) { Backward(new FromInput<TOp>(op), x, default, dy, dx); return; }
            x = y[..x.Length]; // checked against dx below, as x
        }
        // A kernel that ignores y reads x in its place: the same cache lines, one stream fewer from memory.
        if (y.IsEmpty || default(TOp) is IBackwardIgnoresOutput || default(TOp) is IBackwardFromOutput) y = x;
        Check.Source(x.Length, dy.Length, nameof(dy));
        Check.Destination(x.Length, dx.Length, nameof(dx));
        Check.Aliasing(x, dx, nameof(dx));
        Check.Aliasing(dy, dx, nameof(dx));
        int parts = Parts(x.Length);
        if (parts > 1) { BackwardJob<TOp>.Run(op, x, y, dy, dx[..x.Length], parts); return; }
        BackwardSingle(op, x, y, dy, dx);
    }

    /// <summary>How many elements to run through the padded tail first so that the output's vector stores are aligned
    /// to the vector width: none for short spans (below 8 vectors) or an output that already is. A .NET float array's
    /// data sits at a varying offset from a 64-byte line, so a 512-bit store then spans two cache lines; in place (the
    /// load too) that cost relu 0.054–0.068 against 0.043–0.054 ns/element aligned (1M floats, Zen 5; libtorch's
    /// in-place 0.046), and nothing measurable out of place. Every element goes through the same formula either way.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static unsafe nuint Head(ReadOnlySpan<float> output, int n, nuint w)
    {
        if ((nuint)n < 8 * w) return 0;
        nuint bytes = w * sizeof(float);
        nuint misalignment = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(output)) & (bytes - 1);
        return misalignment == 0 || (misalignment & 3) != 0 ? 0 : (bytes - misalignment) / sizeof(float);
    }

    // The head is peeled here, outside the loop methods: inside them, its call and slices cost the loop's inlining
    // budget, and swish's forward (both of its β paths inlined twice) then left calls to the vector primitives in its
    // loop (1.53 against 0.49 ns/element).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ForwardAligned<TOp, TF, TD>(in TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryKernel where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        int head = (int)Head(y, x.Length, (nuint)TF.Count);
        if (head != 0)
        {
            ForwardTail<TOp, TF, TD>(op, x[..head], y);
            x = x[head..];
            y = y[head..];
        }
        Forward<TOp, TF, TD>(op, x, y);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BackwardAligned<TOp, TF, TD>(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryKernel where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        int head = (int)Head(dx, x.Length, (nuint)TF.Count);
        if (head != 0)
        {
            BackwardTail<TOp, TF, TD>(op, x[..head], y[..head], dy[..head], dx);
            x = x[head..];
            y = y[head..];
            dy = dy[head..];
            dx = dx[head..];
        }
        Backward<TOp, TF, TD>(op, x, y, dy, dx);
    }

    // AggressiveOptimization: kernels are fast from their first call (no tier-0 code), which short runs need.
    // NoInlining: a kernel loop is always compiled as a method of its own, with its own inlining budget. Inlined into a
    // caller that tiers up (with dynamic PGO, Workers.RunPart devirtualised and inlined the first job it saw, down to
    // this loop), the budget ran out and left calls to the vector primitives in the loop: the helper's half of silu's
    // backward ran 12× slower for the rest of the process (bench, 16M floats on 2 threads: 10.8 ns/element against 0.44).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Forward<TOp, TF, TD>(in TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryKernel where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, w = (nuint)TF.Count, i = 0;
        // Two vectors per iteration for the small kernels' latency chains. Large double-path formulas are compiled as
        // methods of their own (IDFunc.Apply with NoInlining) so that inlining them twice cannot exhaust the JIT's
        // inlining budget and leave calls to the vector primitives in this loop.
        for (; i + 2 * w <= n; i += 2 * w)
        {
            var a = TF.Load(ref px, i);
            var b = TF.Load(ref px, i + w);
            TF.Store(op.Forward<TF, TD>(a), ref py, i);
            TF.Store(op.Forward<TF, TD>(b), ref py, i + w);
        }
        if (i + w <= n) { TF.Store(ForwardOne<TOp, TF, TD>(op, TF.Load(ref px, i)), ref py, i); i += w; }
        if (i < n) ForwardTail<TOp, TF, TD>(op, x[(int)i..], y[(int)i..]);
    }

    // One vector through the kernel, in a method of its own: the kernel is inlined here once and nowhere else outside
    // the main loops, so the tails (which the head makes run on most passes) and the loop's last odd vector never
    // spend another method's inlining budget. Inlined into them, swish's kernel (both of its β paths) left calls to
    // the vector primitives there, and the tier-0 copies of those primitives then turned up in other kernels' passes
    // (DOTNET_JitDisasmSummary: 75 primitives compiled over a run of every spec, none with this).
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static TF ForwardOne<TOp, TF, TD>(in TOp op, TF x)
        where TOp : struct, IUnaryKernel where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => op.Forward<TF, TD>(x);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static TF BackwardOne<TOp, TF, TD>(in TOp op, TF x, TF y, TF dy)
        where TOp : struct, IUnaryKernel where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => op.Backward<TF, TD>(x, y, dy);

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void ForwardTail<TOp, TF, TD>(in TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryKernel where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        Span<float> buf = stackalloc float[TF.Count];
        buf.Clear();
        x.CopyTo(buf);
        ref float pb = ref MemoryMarshal.GetReference(buf);
        TF.Store(ForwardOne<TOp, TF, TD>(op, TF.Load(ref pb, 0)), ref pb, 0);
        buf[..x.Length].CopyTo(y);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Backward<TOp, TF, TD>(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryKernel where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pg = ref MemoryMarshal.GetReference(dy);
        ref float pd = ref MemoryMarshal.GetReference(dx);
        nuint n = (nuint)x.Length, w = (nuint)TF.Count, i = 0;
        for (; i + w <= n; i += w)
            TF.Store(op.Backward<TF, TD>(TF.Load(ref px, i), TF.Load(ref py, i), TF.Load(ref pg, i)), ref pd, i);
        if (i < n) BackwardTail<TOp, TF, TD>(op, x[(int)i..], y[(int)i..], dy[(int)i..], dx[(int)i..]);
    }

    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void BackwardTail<TOp, TF, TD>(in TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryKernel where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        int w = TF.Count, r = x.Length;
        Span<float> buf = stackalloc float[3 * w];
        buf.Clear();
        x.CopyTo(buf);
        y[..r].CopyTo(buf[w..]);
        dy[..r].CopyTo(buf[(2 * w)..]);
        ref float pb = ref MemoryMarshal.GetReference(buf);
        var d = BackwardOne<TOp, TF, TD>(op, TF.Load(ref pb, 0), TF.Load(ref pb, (nuint)w), TF.Load(ref pb, (nuint)(2 * w)));
        TF.Store(d, ref pb, 0);
        buf[..r].CopyTo(dx);
    }
}

/// <summary>An <see cref="IBackwardFromOutput"/> kernel driven without y: f(x) is formed lane by lane and handed to
/// its backward.</summary>
internal readonly struct FromInput<TOp>(TOp op) : IUnaryKernel, IBackwardIgnoresOutput where TOp : struct, IUnaryKernel
{
    private readonly TOp _op = op;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
        => _op.Forward<TF, TD>(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var fx = _op.Forward<TF, TD>(x);
        return _op.Backward<TF, TD>(fx, fx, dy);
    }
}

/// <summary>Argument checks shared by the drivers, with messages that say what to pass instead.</summary>
internal static class Check
{
    public static void Destination(int needed, int actual, string name)
    {
        if (actual < needed)
            throw new ArgumentException($"Destination '{name}' has {actual} elements; it needs at least {needed}.", name);
    }

    public static void Source(int needed, int actual, string name)
    {
        if (actual != needed)
            throw new ArgumentException($"Input '{name}' has {actual} elements; it must have {needed}, like x.", name);
    }

    public static void Aliasing(ReadOnlySpan<float> input, ReadOnlySpan<float> output, string name)
    {
        if (input.Overlaps(output, out int offset) && offset != 0)
            throw new ArgumentException($"'{name}' partially overlaps an input; pass the same span for in-place use, or separate memory.", name);
    }
}
