using System.Globalization;
using ActLab.Kernels;
using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Random;

namespace ActLab.Core.Model;

/// <summary>A bad model spec: the message names the token and what is valid.</summary>
public sealed class ModelSpecException : InputException
{
    /// <summary>A problem worded by the caller (English only).</summary>
    public ModelSpecException(string message, string? token = null) : base("model", token, message) { }

    /// <summary>A problem worded by the text catalogue (<paramref name="text"/>'s English is the message).</summary>
    public ModelSpecException(TextKey text, string? token = null) : base("model", token, text, Localization.Texts.English.Format(text)) { }
}

/// <summary>What a model's last layer produces, read from its structure (never from a name's suffix).</summary>
public enum OutputKind
{
    /// <summary>The model ends in a Linear layer: raw scores (logits). Losses apply the sigmoid or softmax themselves.</summary>
    Logits,
    /// <summary>It ends in sigmoid (one output) or softmax along the features: probabilities.</summary>
    Probabilities,
    /// <summary>It ends in log-softmax or log-sigmoid: log-probabilities.</summary>
    LogProbabilities,
    /// <summary>It ends in another activation (tanh, ReLU, ...): values, read as scores for classification.</summary>
    Values,
}

/// <summary>One layer of a <see cref="ModelDefinition"/>.</summary>
public abstract record LayerDefinition
{
    /// <summary>The layer's canonical token (<c>linear(2,16)</c>, <c>dropout(0.5)</c>, <c>leaky-relu:negative-slope=0.1</c>).</summary>
    public abstract string Token { get; }
}

/// <summary><c>linear(in,out)</c>.</summary>
public sealed record LinearDefinition(int In, int Out) : LayerDefinition
{
    /// <inheritdoc/>
    public override string Token => string.Create(CultureInfo.InvariantCulture, $"linear({In},{Out})");
}

/// <summary><c>dropout(p)</c>.</summary>
public sealed record DropoutDefinition(float P) : LayerDefinition
{
    /// <inheritdoc/>
    public override string Token => $"dropout({P.ToString("R", CultureInfo.InvariantCulture)})";
}

/// <summary>An activation with its resolved parameters.</summary>
public sealed record ActivationDefinition(Activation Activation) : LayerDefinition
{
    /// <inheritdoc/>
    public override string Token => Activation.Spec;
}

/// <summary>
/// A model's architecture, parsed once from a written spec such as <c>linear(2,16) relu linear(16,1) sigmoid</c> and
/// passed around as this object. Tokens are separated by whitespace; each is <c>linear(in,out)</c>,
/// <c>dropout(p)</c> or an activation spec (<see cref="Catalogue.Resolve"/>), with no whitespace inside. Anything
/// else (a stray separator, a number, a parameter list split by a space) is an error naming the token.
/// <see cref="Canonical"/> is what runs record.
/// </summary>
public sealed class ModelDefinition
{
    /// <summary>The most parameters a model may have (2^28 floats, 1 GiB): a guard against specs and files that would
    /// exhaust memory.</summary>
    public const long MaxParameters = 1L << 28;

    private ModelDefinition(IReadOnlyList<LayerDefinition> layers)
    {
        Layers = layers;
        Canonical = string.Join(' ', layers.Select(l => l.Token));
        var linears = layers.OfType<LinearDefinition>().ToList();
        if (linears.Count == 0) throw new ModelSpecException("The model has no linear(in,out) layer.") { Key = "error.model.noLinear" };
        Inputs = linears[0].In;
        Outputs = linears[^1].Out;
        long count = 0;
        try
        {
            checked
            {
                foreach (var l in linears) count += (long)l.In * l.Out + l.Out;
                foreach (var a in layers.OfType<ActivationDefinition>())
                    if (a.Activation is PreluActivation p) count += p.Weight.Length;
            }
        }
        catch (OverflowException) { count = long.MaxValue; }
        ParameterCount = count;
        if (count > MaxParameters)
            throw new ModelSpecException(new TextKey("error.model.parameters", InputException.Show(Canonical), count, MaxParameters), Canonical);
        var last = layers.LastOrDefault(l => l is not DropoutDefinition);
        Output = last switch { LinearDefinition => OutputKind.Logits, ActivationDefinition a => OutputOf(a.Activation), _ => OutputKind.Values };
        OutputActivation = last is ActivationDefinition ad ? ad.Activation.Info.Key : null;
    }

