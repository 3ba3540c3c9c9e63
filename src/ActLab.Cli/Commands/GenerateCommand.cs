using System.CommandLine;
using ActLab.Core.Data;
using Table = ActLab.Core.Data.Table;

namespace ActLab.Cli.Commands;

internal static class GenerateCommand
{
    public static Command Create(Io io)
    {
        var dataset = new Argument<string>("dataset")
        {
            Description = "gaussians (seed 000's two classes); circle, xor, gauss, spiral (the TensorFlow Playground's four); moons; blobs (K classes). spiral with --classes K > 2 is CS231n's K-arm spiral.",
        };
        dataset.AcceptOnlyFromAmong(["gaussians", .. PlaygroundGenerators.Names]);
        var samples = new Option<int>("--samples") { Description = "Points in total, 2–10,000,000 (circle, xor, gauss, spiral, moons, blobs).", DefaultValueFactory = _ => 500 };
        var noise = new Option<double>("--noise") { Description = "Noise: 0–0.5 as the Playground's slider/100 for circle, xor, gauss, spiral; a Gaussian std (0–10) for moons, blobs and K-arm spirals.", DefaultValueFactory = _ => 0 };
        var classes = new Option<int>("--classes") { Description = "Classes (2–100) for blobs and spiral.", DefaultValueFactory = _ => 2 };
        var output = new Option<string>("--out") { Description = "The CSV file to write.", Required = true };
        var perClass = new Option<int>("--per-class") { Description = "Examples per class (gaussians).", DefaultValueFactory = _ => 500 };
        var meanDiff = new Option<double>("--mean-diff") { Description = "Class 1 is centred at (d, d); class 0 at (0, 0) (gaussians).", DefaultValueFactory = _ => 2.0 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 42 };
        var rng = new Option<string>("--rng") { Description = "pcg (ActLab's stream) or numpy (NumPy's legacy RandomState: the same bytes as the seed's Python).", DefaultValueFactory = _ => "pcg" };
        rng.AcceptOnlyFromAmong("pcg", "numpy");
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var cmd = new Command("generate", "Write a synthetic data set as CSV (features, then an integer label). With --rng numpy, gaussians writes seed 000's binary_data.csv byte for byte.\n\n" +
            "Examples:\n  actlab generate gaussians --out binary_data.csv --rng numpy\n" +
            "  actlab generate gaussians --out g.csv --per-class 200 --mean-diff 1.5 --seed 7\n" +
            "  actlab generate spiral --out spiral.csv --noise 0.1 --seed 1\n" +
            "  actlab generate blobs --out blobs.csv --classes 4 --samples 600")
        { dataset, output, perClass, meanDiff, seed, rng, force, samples, noise, classes };
        cmd.SetAction(pr =>
        {
            string path = pr.GetValue(output)!;
            // Every option either applies to the chosen generator or is refused: nothing is silently ignored.
            string set = pr.GetValue(dataset)!;
            bool gaussians = set == "gaussians";
            var given = new (Option Option, bool Applies)[]
            {
                (perClass, gaussians), (meanDiff, gaussians), (rng, gaussians),
                (samples, !gaussians), (noise, !gaussians), (classes, set is "blobs" or "spiral"),
            };
            foreach (var (option, applies) in given)
                if (!applies && pr.GetResult(option) is { Implicit: false })
                    throw UsageException.Of("error.generate.notApplies", option.Name, set, new ActLab.Kernels.TextKey(gaussians ? "generate.appliesPlayground" : option == classes ? "generate.appliesClasses" : "generate.appliesGaussians"));
            double nz = pr.GetValue(noise);
            if (set is "circle" or "xor" or "gauss" && !(nz is >= 0 and <= 0.5) || set == "spiral" && pr.GetValue(classes) == 2 && !(nz is >= 0 and <= 0.5))
                throw UsageException.Of("error.generate.noisePlayground", set, nz.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!(nz is >= 0 and <= 10)) throw UsageException.Of("error.generate.noise", nz.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (pr.GetValue(classes) is < 2 or > 100) throw UsageException.Of("error.generate.classes", pr.GetValue(classes));
            if (pr.GetValue(samples) is < 2 or > 10_000_000) throw UsageException.Of("error.generate.samples", pr.GetValue(samples));
            int n = pr.GetValue(perClass);
            if (n < 1) throw UsageException.Of("error.generate.perClass", n);
            double d = pr.GetValue(meanDiff);
            if (!double.IsFinite(d)) throw UsageException.Of("error.generate.meanDiff", d);
            if (File.Exists(path) && !pr.GetValue(force)) throw UsageException.Of("error.out.exists", path);
            if (Directory.Exists(path)) throw UsageException.Of("error.out.isFolder", path);
            var stream = pr.GetValue(rng) == "numpy" ? RandomStream.Numpy : RandomStream.Pcg;
            ulong s = pr.GetValue(seed);
            if (stream == RandomStream.Numpy && s > uint.MaxValue) throw UsageException.Of("error.generate.numpySeed", s);
            string name = pr.GetValue(dataset)!;
            if (name != "gaussians" && stream == RandomStream.Numpy) throw UsageException.Of("error.generate.numpyOnly");
            Table table = name == "gaussians" ? Generators.Gaussians(n, d, s, stream)
                : PlaygroundGenerators.Generate(name, pr.GetValue(samples), pr.GetValue(noise), s, pr.GetValue(classes));
            try { ActLab.Core.Runs.AtomicFile.Write(path, Generators.ToCsv(table), overwrite: pr.GetValue(force)); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw UsageException.Of("error.out.cannotWrite", path, e.Message); }
            io.Out.WriteLine(name == "gaussians"
                ? io.Texts.Format("generate.wroteGaussians", table.Count, n, d.ToString(System.Globalization.CultureInfo.InvariantCulture), s, pr.GetValue(rng), path)
                : io.Texts.Format("generate.wrote", table.Count, name, table.Labels.Distinct().Count(), s, path));
            return Cli.Ok;
        });
        return cmd;
    }
}
