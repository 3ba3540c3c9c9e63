namespace ActLab.Core.Data;

/// <summary>Feature standardisation, x′ = (x − mean)/std, with the mean and standard deviation of the training rows
/// (as scikit-learn's StandardScaler: a constant feature keeps std 1).</summary>
public static class Standardization
{
    /// <summary>Per-feature mean and standard deviation of <paramref name="rows"/> (indices into <paramref name="features"/>).</summary>
    /// <remarks>Row by row (each row is read in order, not one column at a time across every row array), summed in
    /// double in row order, so the result is the same as the column-wise averages, bit for bit.</remarks>
    public static (float[] Mean, float[] Std) Fit(float[][] features, IReadOnlyList<int> rows)
    {
        int d = features.Length == 0 ? 0 : features[0].Length;
        var sum = new double[d];
        foreach (int i in rows)
        {
            var r = features[i];
            for (int j = 0; j < d; j++) sum[j] += r[j];
        }
        var m = new double[d];
        for (int j = 0; j < d; j++) m[j] = sum[j] / rows.Count;
        var sq = new double[d];
        foreach (int i in rows)
        {
            var r = features[i];
            for (int j = 0; j < d; j++) { double c = r[j] - m[j]; sq[j] += c * c; }
        }
        var mean = new float[d];
        var std = new float[d];
        for (int j = 0; j < d; j++)
        {
            double v = sq[j] / rows.Count;
            mean[j] = (float)m[j];
            std[j] = (float)(v > 0 && float.IsNormal((float)Math.Sqrt(v)) ? Math.Sqrt(v) : 1);
        }
        return (mean, std);
    }

    /// <summary>x′ = (x − mean)/std on one row, in place (the same float operations as <see cref="Apply"/>).</summary>
    // AggressiveOptimization: called per row of every batch, so it must not be tiered up mid-training (the call-count
    // callback that promotes a method allocates on the calling thread, which a step must not).
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static void ApplyInPlace(Span<float> row, ReadOnlySpan<float> mean, ReadOnlySpan<float> std)
    {
        System.Numerics.Tensors.TensorPrimitives.Subtract(row, mean, row);
        System.Numerics.Tensors.TensorPrimitives.Divide(row, std, row);
    }

    /// <summary>The standardised copy of every row.</summary>
    public static float[][] Apply(float[][] features, float[] mean, float[] std) =>
        [.. features.Select(r => r.Select((v, j) => (v - mean[j]) / std[j]).ToArray())];
}
