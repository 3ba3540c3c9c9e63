using ActLab.Kernels.Threading;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ActLab.Core.Tensors;

/// <summary>
/// The small set of primitives the engine needs (tinygrad's lesson: keep them counted and in one place): three
/// matrix-product variants, a row-vector add and column sums. SIMD comes from <see cref="TensorPrimitives"/>
/// (dot and fused multiply-add on rows); nothing here allocates.
/// </summary>
public static class Ops
{
    // Products under about 260,000 multiply-adds stay on the calling thread, where they are faster; larger ones split
    // across the threads the caller allows (a model's Parallelism, not a global). With helpers that spin between jobs
    // a split pays from about there (a 10-output layer at batch 128 and 256 inputs is 330,000).
    private const long ParallelWork = 1 << 18;

    /// <summary>C = A·B (as <see cref="MatMulAB(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, int, int)"/>), split by rows
    /// across up to <paramref name="threads"/> threads when the product is large (<see cref="Workers"/>; nothing is allocated).</summary>
    public static void MatMulAB(float[] a, float[] b, float[] c, int m, int k, int n, int threads)
    {
        if (threads <= 1 || (long)m * k * n < ParallelWork || m < 2) { MatMulAB(a.AsSpan(), b, c, m, k, n); return; }
        Split(ProductKind.AB, a, b, c, null, m, k, n, Math.Min(threads, m));
    }

    /// <summary>C = Aᵀ·B split by output rows across up to <paramref name="threads"/> threads when large.</summary>
    public static void MatMulAtB(float[] a, float[] b, float[] c, int k, int m, int n, int threads)
    {
        if (threads <= 1 || (long)m * k * n < ParallelWork || m < 2) { MatMulAtB(a.AsSpan(), b, c, k, m, n); return; }
        Split(ProductKind.AtB, a, b, c, null, m, k, n, Math.Min(threads, m));
    }

    /// <summary>C[m×n] = A[m×k]·Wᵀ for W[n×k] (a Linear layer's forward, x·Wᵀ) as fused multiply-adds across the
    /// outputs: the blocked kernel reads Wᵀ from W, packing a 256 × 32 panel at a time; shapes it does not take (fewer
    /// than 32 outputs or 4 rows) go through <paramref name="wt"/>, a [k×n] buffer this fills with W's transpose. On
    /// several threads each takes a share of the output columns, i.e. of W's rows.</summary>
    public static void MatMulABtTransposed(float[] a, float[] w, float[] wt, float[] c, int m, int k, int n, int threads)
    {
        Check(a, m * k, w, n * k, c, m * n);
        if (n >= BlockColumns && m >= BlockRows)
        {
            if (threads > 1 && (long)m * k * n >= ParallelWork && n >= 2 * BlockColumns)
                Split(ProductKind.ABtColumns, a, w, c, w, m, k, n, Math.Min(threads, n / BlockColumns));
            else Blocked(a, k, 1, w, 1, k, c, n, m, k, n);
            return;
        }
        Transpose(w, wt, n, k);
        MatMulAB(a.AsSpan(), wt, c, m, k, n);
    }

    private enum ProductKind { AB, AtB, ABtColumns }

    [ThreadStatic] private static ProductJob? _job;

    private static void Split(ProductKind kind, float[] a, float[] b, float[] c, float[]? w, int m, int k, int n, int parts)
    {
        var job = _job ??= new ProductJob();
        (job.Kind, job.A, job.B, job.C, job.W, job.M, job.K, job.N) = (kind, a, b, c, w ?? [], m, k, n);
        try { Workers.Run(job, parts); }
        finally { job.A = job.B = job.C = job.W = []; }
    }

    // One product's share per part: rows for A·B and Aᵀ·B, whole 32-column panels for x·Wᵀ (whose part packs only its
    // rows of W). Every element is computed exactly as on one thread.
    private sealed class ProductJob : WorkItem
    {
        public ProductKind Kind;
        public float[] A = [], B = [], C = [], W = [];
        public int M, K, N;

