using ActLab.Core.Tensors;
using ActLab.Kernels.Random;

namespace ActLab.Core.Model;

/// <summary>y = x·Wᵀ + b, W of shape [out, in] (PyTorch's layout), b of shape [out].</summary>
/// <remarks>Backward: dW = dyᵀ·x, db = Σ_rows dy, dx = dy·W. Caches: the input x (a reference, not a copy).</remarks>
public sealed class Linear : ILayer
{
    private Tensor? _x, _y, _dx;
    private readonly float[] _wt;

    /// <summary>A layer with in → out features, its weights drawn from the stream <c>Pcg32(seed, 3)</c>.</summary>
    public Linear(int inFeatures, int outFeatures, ulong seed, Initializer init = Initializer.PyTorch) : this(inFeatures, outFeatures, ref Seeded(seed), init) { }

    private static ref Pcg32 Seeded(ulong seed)
    {
        var box = new Pcg32[] { new(seed, 3) };
        return ref box[0];
    }

    /// <summary>A layer with in → out features, initialised from <paramref name="rng"/> (weights, then biases).</summary>
    public Linear(int inFeatures, int outFeatures, ref Pcg32 rng, Initializer init = Initializer.PyTorch)
    {
        if (inFeatures < 1 || outFeatures < 1)
            throw ActLab.Core.Localization.Texts.Error(inFeatures < 1 ? "inFeatures" : "outFeatures", inFeatures < 1 ? inFeatures : outFeatures, "error.model.linearSizes", inFeatures, outFeatures);
        In = inFeatures;
        Out = outFeatures;
        Weight = new Parameter("weight", [outFeatures, inFeatures], new float[outFeatures * inFeatures]);
        Bias = new Parameter("bias", [outFeatures], new float[outFeatures]);
        Init.Fill(init, Weight.Value, Bias.Value, inFeatures, outFeatures, ref rng);
        _parameters = [Weight, Bias];
        _wt = new float[inFeatures * outFeatures];
    }

    private readonly Parameter[] _parameters;

    /// <summary>Threads its large matrix products may use (set through <see cref="Sequential.Parallelism"/>).</summary>
    public int Parallelism { get; set; } = 1;

    /// <summary>Whether backward computes dx (false for a first layer, whose input needs no gradient; then it returns dy).</summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <summary>Input features.</summary>
    public int In { get; }
    /// <summary>Output features.</summary>
    public int Out { get; }
    /// <summary>W [out, in].</summary>
    public Parameter Weight { get; }
    /// <summary>b [out].</summary>
    public Parameter Bias { get; }
    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Tensor Forward(Tensor x, bool training)
    {
        if (x.Cols != In) throw ActLab.Core.Localization.Texts.Error("x", x.Cols, "error.model.linearInput", In, Out, x.Cols);
        _x = x;
        int n = x.Rows;
        _y = Tensor.Reuse(_y, n, Out);
        // x·Wᵀ with every inner step a vector FMA across the outputs instead of a dot product ending in a horizontal
        // sum: the product kernel packs Wᵀ from W as it goes; small shapes use _wt, W's transpose, refreshed each call.
        if (Out >= 8) Ops.MatMulABtTransposed(x.Data, Weight.Value, _wt, _y.Data, n, In, Out, Parallelism);
        else Ops.MatMulABt(x.Data, Weight.Value, _y.Data, n, In, Out);
        Ops.AddRowVector(_y.Data, Bias.Value, n);
        return _y;
    }

    /// <inheritdoc/>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public Tensor Backward(Tensor dy)
    {
        var x = _x ?? throw new InvalidOperationException("Backward before forward.");
        int n = x.Rows;
        Ops.MatMulAtB(dy.Data, x.Data, Weight.Grad, n, Out, In, Parallelism);
        Ops.ColumnSums(dy.Data, Bias.Grad, n);
        if (!ComputeInputGradient) return dy;
        _dx = Tensor.Reuse(_dx, n, In);
        Ops.MatMulAB(dy.Data, Weight.Value, _dx.Data, n, Out, In, Parallelism);
        return _dx;
    }

    /// <summary>Draws new initial weights and biases from <paramref name="rng"/>.</summary>
    public void Reset(Initializer init, ref Pcg32 rng) => Init.Fill(init, Weight.Value, Bias.Value, In, Out, ref rng);

    /// <inheritdoc/>
    public string Describe() => $"linear({In},{Out})";
}
