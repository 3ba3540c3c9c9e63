using ActLab.Core.Tensors;

namespace ActLab.Core.Model;

/// <summary>Layers applied in order; parameters are named as PyTorch's nn.Sequential state_dict
/// (<c>0.weight</c>, <c>0.bias</c>, <c>2.weight</c>, ...).</summary>
public sealed class Sequential : ILayer
{
    private readonly Parameter[] _parameters;
    private readonly ILayer[] _layers;

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
    }

    /// <summary>The layers.</summary>
    public IReadOnlyList<ILayer> Layers { get; }
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

    /// <inheritdoc/>
    public string Describe() => string.Join(" ", Layers.Select(l => l.Describe()));
}
