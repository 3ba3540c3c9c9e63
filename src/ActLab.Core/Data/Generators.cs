using System.Text;
using ActLab.Core.Random;
using ActLab.Kernels.Random;

namespace ActLab.Core.Data;

/// <summary>Which random stream a generator draws from.</summary>
public enum RandomStream
{
    /// <summary>ActLab's documented PCG32 (the default: fast, and replays on every machine).</summary>
    Pcg,
    /// <summary>NumPy's legacy RandomState (MT19937), to reproduce a NumPy script's data byte for byte.</summary>
    Numpy,
}

/// <summary>Seeded synthetic data sets, each written in the same CSV layout (features, then an integer label).</summary>
public static class Generators
{
    /// <summary>
    /// Seed 000's two-Gaussian set: class 0 around (0, 0), class 1 around (meanDiff, meanDiff), identity covariance,
    /// <paramref name="perClass"/> each, then shuffled. With <see cref="RandomStream.Numpy"/> the draws are exactly
    /// NumPy's (<c>np.random.seed</c>, two <c>randn(n, 2)</c>, <c>shuffle(arange(2n))</c>).
    /// </summary>
    public static Table Gaussians(int perClass = 500, double meanDiff = 2.0, ulong seed = 42, RandomStream stream = RandomStream.Pcg)
    {
        if (perClass < 1) throw new ArgumentOutOfRangeException(nameof(perClass), perClass, "perClass must be at least 1.");
        int n = 2 * perClass;
        var rows = new double[n][];
        var labels = new int[n];
        Func<double> gauss;
        Action<int[]> shuffle;
        if (stream == RandomStream.Numpy)
        {
            if (seed > uint.MaxValue) throw new ArgumentOutOfRangeException(nameof(seed), seed, "NumPy seeds must be below 2^32.");
            var rs = new NumpyRandomState((uint)seed);
            gauss = rs.NextGaussian;
            shuffle = a => rs.Shuffle<int>(a);
        }
        else
        {
            var pcg = new PcgNormal(seed);
            gauss = pcg.Next;
            shuffle = pcg.Shuffle;
        }
        for (int i = 0; i < n; i++)
        {
            double offset = i < perClass ? 0 : meanDiff;
            double a = gauss(), b = gauss();
            rows[i] = [a + offset, b + offset];
            labels[i] = i < perClass ? 0 : 1;
        }
        var order = Enumerable.Range(0, n).ToArray();
        shuffle(order);
        return new Table(["feature1", "feature2"], [.. order.Select(i => rows[i])], [.. order.Select(i => labels[i])]);
    }

    /// <summary>The CSV text of a table as pandas' <c>to_csv(index=False)</c> writes it (Python float repr, '\n').</summary>
    public static string ToCsv(Table t)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', t.FeatureNames)).Append(',').Append(t.LabelName).Append('\n');
        for (int i = 0; i < t.Count; i++)
        {
            foreach (var v in t.Rows[i]) sb.Append(PythonFormat.Repr(v)).Append(',');
            sb.Append(t.Labels[i]).Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Normals from PCG32 by the polar method (pairs cached), and Fisher–Yates with unbiased bounds.</summary>
    private sealed class PcgNormal(ulong seed)
    {
        private Pcg32 _rng = new(seed);
        private double? _spare;

        public double Next()
        {
            if (_spare is double s) { _spare = null; return s; }
            double x1, x2, r2;
            do
            {
                x1 = 2 * _rng.NextDouble() - 1;
                x2 = 2 * _rng.NextDouble() - 1;
                r2 = x1 * x1 + x2 * x2;
            } while (r2 >= 1 || r2 == 0);
            double f = Math.Sqrt(-2 * Math.Log(r2) / r2);
            _spare = f * x1;
            return f * x2;
        }

        public void Shuffle(int[] a)
        {
            for (int i = a.Length - 1; i >= 1; i--)
            {
                int j = (int)Bounded((uint)i + 1);
                (a[i], a[j]) = (a[j], a[i]);
            }
        }

        // Lemire's nearly-divisionless bounded integer with rejection: uniform on [0, bound).
        private uint Bounded(uint bound)
        {
            ulong m = (ulong)_rng.NextUInt() * bound;
            uint low = (uint)m;
            if (low < bound)
            {
                uint threshold = (uint)(-(int)bound) % bound;
                while (low < threshold) { m = (ulong)_rng.NextUInt() * bound; low = (uint)m; }
            }
            return (uint)(m >> 32);
        }
    }
}
