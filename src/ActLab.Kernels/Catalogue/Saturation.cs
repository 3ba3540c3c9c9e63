namespace ActLab.Kernels.Catalogue;

/// <summary>Where an elementwise function stops changing in float32, found from its kernel (not typed by hand).</summary>
/// <param name="Side">+1 for the positive side, −1 for the negative side.</param>
/// <param name="From">The input from which on (|x| ≥ |From|) the output is <see cref="Value"/>.</param>
/// <param name="Value">The constant output there (possibly ±∞).</param>
public readonly record struct SaturationPoint(int Side, float From, float Value)
{
    /// <summary>"f(x) = 1 for x ≥ 16.64" style text.</summary>
    public string Describe() =>
        $"f(x) = {Catalogue.Format(Value)} for x {(Side > 0 ? "≥" : "≤")} {From.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>Finds float32 saturation points by bisection over the ordered float bit patterns.</summary>
public static class Saturation
{
    /// <summary>The saturation point on each side that has one (a limit reached at a finite float input).</summary>
    public static IReadOnlyList<SaturationPoint> Find(Activation activation)
    {
        if (activation.Info.Kind != ActivationKind.Elementwise) return [];
        var list = new List<SaturationPoint>();
        foreach (int side in new[] { -1, 1 })
        {
            float far = side * 1e30f, farther = side * 3e38f;
            float limit = activation.Evaluate(far);
            if (float.IsNaN(limit) || !Same(limit, activation.Evaluate(farther))) continue;
            // Invariant: f(lo) ≠ limit, f(hi) = limit, lo and hi on the same side (0 included).
            int lo = 0, hi = BitConverter.SingleToInt32Bits(Math.Abs(far));
            if (Same(activation.Evaluate(0f), limit)) { list.Add(new SaturationPoint(side, 0f, limit)); continue; }
            while (hi - lo > 1)
            {
                int mid = lo + (hi - lo) / 2;
                if (Same(activation.Evaluate(side * BitConverter.Int32BitsToSingle(mid)), limit)) hi = mid; else lo = mid;
            }
            list.Add(new SaturationPoint(side, side * BitConverter.Int32BitsToSingle(hi), limit));
        }
        return list;
    }

    private static bool Same(float a, float b) => a == b || (float.IsNaN(a) && float.IsNaN(b));
}
