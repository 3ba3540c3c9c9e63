using ActLab.Core.Tensors;

namespace ActLab.Core.Model;

/// <summary>Layers applied in order; parameters are named as PyTorch's nn.Sequential state_dict
/// (<c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, ...).</summary>
public sealed class Sequential : ILayer
{
    private readonly Parameter[] _parameters;
    private readonly ILayer[] _layers;

    /// <summary>Chains <paramref name="layers"/>.</summary>
    public Sequential(params ILayer[] layers) : this((IEnumerable<ILayer>)layers) { }

    /// <summary>Chains <paramref name="layers"/>.</summary>
    public Sequential(IEnumerable<ILayer> layers)
    {
        _layers = [.. layers];
        Layers = _layers;
        var ps = new List<Parameter>();
        for (int i = 0; i < Layers.Count; i++)
            foreach (var p in Layers[i].Parameters)
            {
                if (!p.Name.Contains('.')) p.Name = $"{i}.{p.Name}";
                ps.Add(p);
            }
        _parameters = [.. ps];
        // The model's input needs no gradient: the first layer, if linear, skips dx (as PyTorch's autograd does).
        if (_layers.Length > 0 && _layers[0] is Linear first) first.ComputeInputGradient = false;
        Parallelism = Environment.ProcessorCount;
    }

    /// <summary>The layers.</summary>
    public IReadOnlyList<ILayer> Layers { get; }

    /// <summary>Threads that large matrix products may use (default: all cores; products under about 260,000
    /// multiply-adds always stay on the calling thread). Set 1 when many models train in parallel.</summary>
    public int Parallelism
    {
        get => _parallelism;
        set
        {
            if (value < 1) throw ActLab.Core.Localization.Texts.Error("parallelism", value, "error.train.parallelism", value);
            _parallelism = value;
            foreach (var l in _layers.OfType<Linear>()) l.Parallelism = value;
        }
    }
    private int _parallelism;
    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Tensor Forward(Tensor x, bool training)
    {
        for (int i = 0; i < _layers.Length; i++) x = _layers[i].Forward(x, training); // no enumerator: no allocation
        return x;
    }

    /// <summary>dx for the model's input is not computed when the first layer is linear (the returned tensor is then
    /// that layer's dy); the parameter gradients are always complete.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Tensor Backward(Tensor dy)
    {
        for (int i = _layers.Length - 1; i >= 0; i--) dy = _layers[i].Backward(dy);
        return dy;
    }

    /// <summary>The model's canonical spec (<see cref="ModelDefinition.Canonical"/>).</summary>
    public string Describe() => string.Join(" ", Layers.Select(l => l.Describe()));

    /// <summary>Initial weights of every Linear layer, drawn again from <c>Pcg32(seed, 3)</c> in layer order (as
    /// <see cref="ModelDefinition.Build"/> draws them). Returns the model, so construction reads as one expression.</summary>
    public Sequential Initialize(Initializer init, ulong seed)
    {
        var rng = new ActLab.Kernels.Random.Pcg32(seed, 3);
        foreach (var l in _layers.OfType<Linear>()) l.Reset(init, ref rng);
        return this;
    }
}
