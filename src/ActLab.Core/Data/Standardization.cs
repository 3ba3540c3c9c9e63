namespace ActLab.Core.Data;

/// <summary>Feature standardisation, x′ = (x − mean)/std, with the mean and standard deviation of the training rows
/// (as scikit-learn's StandardScaler: a constant feature keeps std 1).</summary>
public static class Standardization
{
    /// <summary>Per-feature mean and standard deviation of <paramref name="rows"/> (indices into <paramref name="features"/>).</summary>
    public static (float[] Mean, float[] Std) Fit(float[][] features, IReadOnlyList<int> rows)
    {
        int d = features.Length == 0 ? 0 : features[0].Length;
        var mean = new float[d];
        var std = new float[d];
        for (int j = 0; j < d; j++)
        {
            double m = rows.Average(i => (double)features[i][j]);
            double v = rows.Average(i => (features[i][j] - m) * (features[i][j] - m));
            mean[j] = (float)m;
            std[j] = (float)(v > 0 && float.IsNormal((float)Math.Sqrt(v)) ? Math.Sqrt(v) : 1);
        }
        return (mean, std);
    }

    /// <summary>The standardised copy of every row.</summary>
    public static float[][] Apply(float[][] features, float[] mean, float[] std) =>
        [.. features.Select(r => r.Select((v, j) => (v - mean[j]) / std[j]).ToArray())];
}
