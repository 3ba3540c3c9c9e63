using ActLab.Core.Tensors;

namespace ActLab.Core.Model;

/// <summary>
/// A layer with its own forward and backward (no general autograd). Forward keeps what backward needs and says so;
/// outputs and gradients live in buffers the layer owns and reuses while the batch shape stays the same, so a
/// training step allocates nothing after warm-up. Backward writes parameter gradients (overwriting them: one
/// backward per step) and returns the input gradient; it never writes into a buffer it does not own.
/// </summary>
public interface ILayer
{
    /// <summary>y = f(x). The returned tensor is owned by the layer and valid until its next forward.</summary>
    Tensor Forward(Tensor x, bool training);
    /// <summary>dx from dy (for the last forward's input).</summary>
    Tensor Backward(Tensor dy);
    /// <summary>Learnable parameters, in state_dict order.</summary>
    IReadOnlyList<Parameter> Parameters { get; }
    /// <summary>A spec-like description: <c>linear(2,1)</c>, <c>relu</c>.</summary>
    string Describe();
}
