using ActLab.Kernels.Random;

namespace ActLab.Core.Data;

/// <summary>
/// The TensorFlow Playground's four classification sets (re-derived from its dataset.ts maths, see
/// shared/reference/ANCHORS.md §1.3) and moons, blobs and a K-arm spiral, drawn from a seeded PCG32.
/// Playground labels ±1 become 1/0. <c>noise</c> has the Playground's meaning (0–0.5) for circle, xor, gauss and
/// spiral, and is a Gaussian standard deviation for moons, blobs and the K-arm spiral.
/// </summary>
public static class PlaygroundGenerators
{
    /// <summary>The generator names <see cref="Generate"/> knows.</summary>
    public static readonly string[] Names = ["circle", "xor", "gauss", "spiral", "moons", "blobs"];

    /// <summary>Generates <paramref name="name"/> with <paramref name="samples"/> points in total.</summary>
    public static Table Generate(string name, int samples, double noise, ulong seed, int classes = 2)
    {
        if (samples < 2) throw ActLab.Core.Localization.Texts.Error("samples", samples, "error.generate.samplesMin", samples);
        if (!(noise >= 0) || !double.IsFinite(noise)) throw ActLab.Core.Localization.Texts.Error("noise", noise, "error.generate.noiseMin", noise);
        if (classes < 2) throw ActLab.Core.Localization.Texts.Error("classes", classes, "error.generate.classesMin", classes);
        var rng = new Pcg32(seed, 21);
        var rows = new List<double[]>(samples);
        var labels = new List<int>(samples);
        double U(double a, double b, ref Pcg32 r) => r.NextDouble() * (b - a) + a;
        switch (name)
        {
            case "circle":
            {
                int half = samples / 2;
                for (int i = 0; i < samples; i++)
                {
                    double r = i < half ? U(0, 2.5, ref rng) : U(3.5, 5, ref rng), t = U(0, 2 * Math.PI, ref rng);
                    double x = r * Math.Sin(t), y = r * Math.Cos(t);
                    double nx = U(-5, 5, ref rng) * noise, ny = U(-5, 5, ref rng) * noise;
                    rows.Add([x, y]);
                    labels.Add(Math.Sqrt((x + nx) * (x + nx) + (y + ny) * (y + ny)) < 2.5 ? 1 : 0);
                }
                break;
            }
            case "xor":
                for (int i = 0; i < samples; i++)
                {
                    double x = U(-5, 5, ref rng), y = U(-5, 5, ref rng);
                    x += x > 0 ? 0.3 : -0.3;
                    y += y > 0 ? 0.3 : -0.3;
                    double nx = U(-5, 5, ref rng) * noise, ny = U(-5, 5, ref rng) * noise;
                    rows.Add([x, y]);
                    labels.Add((x + nx) * (y + ny) >= 0 ? 1 : 0);
                }
                break;
            case "gauss":
            {
                double std = Math.Sqrt(0.5 + 7 * noise);
                for (int i = 0; i < samples; i++)
                {
                    double c = i < samples / 2 ? 2 : -2;
                    rows.Add([c + std * Polar(ref rng), c + std * Polar(ref rng)]);
                    labels.Add(c > 0 ? 1 : 0);
                }
                break;
            }
            case "spiral" when classes == 2:
            {
                int half = samples / 2;
                foreach (var (delta, label) in new[] { (0.0, 1), (Math.PI, 0) })
                    for (int i = 0; i < half; i++)
                    {
                        double r = (double)i / half * 5, t = 1.75 * i / half * 2 * Math.PI + delta;
                        rows.Add([r * Math.Sin(t) + U(-1, 1, ref rng) * noise, r * Math.Cos(t) + U(-1, 1, ref rng) * noise]);
                        labels.Add(label);
                    }
                break;
            }
            case "spiral":
            {
                // CS231n's K-arm spiral: r from 0 to 1, angle band [4k, 4(k+1)] plus N(0, noise) jitter.
                int per = samples / classes;
                for (int k = 0; k < classes; k++)
                    for (int i = 0; i < per; i++)
                    {
                        double r = per == 1 ? 0 : (double)i / (per - 1), t = 4 * k + 4.0 * i / Math.Max(per - 1, 1) + noise * Polar(ref rng);
                        rows.Add([r * Math.Sin(t), r * Math.Cos(t)]);
                        labels.Add(k);
                    }
                break;
            }
            case "moons":
            {
                // scikit-learn's make_moons: two interleaved half circles, Gaussian noise of std `noise`.
                int outer = samples / 2, inner = samples - outer;
                for (int i = 0; i < outer; i++)
                {
                    double t = Math.PI * i / Math.Max(outer - 1, 1);
                    rows.Add([Math.Cos(t) + noise * Polar(ref rng), Math.Sin(t) + noise * Polar(ref rng)]);
                    labels.Add(0);
                }
                for (int i = 0; i < inner; i++)
                {
                    double t = Math.PI * i / Math.Max(inner - 1, 1);
                    rows.Add([1 - Math.Cos(t) + noise * Polar(ref rng), 1 - Math.Sin(t) - 0.5 + noise * Polar(ref rng)]);
                    labels.Add(1);
                }
                break;
            }
            case "blobs":
            {
                // K isotropic Gaussian blobs, centres uniform in [−10, 10]², std `noise` (1 if 0).
                double std = noise > 0 ? noise : 1;
                var centres = Enumerable.Range(0, classes).Select(_ => (U(-10, 10, ref rng), U(-10, 10, ref rng))).ToArray();
                for (int i = 0; i < samples; i++)
                {
                    int k = i % classes;
                    rows.Add([centres[k].Item1 + std * Polar(ref rng), centres[k].Item2 + std * Polar(ref rng)]);
                    labels.Add(k);
                }
                break;
            }
            default:
                throw ActLab.Core.Localization.Texts.Error("dataset", name, "error.generate.unknown", name, string.Join(", ", Names));
        }
        var order = Enumerable.Range(0, rows.Count).ToArray();
        Split.Shuffle(order, ref rng);
        return new Table(["x1", "x2"], [.. order.Select(i => rows[i])], [.. order.Select(i => labels[i])]);
    }

    // Marsaglia's polar method, one value per call (the second is discarded, as the Playground does).
    private static double Polar(ref Pcg32 rng)
    {
        double v1, v2, s;
        do
        {
            v1 = 2 * rng.NextDouble() - 1;
            v2 = 2 * rng.NextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s > 1 || s == 0);
        return v1 * Math.Sqrt(-2 * Math.Log(s) / s);
    }
}