    /// <summary>What a model's output is when it ends in <paramref name="a"/>: probabilities after sigmoid or softmax
    /// along the features, log-probabilities after log-softmax or log-sigmoid, values (read as scores) otherwise.</summary>
    public static OutputKind OutputOf(Activation a) => a.Info.Key switch
    {
        "sigmoid" => OutputKind.Probabilities,
        "softmax" when FeatureAxis(a) => OutputKind.Probabilities,
        "log-softmax" when FeatureAxis(a) => OutputKind.LogProbabilities,
        "log-sigmoid" => OutputKind.LogProbabilities,
        _ => OutputKind.Values,
    };

    private static bool FeatureAxis(Activation a) => a.Values.Count == 0 || a.Values[0] is -1 or 1;

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<LayerDefinition> Layers { get; }
    /// <summary>The canonical spec: each token in canonical form, separated by one space.</summary>
    public string Canonical { get; }
    /// <summary>Input features of the first Linear layer.</summary>
    public int Inputs { get; }
    /// <summary>Outputs of the last Linear layer.</summary>
    public int Outputs { get; }
    /// <summary>Learnable parameters (weights, biases, PReLU slopes).</summary>
    public long ParameterCount { get; }
    /// <summary>What the model's output is.</summary>
    public OutputKind Output { get; }
    /// <summary>The catalogue key of the last activation, if the model ends in one.</summary>
    public string? OutputActivation { get; }

    /// <inheritdoc/>
    public override string ToString() => Canonical;

    /// <summary>Bytes training needs for this model with batches of <paramref name="batch"/> rows: per parameter its
    /// value, gradient, two optimizer moments and Linear's transposed copy (5 floats), plus each layer's output,
    /// input gradient and cached input per batch row (3 floats per unit).</summary>
    public long TrainingBytes(int batch)
    {
        long units = Layers.Sum(l => l is LinearDefinition lin ? (long)lin.Out : 0) + Inputs;
        return 4L * (5 * ParameterCount + 3L * batch * units * 2);
    }

