using ActLab.Core.Tensors;
using ActLab.Kernels.Catalogue;

namespace ActLab.Core.Model;

/// <summary>Any catalogue activation as a layer, applied to each row (vector functions along the feature axis).
/// PReLU's slopes are learnable parameters (no weight decay); RReLU draws its noise only in training.</summary>
/// <remarks>Caches: the input x (a reference) and the output y (owned).</remarks>
public sealed class ActivationLayer : ILayer
{
    private Tensor? _x, _y, _dx;
    private int[]? _shapeOf;
    private readonly Parameter[] _parameters;

    /// <summary>Wraps a resolved activation.</summary>
    public ActivationLayer(Activation activation)
    {
        Activation = activation;
        _parameters = activation is PreluActivation p
            ? [new Parameter("weight", [p.Weight.Length], p.Weight) { Decay = false }]
            : [];
    }

    /// <summary>The activation.</summary>
    public Activation Activation { get; }
    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Tensor Forward(Tensor x, bool training)
    {
        if (Activation is RreluActivation r) r.Training = training;
        _x = x;
        if (_y is null || !ReferenceEquals(_shapeOf, x.Shape) && !x.HasShape(_shapeOf!))
        {
            _shapeOf = x.Shape;
            _y = Tensor.Reuse(_y, Activation.OutputShape(x.Shape));
        }
        Activation.Forward(x.Data, _y.Data, x.Shape);
        return _y;
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Tensor Backward(Tensor dy)
    {
        var x = _x ?? throw new InvalidOperationException("Backward before forward.");
        _dx = Tensor.Reuse(_dx, x.Shape);
        Activation.Backward(x.Data, _y!.Data, dy.Data, _dx.Data, x.Shape);
        if (Activation is PreluActivation p) p.WeightGrad.CopyTo(_parameters[0].Grad, 0);
        return _dx;
    }

    /// <inheritdoc/>
    public string Describe() => Activation.Spec;
}
