using ActLab.Kernels.Tests.Reference;

/// <summary>Every float in a range through one kernel's forward, against the oracle (bit for bit where the spec is
/// piecewise exact, else in ULP).</summary>
internal static class Exhaustive
{
    public static int Run(string spec, float from, float to)
    {
        var r = RefFunctions.All.SingleOrDefault(f => f.Spec == spec);
        if (r is null) { Console.Error.WriteLine($"No oracle for '{spec}'."); return 2; }
        var act = ActLab.Kernels.Catalogue.Catalogue.Resolve(spec);
        const int chunk = 1 << 20;
        var xs = new float[chunk];
        var ys = new float[chunk];
        long count = 0, misses = 0;
        double worst = 0;
        float worstAt = 0;
        // Floats in order: the negatives from −∞ up to −0 (bit patterns descending), then +0 up to +∞.
        static IEnumerable<float> All()
        {
            for (uint b = 0xFF800000u; b >= 0x80000000u; b--) yield return BitConverter.UInt32BitsToSingle(b);
            for (uint b = 0; b <= 0x7F800000u; b++) yield return BitConverter.UInt32BitsToSingle(b);
        }
        int n = 0;
        void Flush()
        {
            act.Forward(xs.AsSpan(0, n), ys.AsSpan(0, n));
            for (int i = 0; i < n; i++)
            {
                float x = xs[i];
                if (r.IsPiecewiseExact)
                {
                    float e = r.Exact(x);
                    bool same = BitConverter.SingleToInt32Bits(e) == BitConverter.SingleToInt32Bits(ys[i]) || (float.IsNaN(e) && float.IsNaN(ys[i]));
                    if (!same && misses++ < 10) Console.WriteLine($"  {spec}({x:R}) = {ys[i]:R}, expected {e:R}");
                }
                else
                {
                    double u = Accuracy.UlpError(ys[i], r.F(x));
                    if (u > worst) { worst = u; worstAt = x; }
                }
            }
            count += n;
            n = 0;
        }
        var clock = System.Diagnostics.Stopwatch.StartNew();
        foreach (float x in All())
        {
            if (!(x >= from && x < to)) continue;
            xs[n++] = x;
            if (n == chunk) Flush();
        }
        Flush();
        Console.WriteLine(r.IsPiecewiseExact
            ? $"{spec}: {count:N0} floats in [{from}, {to}), {misses} differ from the exact result ({clock.Elapsed.TotalSeconds:0.0} s)"
            : $"{spec}: {count:N0} floats in [{from}, {to}), worst {worst:0.###} ULP at {worstAt:R} ({clock.Elapsed.TotalSeconds:0.0} s)");
        return (r.IsPiecewiseExact ? misses == 0 : worst <= Tolerance.ForwardUlp) ? 0 : 1;
    }
}
