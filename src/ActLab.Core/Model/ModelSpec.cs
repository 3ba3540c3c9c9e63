using System.Globalization;
using System.Text.RegularExpressions;
using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Random;

namespace ActLab.Core.Model;

/// <summary>A bad model spec: the message names the token and what is valid.</summary>
public sealed class ModelSpecException(string message) : ArgumentException(message);

/// <summary>
/// Builds a <see cref="Sequential"/> from a written spec such as <c>linear(2,16) relu linear(16,1) sigmoid</c>
/// (tokens: <c>linear(in,out)</c>, <c>dropout(p)</c>, or any activation spec), or from hidden sizes and one
/// hidden activation.
/// </summary>
public static partial class ModelSpec
{
    /// <summary>Parses and builds a model, drawing weights from <paramref name="rng"/> in layer order.</summary>
    public static Sequential Parse(string spec, ref Pcg32 rng, Initializer init = Initializer.PyTorch, ulong dropoutSeed = 0)
    {
        var tokens = Tokens().Matches(spec).Select(m => m.Value).ToList();
        if (tokens.Count == 0) throw new ModelSpecException("The model spec is empty; write layers such as 'linear(2,16) relu linear(16,1) sigmoid'.");
        var layers = new List<ILayer>();
        int? width = null;
        foreach (var t in tokens)
        {
            var lin = LinearToken().Match(t);
            if (lin.Success)
            {
                int a = int.Parse(lin.Groups[1].Value, CultureInfo.InvariantCulture), b = int.Parse(lin.Groups[2].Value, CultureInfo.InvariantCulture);
                if (a < 1 || b < 1) throw new ModelSpecException($"'{t}': layer sizes must be at least 1.");
                if (width is int w && w != a) throw new ModelSpecException($"'{t}' takes {a} inputs but the layer before gives {w}.");
                layers.Add(new Linear(a, b, ref rng, init));
                width = b;
                continue;
            }
            var drop = DropoutToken().Match(t);
            if (drop.Success)
            {
                float p = float.Parse(drop.Groups[1].Value, CultureInfo.InvariantCulture);
                if (!(p is >= 0 and < 1)) throw new ModelSpecException($"'{t}': dropout p must be in [0, 1).");
                layers.Add(new Dropout(p, dropoutSeed + (ulong)layers.Count));
                continue;
            }
            if (t.StartsWith("linear", StringComparison.OrdinalIgnoreCase))
                throw new ModelSpecException($"'{t}' is not linear(in,out) with two whole numbers.");
            try { layers.Add(new ActivationLayer(Catalogue.Resolve(t))); }
            catch (SpecException e) { throw new ModelSpecException($"In the model spec, {e.Message}"); }
        }
        if (!layers.OfType<Linear>().Any()) throw new ModelSpecException("The model spec has no linear(in,out) layer.");
        return new Sequential(layers);
    }

    /// <summary>The spec text for an MLP: inputs → hidden sizes (each followed by the activation) → outputs → output activation.</summary>
    public static string Mlp(int inputs, IReadOnlyList<int> hidden, string activation, int outputs, string? outputActivation)
    {
        var parts = new List<string>();
        int w = inputs;
        foreach (var h in hidden)
        {
            parts.Add($"linear({w},{h})");
            parts.Add(activation);
            w = h;
        }
        parts.Add($"linear({w},{outputs})");
        if (!string.IsNullOrEmpty(outputActivation) && outputActivation != "identity") parts.Add(outputActivation);
        return string.Join(' ', parts);
    }

    [GeneratedRegex(@"[A-Za-z_][\w\-]*(\([^)]*\)|:[^\s]*)?")]
    private static partial Regex Tokens();
    [GeneratedRegex(@"^linear\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex LinearToken();
    [GeneratedRegex(@"^dropout\(\s*([0-9.eE+-]+)\s*\)$", RegexOptions.IgnoreCase)]
    private static partial Regex DropoutToken();
}