        public override void Run(int part, int parts)
        {
            int m = M, k = K, n = N;
            switch (Kind)
            {
                case ProductKind.AB:
                {
                    int r0 = (int)((long)m * part / parts), r1 = (int)((long)m * (part + 1) / parts);
                    MatMulAB(A.AsSpan(r0 * k, (r1 - r0) * k), B, C.AsSpan(r0 * n, (r1 - r0) * n), r1 - r0, k, n);
                    break;
                }
                case ProductKind.AtB:
                {
                    int i0 = (int)((long)m * part / parts), i1 = (int)((long)m * (part + 1) / parts);
                    var cs = C.AsSpan(i0 * n, (i1 - i0) * n);
                    if (n >= BlockColumns && i1 - i0 >= BlockRows) { Blocked(A.AsSpan(i0), 1, m, B, n, 1, cs, n, i1 - i0, k, n); return; }
                    cs.Clear();
                    for (int p = 0; p < k; p++)
                    {
                        var bp = B.AsSpan(p * n, n);
                        for (int i = i0; i < i1; i++)
                        {
                            float s = A[p * m + i];
                            if (s != 0) Axpy(s, bp, cs.Slice((i - i0) * n, n));
                        }
                    }
                    break;
                }
                default:
                {
                    int panels = n / BlockColumns;
                    int j0 = panels * part / parts * BlockColumns, j1 = part == parts - 1 ? n : panels * (part + 1) / parts * BlockColumns;
                    Blocked(A, k, 1, W.AsSpan(j0 * k), 1, k, C.AsSpan(j0), n, m, k, j1 - j0);
                    break;
                }
            }
        }
    }

    // Below this row length a plain loop is faster than a TensorPrimitives call per row (measured on the
    // seed's 2-feature model: the calls dominated a 3 µs step).
    private const int Small = 8;