    /// <summary>Parses a written spec.</summary>
    /// <exception cref="ModelSpecException">A token that is not a layer, sizes that do not chain, a bad activation spec, or too many parameters.</exception>
    public static ModelDefinition Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var tokens = spec.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) throw new ModelSpecException("The model spec is empty; write layers such as 'linear(2,16) relu linear(16,1) sigmoid'.", spec) { Key = "error.model.empty" };
        var layers = new List<LayerDefinition>();
        int? width = null;
        foreach (var t in tokens)
        {
            var layer = ParseToken(t);
            if (layer is LinearDefinition lin)
            {
                if (width is int w && w != lin.In) throw new ModelSpecException($"'{t}' takes {lin.In} inputs but the layer before gives {w}.", t) { Key = "error.model.chain", Args = [t, lin.In, w] };
                width = lin.Out;
            }
            else if (layer is ActivationDefinition act && width is int aw)
            {
                // An activation may change the width (GLU halves it): the next layer takes what it gives.
                int[] shape;
                try { shape = act.Activation.OutputShape([2, aw]); }
                catch (InputException e) { throw new ModelSpecException(new ActLab.Kernels.TextKey("error.model.rows", t, aw, Localization.Texts.Nested(e)), t); }
                if (shape.Length != 2 || shape[0] != 2) throw new ModelSpecException(new ActLab.Kernels.TextKey("error.model.acrossRows", t), t);
                width = shape[1];
            }
            layers.Add(layer);
        }
        return new ModelDefinition(layers);
    }

    /// <summary>Builds a definition from layer definitions (for code that composes models).</summary>
    public static ModelDefinition FromLayers(IEnumerable<LayerDefinition> layers) => Parse(string.Join(' ', layers.Select(l => l.Token)));

    /// <summary>An MLP: inputs → each hidden size followed by <paramref name="activation"/> → outputs, then
    /// <paramref name="outputActivation"/> if given.</summary>
    public static ModelDefinition Mlp(int inputs, IReadOnlyList<int> hidden, Activation activation, int outputs, Activation? outputActivation = null)
    {
        if (inputs < 1) throw ActLab.Core.Localization.Texts.Error("inputs", inputs, "error.model.inputs", inputs);
        if (outputs < 1) throw ActLab.Core.Localization.Texts.Error("outputs", outputs, "error.model.outputs", outputs);
        var layers = new List<LayerDefinition>();
        int w = inputs;
        foreach (var h in hidden)
        {
            if (h < 1) throw ActLab.Core.Localization.Texts.Error("hidden", h, "error.model.hidden", h);
            layers.Add(new LinearDefinition(w, h));
            layers.Add(new ActivationDefinition(activation));
            w = h;
        }
        layers.Add(new LinearDefinition(w, outputs));
        if (outputActivation is not null && outputActivation.Info.Key != "identity") layers.Add(new ActivationDefinition(outputActivation));
        return new ModelDefinition(layers);
    }

    /// <summary>The definition of a built model (its layers' own descriptions, parsed).</summary>
    public static ModelDefinition Of(Sequential model) => Parse(model.Describe());

    /// <summary>Builds the model: weights from the stream <c>Pcg32(weightSeed, 3)</c> in layer order, dropout
    /// masks from <c>weightSeed + 17 + layer index</c> (docs/architecture.md lists every random stream).</summary>
    public Sequential Build(ulong weightSeed, Initializer init = Initializer.PyTorch)
    {
        var rng = new Pcg32(weightSeed, 3);
        var layers = new List<ILayer>(Layers.Count);
        foreach (var l in Layers)
            layers.Add(l switch
            {
                LinearDefinition lin => new Linear(lin.In, lin.Out, ref rng, init),
                DropoutDefinition d => new Dropout(d.P, weightSeed + 17 + (ulong)layers.Count),
                ActivationDefinition a => new ActivationLayer(a.Activation.NewInstance()),
                _ => throw new InvalidOperationException($"Unknown layer definition {l.GetType().Name}."),
            });
        return new Sequential(layers);
    }

    private static LayerDefinition ParseToken(string t)
    {
        if (t.StartsWith("linear(", StringComparison.OrdinalIgnoreCase))
        {
            var args = Arguments(t, 7);
            if (args.Length != 2 || !PositiveInt(args[0], out int a) || !PositiveInt(args[1], out int b))
                throw new ModelSpecException(new ActLab.Kernels.TextKey("error.model.linear", InputException.Show(t)), t);
            return new LinearDefinition(a, b);
        }
        if (t.StartsWith("dropout(", StringComparison.OrdinalIgnoreCase))
        {
            var args = Arguments(t, 8);
            if (args.Length != 1 || !float.TryParse(args[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float p) || !(p is >= 0 and < 1))
                throw new ModelSpecException(new ActLab.Kernels.TextKey("error.model.dropout", InputException.Show(t)), t);
            return new DropoutDefinition(p);
        }
        if (t[0] is ',' or ':' or '(' or ')' or '=' || char.IsDigit(t[0]) || t[0] is '-' or '+' or '.')
            throw new ModelSpecException($"'{InputException.Show(t)}' is not a layer; tokens are linear(in,out), dropout(p) or an activation spec such as relu or leaky-relu:negative-slope=0.1, separated by spaces.", t) { Key = "error.model.notLayer", Args = [InputException.Show(t)] };
        try { return new ActivationDefinition(Catalogue.Resolve(t)); }
        catch (SpecException e)
        {
            throw new ModelSpecException($"In the model spec, '{InputException.Show(t)}': {e.Message}", t)
            {
                Key = "error.model.inSpec", Args = [InputException.Show(t), e.Key is null ? e.Message : new TextKey(e.Key, e.Args)],
            };
        }
    }

    private static string[] Arguments(string t, int open)
    {
        if (!t.EndsWith(')')) return [];
        return t[open..^1].Split(',');
    }

    private static bool PositiveInt(string s, out int v) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out v) && v >= 1;
}
