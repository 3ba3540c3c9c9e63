using ActLab.Core.Data;
using ActLab.Kernels.Random;

namespace ActLab.Web.Playground;

/// <summary>The input features a playground network can take, computed from a point (x1, x2), as the TensorFlow
/// Playground offers them.</summary>
public static class FeatureMap
{
    /// <summary>Feature names, in the order the page lists them.</summary>
    public static readonly string[] Names = ["x1", "x2", "x1^2", "x2^2", "x1x2", "sin(x1)", "sin(x2)"];

    /// <summary>Writes the features <paramref name="which"/> of (x1, x2) into <paramref name="into"/>.</summary>
    public static void Compute(double x1, double x2, int[] which, Span<float> into)
    {
        for (int i = 0; i < which.Length; i++)
            into[i] = (float)(which[i] switch
            {
                0 => x1,
                1 => x2,
                2 => x1 * x1,
                3 => x2 * x2,
                4 => x1 * x2,
                5 => Math.Sin(x1),
                _ => Math.Sin(x2),
            });
    }

    /// <summary>The indices of the named features.</summary>
    public static int[] Indices(IEnumerable<string> names) => [.. names.Select(n => Array.IndexOf(Names, n))];
}

/// <summary>
/// The points of a session: coordinates (x1, x2), a class or a target each, the train/test split and the square of
/// the plane the maps show. Generated from the settings and the seed, or taken from an uploaded CSV.
/// </summary>
public sealed class PointSet
{
    private PointSet(double[] x1, double[] x2, float[] targets, string[] classes, string[] axes, string source)
    {
        X1 = x1;
        X2 = x2;
        Targets = targets;
        Classes = classes;
        Axes = axes;
        Source = source;
        double lo = Math.Min(x1.Min(), x2.Min()), hi = Math.Max(x1.Max(), x2.Max());
        double pad = Math.Max((hi - lo) * 0.08, 1e-3);
        // The Playground's sets live in [−6, 6]²; keep that square for them so pictures compare with its own.
        Extent = lo >= -6 && hi <= 6 && hi - lo > 6 ? (-6, 6) : (lo - pad, hi + pad);
    }

    /// <summary>First coordinate of each point.</summary>
    public double[] X1 { get; }
    /// <summary>Second coordinate of each point.</summary>
    public double[] X2 { get; }
    /// <summary>Class index (classification) or target value (regression) of each point.</summary>
    public float[] Targets { get; }
    /// <summary>Class names (empty for regression).</summary>
    public string[] Classes { get; }
    /// <summary>Names of the two coordinates (x1, x2, or the uploaded columns).</summary>
    public string[] Axes { get; }
    /// <summary>Where the points came from, for the page and the exported run.</summary>
    public string Source { get; }
    /// <summary>The square [lo, hi]² the maps cover.</summary>
    public (double Lo, double Hi) Extent { get; }
    /// <summary>Number of points.</summary>
    public int Count => Targets.Length;
    /// <summary>Whether the targets are values rather than classes.</summary>
    public bool IsRegression => Classes.Length == 0;

    /// <summary>Generates the settings' data set (not <c>upload</c>).</summary>
    public static PointSet Generate(PlaygroundSettings s)
    {
        if (s.Dataset is "plane" or "multi-gauss") return Regression(s);
        var t = PlaygroundGenerators.Generate(s.Dataset, s.Points, s.Noise, s.Seed, s.Dataset is "spiral" or "blobs" ? s.Classes : 2);
        int k = t.Labels.Max() + 1;
        return new PointSet([.. t.Rows.Select(r => r[0])], [.. t.Rows.Select(r => r[1])], [.. t.Labels.Select(l => (float)l)],
            [.. Enumerable.Range(0, Math.Max(k, 2)).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))], ["x1", "x2"],
            $"{s.Dataset} ({s.Points} points, noise {s.Noise:G3}, seed {s.Seed})");
    }

    /// <summary>Two chosen columns and the label of an uploaded data set, at most <see cref="Limits.Points"/> rows.</summary>
    public static PointSet FromDataset(Dataset d, int xColumn, int yColumn, string name)
    {
        if (d.Count < Limits.MinPoints) throw new SettingsException("upload", $"{name} has {d.Count} rows; the playground needs at least {Limits.MinPoints}.") { Key = "settings.fewRows", Args = [name, d.Count, Limits.MinPoints] };
        if (d.Count > Limits.Points) throw new SettingsException("upload", $"{name} has {d.Count:N0} rows; the playground takes at most {Limits.Points:N0} (a picture of more points is unreadable).")
        {
            Key = "settings.manyRows", Args = [name, d.Count.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), Limits.Points.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)],
        };
        if (!d.IsRegression && d.Classes.Length > Limits.Classes)
            throw new SettingsException("upload", $"{name}'s label '{d.LabelName}' has {d.Classes.Length} classes; the playground takes at most {Limits.Classes}.") { Key = "settings.uploadClasses", Args = [name, d.LabelName, d.Classes.Length, Limits.Classes] };
        var x = d.Features.Select(r => (double)r[xColumn]).ToArray();
        var y = d.Features.Select(r => (double)r[yColumn]).ToArray();
        return new PointSet(x, y, (float[])d.Targets.Clone(), d.Classes, [d.FeatureNames[xColumn], d.FeatureNames[yColumn]], name);
    }

    /// <summary>Train and test indices: <see cref="Split.Random"/> with sizes [train, 0, test] and the seed, so an
    /// exported run's own test split is exactly the page's test points.</summary>
    public int[][] SplitSizesAndParts(int trainPercent, ulong seed, out int[] sizes)
    {
        int train = Math.Clamp((int)Math.Round(Count * trainPercent / 100.0), 1, Count - 1);
        sizes = [train, 0, Count - train];
        return Split.Random(Count, sizes, seed);
    }

    // The Playground's two regression sets, re-derived: a tilted plane and six Gaussian bumps of alternating sign.
    private static PointSet Regression(PlaygroundSettings s)
    {
        var rng = new Pcg32(s.Seed, 21);
        int n = s.Points;
        var x = new double[n];
        var y = new double[n];
        var t = new float[n];
        (double X, double Y, double Sign)[] bumps = [(-4, 2.5, 1), (0, 2.5, -1), (4, 2.5, 1), (-4, -2.5, -1), (0, -2.5, 1), (4, -2.5, -1)];
        for (int i = 0; i < n; i++)
        {
            double a = rng.NextDouble() * 12 - 6, b = rng.NextDouble() * 12 - 6;
            double na = (rng.NextDouble() * 12 - 6) * s.Noise, nb = (rng.NextDouble() * 12 - 6) * s.Noise;
            double v;
            if (s.Dataset == "plane") v = (a + na + b + nb) / 12;
            else
            {
                v = 0;
                foreach (var (cx, cy, sign) in bumps)
                {
                    double d2 = (a + na - cx) * (a + na - cx) + (b + nb - cy) * (b + nb - cy);
                    double g = sign * Math.Exp(-d2 / 4.5);
                    if (Math.Abs(g) > Math.Abs(v)) v = g;
                }
            }
            x[i] = a;
            y[i] = b;
            t[i] = (float)v;
        }
        return new PointSet(x, y, t, [], ["x1", "x2"], $"{s.Dataset} ({n} points, noise {s.Noise:G3}, seed {s.Seed})");
    }
}