    /// <summary>C[m×n] = A[m×k]·B[n×k]ᵀ (a Linear layer's forward: x·Wᵀ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fast from the first call: short runs never reach tier 1
    public static void MatMulABt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * k, b, n * k, c, m * n);
        if (k <= Small)
        {
            // Short rows: a plain loop beats a call per dot product (a 2-feature input has rows of 2).
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float s = 0;
                    for (int p = 0; p < k; p++) s += a[i * k + p] * b[j * k + p];
                    c[i * n + j] = s;
                }
            return;
        }
        for (int i = 0; i < m; i++)
        {
            var ai = a.Slice(i * k, k);
            var ci = c.Slice(i * n, n);
            for (int j = 0; j < n; j++) ci[j] = Dot(ai, b.Slice(j * k, k));
        }
    }

    /// <summary>C[m×n] = A[m×k]·B[k×n] (the input gradient: dy·W).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fast from the first call: short runs never reach tier 1
    public static void MatMulAB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        Check(a, m * k, b, k * n, c, m * n);
        if (Vector512.IsHardwareAccelerated && n % 16 == 0 && n <= 64)
        {
            for (int i = 0; i < m; i++) RowTimesMatrix(a, i * k, 1, b, c.Slice(i * n, n), k, n);
            return;
        }
        if (n <= Small)
        {
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    float s = 0;
                    for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                    c[i * n + j] = s;
                }
            return;
        }
        if (n >= BlockColumns && m >= BlockRows) { Blocked(a, k, 1, b, n, 1, c, n, m, k, n); return; }
        if (Vector512.IsHardwareAccelerated && m >= BlockRows) { Narrow(a, k, 1, b, c, m, k, n); return; }
        for (int i = 0; i < m; i++)
        {
            var ci = c.Slice(i * n, n);
            ci.Clear();
            for (int p = 0; p < k; p++)
            {
                float s = a[i * k + p];
                if (s != 0) Axpy(s, b.Slice(p * n, n), ci);
            }
        }
    }

    /// <summary>C[m×n] = A[k×m]ᵀ·B[k×n] (the weight gradient: dyᵀ·x).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fast from the first call: short runs never reach tier 1
    public static void MatMulAtB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int k, int m, int n)
    {
        Check(a, k * m, b, k * n, c, m * n);
        if (Vector512.IsHardwareAccelerated && n % 16 == 0 && n <= 64)
        {
            for (int i = 0; i < m; i++) RowTimesMatrix(a, i, m, b, c.Slice(i * n, n), k, n);
            return;
        }
        if (n >= BlockColumns && m >= BlockRows) { Blocked(a, 1, m, b, n, 1, c, n, m, k, n); return; }
        c[..(m * n)].Clear();
        if (n <= Small && m >= 8 && m * n <= 4096)
        {
            // Few columns, many rows (a first layer's dW = dyᵀ·x with 2 inputs): accumulate Cᵀ = Bᵀ·A with vector
            // axpys across the m rows, then transpose.
            Span<float> ct = stackalloc float[m * n];
            ct.Clear();
            for (int p = 0; p < k; p++)
            {
                var ap = a.Slice(p * m, m);
                for (int j = 0; j < n; j++)
                {
                    float s = b[p * n + j];
                    if (s != 0) Axpy(s, ap, ct.Slice(j * m, m));
                }
            }
            Transpose(ct, c, n, m);
            return;
        }
        if (n <= Small)
        {
            for (int p = 0; p < k; p++)
                for (int i = 0; i < m; i++)
                {
                    float s = a[p * m + i];
                    for (int j = 0; j < n; j++) c[i * n + j] += s * b[p * n + j];
                }
            return;
        }
        for (int p = 0; p < k; p++)
        {
            var bp = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                float s = a[p * m + i];
                if (s != 0) Axpy(s, bp, c.Slice(i * n, n));
            }
        }
    }

    [ThreadStatic] private static float[]? _panel;

    /// <summary>
    /// C[m×n] = A·B for 8 &lt; n &lt; 32 columns that are not whole vectors (a classifier's 10 outputs): B is copied into a
    /// zero-padded panel of 16 or 32 floats per row (a per-thread buffer, kept), and 4 rows of C are accumulated at a
    /// time in 512-bit registers. Each element is the same fused multiply-adds, p ascending from 0, as the row-by-row
    /// path it replaces; the padding lanes are computed and dropped.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Narrow(ReadOnlySpan<float> a, int rs, int cs, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        int w = n <= 16 ? 16 : 32;
        var panel = _panel is { } pp && pp.Length >= k * w ? pp : (_panel = new float[Math.Max(k * w, 8192)]);
        for (int p = 0; p < k; p++)
        {
            b.Slice(p * n, n).CopyTo(panel.AsSpan(p * w));
            panel.AsSpan(p * w + n, w - n).Clear();
        }
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(panel.AsSpan());
        Span<float> row = stackalloc float[32];
        int i = 0;
        for (; i + 4 <= m; i += 4)
        {
            Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
            ref float ap = ref Unsafe.Add(ref pa, (nint)i * rs);
            ref float bp = ref pb;
            for (int p = 0; p < k; p++)
            {
                var b0 = Vector512.LoadUnsafe(ref bp);
                var a0 = Vector512.Create(ap); var a1 = Vector512.Create(Unsafe.Add(ref ap, rs));
                var a2 = Vector512.Create(Unsafe.Add(ref ap, 2 * rs)); var a3 = Vector512.Create(Unsafe.Add(ref ap, 3 * rs));
                c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c10 = Vector512.FusedMultiplyAdd(a1, b0, c10);
                c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c30 = Vector512.FusedMultiplyAdd(a3, b0, c30);
                if (w == 32)
                {
                    var b1 = Vector512.LoadUnsafe(ref bp, 16);
                    c01 = Vector512.FusedMultiplyAdd(a0, b1, c01); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
                    c21 = Vector512.FusedMultiplyAdd(a2, b1, c21); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
                }
                bp = ref Unsafe.Add(ref bp, w);
                ap = ref Unsafe.Add(ref ap, cs);
            }
            Put(row, c00, c01, c.Slice(i * n, n)); Put(row, c10, c11, c.Slice((i + 1) * n, n));
            Put(row, c20, c21, c.Slice((i + 2) * n, n)); Put(row, c30, c31, c.Slice((i + 3) * n, n));
        }
        for (; i < m; i++)
        {
            Vector512<float> c0 = default, c1 = default;
            for (int p = 0; p < k; p++)
            {
                var s = Vector512.Create(Unsafe.Add(ref pa, (nint)i * rs + (nint)p * cs));
                c0 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref pb, (nuint)(p * w)), c0);
                if (w == 32) c1 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref pb, (nuint)(p * w + 16)), c1);
            }
            Put(row, c0, c1, c.Slice(i * n, n));
        }

        static void Put(Span<float> row, Vector512<float> lo, Vector512<float> hi, Span<float> to)
        {
            lo.StoreUnsafe(ref MemoryMarshal.GetReference(row));
            hi.StoreUnsafe(ref MemoryMarshal.GetReference(row), 16);
            row[..to.Length].CopyTo(to);
        }
    }

    // The register-blocked product takes over from these sizes (the tutorials' small nets keep their paths).
    private const int BlockColumns = 32, BlockRows = 4;

    /// <summary>
    /// C[m×n] = A·B, where A's element (i, p) is a[i·rs + p·cs] and B's element (p, j) is b[p·bRow + j·bCol]: one kernel
    /// serves A·B, Aᵀ·B and A·Wᵀ (B = Wᵀ read straight from W, bRow = 1). C's rows are <paramref name="ldc"/> apart (a
    /// thread's share of the columns is a slice of a wider C). k is taken in blocks of 256 (BLIS's Kc) and n in panels
    /// of 32 columns; a panel of B stays in L1 while the row tiles of A stream past it. A row-major B is read where it
    /// is; a transposed B (W) is first packed, a panel at a time, into a per-thread buffer of 256 × 32 floats, which
    /// replaces the separate transpose a Linear forward used to make. Tiles of C are held in registers: 8 rows × 2
    /// vectors on AVX-512 (16 accumulators), 4 × 2 on AVX2.
    /// </summary>
    /// <remarks>Every element of C is the same sequence of fused multiply-adds as the row-by-row axpy path it replaces
    /// (p ascending, from 0), at every vector width and thread count: training replays bit for bit.</remarks>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Blocked(ReadOnlySpan<float> a, int rs, int cs, ReadOnlySpan<float> b, int bRow, int bCol, Span<float> c, int ldc, int m, int k, int n)
    {
        for (int r = 0; r < m; r++) c.Slice(r * ldc, n).Clear();
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pc = ref MemoryMarshal.GetReference(c);
        bool pack = bCol != 1;
        var panel = pack ? (_packed ??= new float[Kc * BlockColumns]) : null;
        for (int p0 = 0; p0 < k; p0 += Kc)
        {
            int kc = Math.Min(k, p0 + Kc) - p0;
            int j = 0;
            while (j < n)
            {
                int w = Vector512.IsHardwareAccelerated && j + 32 <= n ? 32 : Vector256.IsHardwareAccelerated && j + 16 <= n ? 16 : n - j;
                // B(p0.., j..j+w): in place, or packed as kc rows of w floats.
                ref float bp = ref Unsafe.NullRef<float>();
                int ldb;
                if (pack)
                {
                    Pack(b, bRow, bCol, p0, kc, j, w, panel!);
                    bp = ref MemoryMarshal.GetArrayDataReference(panel!);
                    ldb = w;
                }
                else
                {
                    bp = ref Unsafe.Add(ref MemoryMarshal.GetReference(b), (nint)p0 * bRow + j);
                    ldb = bRow;
                }
                int i = 0;
                if (w == 32)
                {
                    for (; i + 8 <= m; i += 8) Tile8x512(ref Unsafe.Add(ref pa, (nint)i * rs + (nint)p0 * cs), rs, cs, ref bp, ldb, ref Unsafe.Add(ref pc, (nint)i * ldc + j), ldc, kc);
                    for (; i + 4 <= m; i += 4) Tile4x512(ref Unsafe.Add(ref pa, (nint)i * rs + (nint)p0 * cs), rs, cs, ref bp, ldb, ref Unsafe.Add(ref pc, (nint)i * ldc + j), ldc, kc);
                }
                else if (w == 16)
                    for (; i + 4 <= m; i += 4) Tile4x256(ref Unsafe.Add(ref pa, (nint)i * rs + (nint)p0 * cs), rs, cs, ref bp, ldb, ref Unsafe.Add(ref pc, (nint)i * ldc + j), ldc, kc);
                for (; i < m; i++) Rest(ref Unsafe.Add(ref pa, (nint)i * rs + (nint)p0 * cs), cs, ref bp, ldb, ref Unsafe.Add(ref pc, (nint)i * ldc + j), w, kc);
                j += w;
            }
        }
    }

    private const int Kc = 256;
    [ThreadStatic] private static float[]? _packed;

    // panel[p·w + jj] = B(p0 + p, j + jj) for a B with strides (bRow, bCol); for B = Wᵀ (bRow = 1) each of W's rows is
    // read once, contiguously, and written down a column of the L1-resident panel.
    private static void Pack(ReadOnlySpan<float> b, int bRow, int bCol, int p0, int kc, int j, int w, float[] panel)
    {
        ref float pb = ref MemoryMarshal.GetReference(b);
        ref float pp = ref MemoryMarshal.GetArrayDataReference(panel);
        for (int jj = 0; jj < w; jj++)
        {
            ref float src = ref Unsafe.Add(ref pb, (nint)(j + jj) * bCol + (nint)p0 * bRow);
            for (int p = 0; p < kc; p++) Unsafe.Add(ref pp, p * w + jj) = Unsafe.Add(ref src, (nint)p * bRow);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile8x512(ref float aStart, int rs, int cs, ref float bStart, int ldb, ref float cStart, int ldc, int kc)
    {
        var c00 = Vector512.LoadUnsafe(ref cStart);
        var c01 = Vector512.LoadUnsafe(ref cStart, (nuint)(0 * ldc + 16));
        var c10 = Vector512.LoadUnsafe(ref cStart, (nuint)(1 * ldc + 0));
        var c11 = Vector512.LoadUnsafe(ref cStart, (nuint)(1 * ldc + 16));
        var c20 = Vector512.LoadUnsafe(ref cStart, (nuint)(2 * ldc + 0));
        var c21 = Vector512.LoadUnsafe(ref cStart, (nuint)(2 * ldc + 16));
        var c30 = Vector512.LoadUnsafe(ref cStart, (nuint)(3 * ldc + 0));
        var c31 = Vector512.LoadUnsafe(ref cStart, (nuint)(3 * ldc + 16));
        var c40 = Vector512.LoadUnsafe(ref cStart, (nuint)(4 * ldc + 0));
        var c41 = Vector512.LoadUnsafe(ref cStart, (nuint)(4 * ldc + 16));
        var c50 = Vector512.LoadUnsafe(ref cStart, (nuint)(5 * ldc + 0));
        var c51 = Vector512.LoadUnsafe(ref cStart, (nuint)(5 * ldc + 16));
        var c60 = Vector512.LoadUnsafe(ref cStart, (nuint)(6 * ldc + 0));
        var c61 = Vector512.LoadUnsafe(ref cStart, (nuint)(6 * ldc + 16));
        var c70 = Vector512.LoadUnsafe(ref cStart, (nuint)(7 * ldc + 0));
        var c71 = Vector512.LoadUnsafe(ref cStart, (nuint)(7 * ldc + 16));
        ref float ap = ref aStart;
        ref float bp = ref bStart;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref bp); var b1 = Vector512.LoadUnsafe(ref bp, 16);
            var a0 = Vector512.Create(ap); c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref ap, rs)); c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref ap, 2 * rs)); c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref ap, 3 * rs)); c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            var a4 = Vector512.Create(Unsafe.Add(ref ap, 4 * rs)); c40 = Vector512.FusedMultiplyAdd(a4, b0, c40); c41 = Vector512.FusedMultiplyAdd(a4, b1, c41);
            var a5 = Vector512.Create(Unsafe.Add(ref ap, 5 * rs)); c50 = Vector512.FusedMultiplyAdd(a5, b0, c50); c51 = Vector512.FusedMultiplyAdd(a5, b1, c51);
            var a6 = Vector512.Create(Unsafe.Add(ref ap, 6 * rs)); c60 = Vector512.FusedMultiplyAdd(a6, b0, c60); c61 = Vector512.FusedMultiplyAdd(a6, b1, c61);
            var a7 = Vector512.Create(Unsafe.Add(ref ap, 7 * rs)); c70 = Vector512.FusedMultiplyAdd(a7, b0, c70); c71 = Vector512.FusedMultiplyAdd(a7, b1, c71);
            bp = ref Unsafe.Add(ref bp, ldb);
            ap = ref Unsafe.Add(ref ap, cs);
        }
        c00.StoreUnsafe(ref cStart);
        c01.StoreUnsafe(ref cStart, (nuint)(0 * ldc + 16));
        c10.StoreUnsafe(ref cStart, (nuint)(1 * ldc + 0));
        c11.StoreUnsafe(ref cStart, (nuint)(1 * ldc + 16));
        c20.StoreUnsafe(ref cStart, (nuint)(2 * ldc + 0));
        c21.StoreUnsafe(ref cStart, (nuint)(2 * ldc + 16));
        c30.StoreUnsafe(ref cStart, (nuint)(3 * ldc + 0));
        c31.StoreUnsafe(ref cStart, (nuint)(3 * ldc + 16));
        c40.StoreUnsafe(ref cStart, (nuint)(4 * ldc + 0));
        c41.StoreUnsafe(ref cStart, (nuint)(4 * ldc + 16));
        c50.StoreUnsafe(ref cStart, (nuint)(5 * ldc + 0));
        c51.StoreUnsafe(ref cStart, (nuint)(5 * ldc + 16));
        c60.StoreUnsafe(ref cStart, (nuint)(6 * ldc + 0));
        c61.StoreUnsafe(ref cStart, (nuint)(6 * ldc + 16));
        c70.StoreUnsafe(ref cStart, (nuint)(7 * ldc + 0));
        c71.StoreUnsafe(ref cStart, (nuint)(7 * ldc + 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x512(ref float aStart, int rs, int cs, ref float bStart, int ldb, ref float cStart, int ldc, int kc)
    {
        var c00 = Vector512.LoadUnsafe(ref cStart);
        var c01 = Vector512.LoadUnsafe(ref cStart, (nuint)(0 * ldc + 16));
        var c10 = Vector512.LoadUnsafe(ref cStart, (nuint)(1 * ldc + 0));
        var c11 = Vector512.LoadUnsafe(ref cStart, (nuint)(1 * ldc + 16));
        var c20 = Vector512.LoadUnsafe(ref cStart, (nuint)(2 * ldc + 0));
        var c21 = Vector512.LoadUnsafe(ref cStart, (nuint)(2 * ldc + 16));
        var c30 = Vector512.LoadUnsafe(ref cStart, (nuint)(3 * ldc + 0));
        var c31 = Vector512.LoadUnsafe(ref cStart, (nuint)(3 * ldc + 16));
        ref float ap = ref aStart;
        ref float bp = ref bStart;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector512.LoadUnsafe(ref bp); var b1 = Vector512.LoadUnsafe(ref bp, 16);
            var a0 = Vector512.Create(ap); c00 = Vector512.FusedMultiplyAdd(a0, b0, c00); c01 = Vector512.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(Unsafe.Add(ref ap, rs)); c10 = Vector512.FusedMultiplyAdd(a1, b0, c10); c11 = Vector512.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(Unsafe.Add(ref ap, 2 * rs)); c20 = Vector512.FusedMultiplyAdd(a2, b0, c20); c21 = Vector512.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(Unsafe.Add(ref ap, 3 * rs)); c30 = Vector512.FusedMultiplyAdd(a3, b0, c30); c31 = Vector512.FusedMultiplyAdd(a3, b1, c31);
            bp = ref Unsafe.Add(ref bp, ldb);
            ap = ref Unsafe.Add(ref ap, cs);
        }
        c00.StoreUnsafe(ref cStart);
        c01.StoreUnsafe(ref cStart, (nuint)(0 * ldc + 16));
        c10.StoreUnsafe(ref cStart, (nuint)(1 * ldc + 0));
        c11.StoreUnsafe(ref cStart, (nuint)(1 * ldc + 16));
        c20.StoreUnsafe(ref cStart, (nuint)(2 * ldc + 0));
        c21.StoreUnsafe(ref cStart, (nuint)(2 * ldc + 16));
        c30.StoreUnsafe(ref cStart, (nuint)(3 * ldc + 0));
        c31.StoreUnsafe(ref cStart, (nuint)(3 * ldc + 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile4x256(ref float aStart, int rs, int cs, ref float bStart, int ldb, ref float cStart, int ldc, int kc)
    {
        var c00 = Vector256.LoadUnsafe(ref cStart);
        var c01 = Vector256.LoadUnsafe(ref cStart, (nuint)(0 * ldc + 8));
        var c10 = Vector256.LoadUnsafe(ref cStart, (nuint)(1 * ldc + 0));
        var c11 = Vector256.LoadUnsafe(ref cStart, (nuint)(1 * ldc + 8));
        var c20 = Vector256.LoadUnsafe(ref cStart, (nuint)(2 * ldc + 0));
        var c21 = Vector256.LoadUnsafe(ref cStart, (nuint)(2 * ldc + 8));
        var c30 = Vector256.LoadUnsafe(ref cStart, (nuint)(3 * ldc + 0));
        var c31 = Vector256.LoadUnsafe(ref cStart, (nuint)(3 * ldc + 8));
        ref float ap = ref aStart;
        ref float bp = ref bStart;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector256.LoadUnsafe(ref bp); var b1 = Vector256.LoadUnsafe(ref bp, 8);
            var a0 = Vector256.Create(ap); c00 = Vector256.FusedMultiplyAdd(a0, b0, c00); c01 = Vector256.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector256.Create(Unsafe.Add(ref ap, rs)); c10 = Vector256.FusedMultiplyAdd(a1, b0, c10); c11 = Vector256.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector256.Create(Unsafe.Add(ref ap, 2 * rs)); c20 = Vector256.FusedMultiplyAdd(a2, b0, c20); c21 = Vector256.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector256.Create(Unsafe.Add(ref ap, 3 * rs)); c30 = Vector256.FusedMultiplyAdd(a3, b0, c30); c31 = Vector256.FusedMultiplyAdd(a3, b1, c31);
            bp = ref Unsafe.Add(ref bp, ldb);
            ap = ref Unsafe.Add(ref ap, cs);
        }
        c00.StoreUnsafe(ref cStart);
        c01.StoreUnsafe(ref cStart, (nuint)(0 * ldc + 8));
        c10.StoreUnsafe(ref cStart, (nuint)(1 * ldc + 0));
        c11.StoreUnsafe(ref cStart, (nuint)(1 * ldc + 8));
        c20.StoreUnsafe(ref cStart, (nuint)(2 * ldc + 0));
        c21.StoreUnsafe(ref cStart, (nuint)(2 * ldc + 8));
        c30.StoreUnsafe(ref cStart, (nuint)(3 * ldc + 0));
        c31.StoreUnsafe(ref cStart, (nuint)(3 * ldc + 8));
    }

    // One row of C, w columns, for kc steps of p: the same fused multiply-adds one element at a time.
    private static void Rest(ref float a0, int cs, ref float b0, int ldb, ref float c0, int w, int kc)
    {
        for (int p = 0; p < kc; p++)
        {
            float s = Unsafe.Add(ref a0, (nint)p * cs);
            ref float bp = ref Unsafe.Add(ref b0, (nint)p * ldb);
            for (int q = 0; q < w; q++) Unsafe.Add(ref c0, q) = MathF.FusedMultiplyAdd(s, Unsafe.Add(ref bp, q), Unsafe.Add(ref c0, q));
        }
    }

    /// <summary>t[c×r] = a[r×c]ᵀ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fast from the first call: short runs never reach tier 1
    public static void Transpose(ReadOnlySpan<float> a, Span<float> t, int rows, int cols)
    {
        Check(a, rows * cols, t, rows * cols, t, rows * cols);
        if (rows < 16 || cols < 16)
        {
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
            return;
        }
        // In 16 × 16 blocks: a block's 16 source rows and 16 target rows stay in L1, where a plain loop's writes, a
        // whole row apart, missed the cache on every element (a 256 × 784 weight took about as long as its product).
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pt = ref MemoryMarshal.GetReference(t);
        const int B = 16;
        for (int ib = 0; ib < rows; ib += B)
        {
            int ie = Math.Min(rows, ib + B);
            for (int j0 = 0; j0 < cols; j0 += B)
            {
                int j1 = Math.Min(cols, j0 + B);
                for (int i = ib; i < ie; i++)
                {
                    ref float ai = ref Unsafe.Add(ref pa, (nint)i * cols);
                    for (int j = j0; j < j1; j++) Unsafe.Add(ref pt, (nint)j * rows + i) = Unsafe.Add(ref ai, j);
                }
            }
        }
    }

    /// <summary>Adds the row vector <paramref name="bias"/> to each of the <paramref name="rows"/> rows of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fast from the first call: short runs never reach tier 1
    public static void AddRowVector(Span<float> x, ReadOnlySpan<float> bias, int rows)
    {
        int n = bias.Length;
        if (n <= Small)
        {
            for (int i = 0; i < rows; i++) for (int j = 0; j < n; j++) x[i * n + j] += bias[j];
            return;
        }
        for (int i = 0; i < rows; i++) Axpy(1f, bias, x.Slice(i * n, n));
    }

    /// <summary>sums[j] = Σᵢ x[i, j] (the bias gradient).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fast from the first call: short runs never reach tier 1
    public static void ColumnSums(ReadOnlySpan<float> x, Span<float> sums, int rows)
    {
        int n = sums.Length;
        sums.Clear();
        if (n <= Small)
        {
            for (int i = 0; i < rows; i++) for (int j = 0; j < n; j++) sums[j] += x[i * n + j];
            return;
        }
        for (int i = 0; i < rows; i++) Axpy(1f, x.Slice(i * n, n), sums);
    }

    /// <summary>c = Σ_p a[start + p·stride]·B[p, :] for a narrow B (n = 16, 32, 48 or 64): the output row stays in
    /// vector registers while p streams through, one broadcast, one load and one FMA per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void RowTimesMatrix(ReadOnlySpan<float> a, int start, int stride, ReadOnlySpan<float> b, Span<float> c, int k, int n)
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        var c0 = Vector512<float>.Zero; var c1 = Vector512<float>.Zero; var c2 = Vector512<float>.Zero; var c3 = Vector512<float>.Zero;
        for (int p = 0; p < k; p++)
        {
            var s = Vector512.Create(Unsafe.Add(ref pa, start + p * stride));
            nuint row = (nuint)(p * n);
            c0 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref pb, row), c0);
            if (n > 16) c1 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref pb, row + 16), c1);
            if (n > 32) c2 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref pb, row + 32), c2);
            if (n > 48) c3 = Vector512.FusedMultiplyAdd(s, Vector512.LoadUnsafe(ref pb, row + 48), c3);
        }
        ref float pc = ref MemoryMarshal.GetReference(c);
        c0.StoreUnsafe(ref pc);
        if (n > 16) c1.StoreUnsafe(ref pc, 16);
        if (n > 32) c2.StoreUnsafe(ref pc, 32);
        if (n > 48) c3.StoreUnsafe(ref pc, 48);
    }

    /// <summary>y += s·x, inlined (no call per row: the rows of a small MLP are 16 floats).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float s, ReadOnlySpan<float> x, Span<float> y)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vs = Vector512.Create(s);
            for (; i + 16 <= n; i += 16)
                Vector512.FusedMultiplyAdd(vs, Vector512.LoadUnsafe(ref px, (nuint)i), Vector512.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i + 8 <= n; i += 8)
                Vector256.FusedMultiplyAdd(vs, Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref py, i) = MathF.FusedMultiplyAdd(s, Unsafe.Add(ref px, i), Unsafe.Add(ref py, i));
    }

    /// <summary>Σ a·b, inlined. The same bits at every vector width: products are accumulated with fused multiply-adds
    /// into 16 logical lanes (one 512-bit register, two 256-bit ones, or 16 scalars), the lanes are added in one fixed
    /// tree (halves, then quarters, ...), and the last n mod 16 products are added in order. A run therefore replays
    /// bit for bit on AVX-512, AVX2 and scalar machines (a test trains with AVX-512 switched off and compares).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        ref float pa = ref MemoryMarshal.GetReference(a);
        ref float pb = ref MemoryMarshal.GetReference(b);
        int n = a.Length, i = 0;
        float sum = 0;
        if (n >= 16)
        {
            Vector256<float> lo, hi;
            if (Vector512.IsHardwareAccelerated)
            {
                var acc = Vector512<float>.Zero;
                for (; i + 16 <= n; i += 16)
                    acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i), acc);
                (lo, hi) = (acc.GetLower(), acc.GetUpper());
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                Vector256<float> a0 = Vector256<float>.Zero, a1 = Vector256<float>.Zero;
                for (; i + 16 <= n; i += 16)
                {
                    a0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i), a0);
                    a1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pa, (nuint)(i + 8)), Vector256.LoadUnsafe(ref pb, (nuint)(i + 8)), a1);
                }
                (lo, hi) = (a0, a1);
            }
            else (lo, hi, i) = ScalarLanes(a, b);
            var h8 = lo + hi;
            var h4 = h8.GetLower() + h8.GetUpper();
            sum = (h4.GetElement(0) + h4.GetElement(2)) + (h4.GetElement(1) + h4.GetElement(3));
        }
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref pa, i), Unsafe.Add(ref pb, i), sum);
        return sum;
    }

    // The 16 lanes of Dot without 256-bit vectors (kept out of Dot: a stackalloc would stop it from being inlined).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (Vector256<float> Lo, Vector256<float> Hi, int Done) ScalarLanes(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Span<float> lanes = stackalloc float[16];
        lanes.Clear();
        int i = 0;
        for (; i + 16 <= a.Length; i += 16)
            for (int l = 0; l < 16; l++) lanes[l] = MathF.FusedMultiplyAdd(a[i + l], b[i + l], lanes[l]);
        return (Vector256.Create((ReadOnlySpan<float>)lanes[..8]), Vector256.Create((ReadOnlySpan<float>)lanes[8..]), i);
    }

    private static void Check(ReadOnlySpan<float> a, int na, ReadOnlySpan<float> b, int nb, ReadOnlySpan<float> c, int nc)
    {
        if (a.Length < na || b.Length < nb || c.Length < nc)
            throw new ArgumentException($"Matrix product operands are too short: A {a.Length}/{na}, B {b.Length}/{nb}, C {c.Length}/{nc}.");
    }
}
