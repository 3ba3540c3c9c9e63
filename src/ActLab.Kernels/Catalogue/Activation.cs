using ActLab.Kernels.Activations;
using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;
using ActLab.Kernels.Softmax;

namespace ActLab.Kernels.Catalogue;

/// <summary>
/// A resolved activation: a catalogue entry with its parameter values, callable on spans. Elementwise functions
/// ignore the shape; vector functions work along their axis (<c>dim</c>) of it, and an empty shape means one row.
/// </summary>
public abstract class Activation
{
    /// <summary>The catalogue entry.</summary>
    public ActivationInfo Info { get; internal set; } = null!;
    /// <summary>Parameter values in the order of <see cref="ActivationInfo.Parameters"/>.</summary>
    public IReadOnlyList<double> Values { get; internal set; } = [];
    /// <summary>The canonical spec: key and every parameter that differs from its default.</summary>
    public string Spec { get; internal set; } = "";

    /// <summary>y = f(x).</summary>
    public abstract void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default);

    /// <summary>dx = the vector-Jacobian product of f at x with dy (y = f(x) as computed by <see cref="Forward"/>).</summary>
    public abstract void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default);

    /// <summary>A new instance with the same parameters and fresh state (PReLU's slopes at their initial value,
    /// RReLU's own random stream): what each layer of a built model holds.</summary>
    public Activation NewInstance()
    {
        if (Info is null || Info.Factory is null) throw new InvalidOperationException("Only an activation resolved from the catalogue can be copied.");
        var a = Info.Factory([.. Values]);
        a.Info = Info;
        a.Values = Values;
        a.Spec = Spec;
        return a;
    }

    /// <summary>The output shape for an input shape (GLU halves its axis; everything else keeps it).</summary>
    public virtual int[] OutputShape(ReadOnlySpan<int> shape) => shape.ToArray();

    /// <summary>f at one point (elementwise functions only).</summary>
    public float Evaluate(float x)
    {
        Span<float> v = [x];
        Forward(v, v);
        return v[0];
    }

    /// <summary>f′ at one point (elementwise functions only).</summary>
    public float Derivative(float x)
    {
        Span<float> v = [x];
        Span<float> y = [0f];
        Span<float> g = [1f];
        Forward(v, y);
        Backward(v, y, g, g);
        return g[0];
    }

    /// <inheritdoc/>
    public override string ToString() => Spec;

    /// <summary>An elementwise activation from two scalar functions, for <see cref="Catalogue.Register(ActivationInfo)"/>:
    /// <paramref name="forward"/> gives f(x) and <paramref name="derivative"/> gives f′(x) from x and y = f(x).</summary>
    public static Activation FromFunctions(Func<float, float> forward, Func<float, float, float> derivative)
    {
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(derivative);
        return new DelegateActivation(forward, derivative);
    }
}

internal sealed class DelegateActivation(Func<float, float> f, Func<float, float, float> df) : Activation
{
    public override void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default)
    {
        if (y.Length < x.Length) throw new ArgumentException("The destination is shorter than the input.", nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = f(x[i]);
    }

    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default)
    {
        if (dx.Length < x.Length || y.Length < x.Length || dy.Length < x.Length) throw new ArgumentException("x, y, dy and dx must have the same length.", nameof(dx));
        for (int i = 0; i < x.Length; i++) dx[i] = dy[i] * df(x[i], y[i]);
    }
}

internal sealed class ElementwiseActivation<TOp>(TOp op) : Activation where TOp : struct, IUnaryKernel
{
    public TOp Op { get; } = op;
    public override void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default)
        => Elementwise.Forward(Op, x, y);
    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default)
        => Elementwise.Backward(Op, x, y, dy, dx);
}

internal delegate void VectorForward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape, int axis);
internal delegate void VectorBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape, int axis);

internal sealed class VectorActivation(int axis, VectorForward forward, VectorBackward backward, bool halves = false) : Activation
{
    public int Axis { get; } = axis;
    public override void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default)
        => forward(x, y, shape, Axis);
    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default)
        => backward(x, y, dy, dx, shape, Axis);
    public override int[] OutputShape(ReadOnlySpan<int> shape)
        => halves ? Glu.OutputShape(shape.IsEmpty ? [0] : shape, shape.IsEmpty ? -1 : Axis) : shape.ToArray();
}

/// <summary>PReLU with its slopes: one shared, or one per channel along dim 1 of the shape.</summary>
public sealed class PreluActivation : Activation
{
    internal PreluActivation(int numParameters, float init)
    {
        Weight = Enumerable.Repeat(init, numParameters).ToArray();
        WeightGrad = new float[numParameters];
    }
    /// <summary>The slopes a (learnable).</summary>
    public float[] Weight { get; }
    /// <summary>∂L/∂a written by the last <see cref="Backward"/>.</summary>
    public float[] WeightGrad { get; }

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default)
    {
        var (c, inner) = Channels(shape, x.Length);
        Prelu.Forward(x, Weight, y, c, inner);
    }
    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default)
    {
        var (c, inner) = Channels(shape, x.Length);
        Prelu.Backward(x, Weight, dy, dx, WeightGrad, c, inner);
    }
    private (int Channels, int Inner) Channels(ReadOnlySpan<int> shape, int length)
    {
        if (Weight.Length == 1) return (1, Math.Max(length, 1));
        if (shape.Length < 2)
            throw new InputException("shape", shape.Length, $"PReLU with {Weight.Length} slopes needs a shape of rank ≥ 2 whose dim 1 is the channel count.") { Key = "error.shape.preluRank", Args = [Weight.Length] };
        int inner = 1;
        for (int i = 2; i < shape.Length; i++) inner *= shape[i];
        return (shape[1], inner);
    }
}

/// <summary>RReLU: random slopes in training (seeded), their mean in evaluation.</summary>
public sealed class RreluActivation : Activation
{
    private Pcg32 _rng;
    private float[] _noise = [];
    internal RreluActivation(float lower, float upper, bool training, ulong seed)
    {
        Lower = lower; Upper = upper; Training = training;
        _rng = new Pcg32(seed);
    }
    /// <summary>Lower bound of the slope.</summary>
    public float Lower { get; }
    /// <summary>Upper bound of the slope.</summary>
    public float Upper { get; }
    /// <summary>Training mode (random slopes) or evaluation mode (mean slope).</summary>
    public bool Training { get; set; }
    /// <summary>The slopes drawn by the last training forward.</summary>
    public ReadOnlySpan<float> Noise => _noise;

    /// <inheritdoc/>
    public override void Forward(ReadOnlySpan<float> x, Span<float> y, ReadOnlySpan<int> shape = default)
    {
        if (!Training) { Elementwise.Forward(Rrelu.Eval(Lower, Upper), x, y); return; }
        if (_noise.Length != x.Length) _noise = new float[x.Length];
        Rrelu.ForwardTrain(x, y, _noise, Lower, Upper, ref _rng);
    }
    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx, ReadOnlySpan<int> shape = default)
    {
        if (!Training) { Elementwise.Backward(Rrelu.Eval(Lower, Upper), x, y, dy, dx); return; }
        if (_noise.Length != x.Length) throw new InvalidOperationException("RReLU backward in training mode needs the forward of the same input first.");
        Rrelu.BackwardTrain(_noise, dy, dx);
    }
}
