using System.Runtime.Intrinsics;
using ActLab.Core.Model;

namespace ActLab.Core.Training;

/// <summary>An optimizer over a fixed list of parameters, with PyTorch's update arithmetic. State is allocated once.</summary>
public abstract class Optimizer
{
    /// <summary>The parameters it updates.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }
    /// <summary>Learning rate (may be changed between steps).</summary>
    public double LearningRate { get; set; }
    /// <summary>Steps taken so far.</summary>
    public long StepCount { get; private set; }

    private protected Optimizer(IReadOnlyList<Parameter> parameters, double lr)
    {
        if (!(lr > 0) || !double.IsFinite(lr)) throw ActLab.Core.Localization.Texts.Error("learningRate", lr, "error.train.lr", lr.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Parameters = parameters;
        LearningRate = lr;
    }

    /// <summary>Threads the update may use (default 1; <see cref="Trainer"/> keeps it equal to the model's
    /// <see cref="Sequential.Parallelism"/>). Each thread updates the same share of every tensor that it computed the
    /// products for, so a layer's weights stay in one core's cache. Updates are elementwise: the result is the same
    /// on any number of threads.</summary>
    public int Parallelism
    {
        get => _parallelism;
        set => _parallelism = value >= 1 ? value : throw ActLab.Core.Localization.Texts.Error("parallelism", value, "error.train.parallelism", value);
    }
    private int _parallelism = 1;

    // Under this many elements an update stays on the calling thread.
    private const long ParallelElements = 1 << 16;
    private UpdateJob? _job;

    /// <summary>Applies one update from the parameters' gradients (PyTorch's <c>optimizer.step()</c>).</summary>
    public void Step()
    {
        StepCount++;
        BeginStep();
        long elements = 0;
        for (int i = 0; i < Parameters.Count; i++) elements += Parameters[i].Value.Length;
        if (_parallelism > 1 && elements >= ParallelElements)
        {
            ActLab.Kernels.Threading.Workers.Run(_job ??= new UpdateJob(this), _parallelism);
            return;
        }
        for (int i = 0; i < Parameters.Count; i++) Update(i, Parameters[i], 0, Parameters[i].Value.Length);
    }

    // Part p of n updates elements [len·p/n, len·(p+1)/n) of every tensor, rounded to whole 16-float vectors: for a
    // weight [out, in] that is the share of output rows whose products the same part computed.
    private sealed class UpdateJob(Optimizer optimizer) : ActLab.Kernels.Threading.WorkItem
    {
        public override void Run(int part, int parts)
        {
            for (int i = 0; i < optimizer.Parameters.Count; i++)
            {
                var p = optimizer.Parameters[i];
                int len = p.Value.Length;
                int start = part == 0 ? 0 : (int)((long)len * part / parts) & ~15, end = part == parts - 1 ? len : (int)((long)len * (part + 1) / parts) & ~15;
                if (end > start) optimizer.Update(i, p, start, end);
            }
        }
    }

    /// <summary>Updates elements [<paramref name="start"/>, <paramref name="end"/>) of parameter <paramref name="index"/>.</summary>
    private protected abstract void Update(int index, Parameter p, int start, int end);

    /// <summary>Per-step work shared by all parameters (bias corrections), done once before the per-tensor updates.</summary>
    private protected virtual void BeginStep() { }

    /// <summary>The weight decay in use (what a run records).</summary>
    public abstract double WeightDecay { get; }

    private protected float[][] State() => [.. Parameters.Select(p => new float[p.Value.Length])];
}

/// <summary>SGD with momentum, dampening, Nesterov and coupled weight decay (torch.optim.SGD).</summary>
/// <remarks>g ← g + wd·θ; b ← g on the first step, else μ·b + (1 − τ)·g; g ← g + μ·b (Nesterov) or b; θ ← θ − lr·g.</remarks>
public sealed class Sgd : Optimizer
{
    private readonly float[][] _momentum;
    private readonly double _mu, _dampening, _wd;
    private readonly bool _nesterov;

    /// <summary>Creates the optimizer.</summary>
    public Sgd(IReadOnlyList<Parameter> parameters, double lr = 1e-3, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(parameters, lr)
    {
        if (momentum < 0 || weightDecay < 0) throw ActLab.Core.Localization.Texts.Error(momentum < 0 ? "momentum" : "weightDecay", momentum < 0 ? momentum : weightDecay, "error.optimizer.sgd");
        if (nesterov && (momentum <= 0 || dampening != 0)) throw ActLab.Core.Localization.Texts.Error("nesterov", nesterov, "error.optimizer.nesterov");
        (_mu, _dampening, _wd, _nesterov) = (momentum, dampening, weightDecay, nesterov);
        _momentum = State();
    }

    /// <inheritdoc/>
    public override double WeightDecay => _wd;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private protected override void Update(int index, Parameter p, int start, int end)
    {
        var b = _momentum[index];
        float lr = (float)LearningRate, mu = (float)_mu, damp = (float)(1 - _dampening), wd = p.Decay ? (float)_wd : 0f;
        for (int i = start; i < end; i++)
        {
            float g = p.Grad[i] + wd * p.Value[i];
            if (_mu != 0)
            {
                b[i] = StepCount == 1 ? g : mu * b[i] + damp * g;
                g = _nesterov ? g + mu * b[i] : b[i];
            }
            p.Value[i] -= lr * g;
        }
    }
}

/// <summary>Adam (torch.optim.Adam, the single-tensor path) and AdamW (decoupled weight decay).</summary>
/// <remarks>m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; θ ← θ − (lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε).
/// Adam adds wd·θ to g (coupled L2); AdamW multiplies θ by 1 − lr·wd first. amsgrad keeps the running max of the
/// raw v and divides it by the current √(1 − β₂ᵗ). Bias corrections are computed in double, as Python floats.</remarks>
public sealed class Adam : Optimizer
{
    private readonly float[][] _m, _v;
    private readonly float[][]? _vmax;
    private readonly double _b1, _b2, _eps, _wd;
    private readonly bool _decoupled;
    private float _stepSize, _bc2Sqrt;

    // Bias corrections in double, as Python floats, once per step.
    private protected override void BeginStep()
    {
        double bc1 = 1 - Math.Pow(_b1, StepCount), bc2 = 1 - Math.Pow(_b2, StepCount);
        _stepSize = (float)(LearningRate / bc1);
        _bc2Sqrt = (float)Math.Sqrt(bc2);
    }

    /// <summary>Creates the optimizer (PyTorch's defaults).</summary>
    public Adam(IReadOnlyList<Parameter> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 0, bool amsgrad = false, bool decoupledWeightDecay = false) : base(parameters, lr)
    {
        if (!(beta1 is >= 0 and < 1) || !(beta2 is >= 0 and < 1)) throw ActLab.Core.Localization.Texts.Error("betas", $"{beta1}, {beta2}", "error.optimizer.betas", beta1, beta2);
        if (!(eps >= 0) || !(weightDecay >= 0)) throw ActLab.Core.Localization.Texts.Error(!(eps >= 0) ? "eps" : "weightDecay", !(eps >= 0) ? eps : weightDecay, "error.optimizer.eps");
        (_b1, _b2, _eps, _wd, _decoupled) = (beta1, beta2, eps, weightDecay, decoupledWeightDecay);
        _m = State();
        _v = State();
        _vmax = amsgrad ? State() : null;
    }

    /// <inheritdoc/>
    public override double WeightDecay => _wd;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private protected override void Update(int index, Parameter p, int from, int end)
    {
        var m = _m[index];
        var v = _v[index];
        float stepSize = _stepSize, bc2Sqrt = _bc2Sqrt;
        float b2 = (float)_b2, oneMinusB1 = (float)(1 - _b1), oneMinusB2 = (float)(1 - _b2), eps = (float)_eps;
        float wd = p.Decay ? (float)_wd : 0f;
        float decay = _decoupled ? (float)(1 - LearningRate * _wd) : 1f;
        int start = from;
        if (Vector512.IsHardwareAccelerated && _vmax is null && (wd == 0 || _decoupled))
            start = UpdateVector(p.Value, p.Grad, m, v, wd != 0 ? decay : 1f, oneMinusB1, b2, oneMinusB2, bc2Sqrt, eps, stepSize, from, end);
        for (int i = start; i < end; i++)
        {
            float g = p.Grad[i];
            if (_decoupled) { if (wd != 0) p.Value[i] *= decay; }
            else g += wd * p.Value[i];
            m[i] += (g - m[i]) * oneMinusB1; // torch's lerp(m, g, 1 − β₁)
            v[i] = v[i] * b2 + oneMinusB2 * g * g;
            float vv = v[i];
            if (_vmax is not null) vv = _vmax[index][i] = Math.Max(_vmax[index][i], v[i]);
            float denom = MathF.Sqrt(vv) / bc2Sqrt + eps;
            p.Value[i] -= stepSize * m[i] / denom;
        }
    }

    // The same float operations as the scalar loop, in the same order, 16 lanes at a time (no fused multiply-add,
    // so the results are identical to the scalar path and to PyTorch's single-tensor Adam).
    private static int UpdateVector(float[] theta, float[] grad, float[] m, float[] v, float decay, float oneMinusB1, float b2, float oneMinusB2,
        float bc2Sqrt, float eps, float stepSize, int from, int n)
    {
        int i = from;
        var vDecay = Vector512.Create(decay);
        var vW1 = Vector512.Create(oneMinusB1);
        var vB2 = Vector512.Create(b2);
        var vW2 = Vector512.Create(oneMinusB2);
        var vBc = Vector512.Create(bc2Sqrt);
        var vEps = Vector512.Create(eps);
        var vStep = Vector512.Create(stepSize);
        bool decays = decay != 1f;
        for (; i + 16 <= n; i += 16)
        {
            var g = Vector512.Create(grad.AsSpan(i, 16));
            var th = Vector512.Create(theta.AsSpan(i, 16));
            if (decays) th *= vDecay;
            var mm = Vector512.Create(m.AsSpan(i, 16));
            mm += (g - mm) * vW1;
            var vv = Vector512.Create(v.AsSpan(i, 16)) * vB2 + vW2 * g * g;
            var denom = Vector512.Sqrt(vv) / vBc + vEps;
            th -= vStep * mm / denom;
            mm.CopyTo(m, i);
            vv.CopyTo(v, i);
            th.CopyTo(theta, i);
        }
        return i;
    }
}

/// <summary>RMSprop (torch.optim.RMSprop, without centering or momentum): v ← αv + (1 − α)g²; θ ← θ − lr·g/(√v + ε).</summary>
public sealed class RmsProp : Optimizer
{
    private readonly float[][] _v;
    private readonly double _alpha, _eps, _wd;

    /// <summary>Creates the optimizer (PyTorch's defaults: lr 0.01, α 0.99, ε 1e-8).</summary>
    public RmsProp(IReadOnlyList<Parameter> parameters, double lr = 1e-2, double alpha = 0.99, double eps = 1e-8, double weightDecay = 0) : base(parameters, lr)
    {
        if (!(weightDecay >= 0)) throw ActLab.Core.Localization.Texts.Error("weightDecay", weightDecay, "error.optimizer.weightDecay");
        (_alpha, _eps, _wd) = (alpha, eps, weightDecay);
        _v = State();
    }

    /// <inheritdoc/>
    public override double WeightDecay => _wd;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private protected override void Update(int index, Parameter p, int start, int end)
    {
        var v = _v[index];
        float a = (float)_alpha, lr = (float)LearningRate, eps = (float)_eps, wd = p.Decay ? (float)_wd : 0f;
        for (int i = start; i < end; i++)
        {
            float g = p.Grad[i] + wd * p.Value[i];
            v[i] = a * v[i] + (1 - a) * g * g;
            p.Value[i] -= lr * g / (MathF.Sqrt(v[i]) + eps);
        }
    }
}

/// <summary>Adagrad (torch.optim.Adagrad, no lr decay): s ← s + g²; θ ← θ − lr·g/(√s + ε).</summary>
public sealed class Adagrad : Optimizer
{
    private readonly float[][] _sum;
    private readonly double _eps, _wd;

    /// <summary>Creates the optimizer (PyTorch's defaults: lr 0.01, ε 1e-10).</summary>
    public Adagrad(IReadOnlyList<Parameter> parameters, double lr = 1e-2, double eps = 1e-10, double weightDecay = 0) : base(parameters, lr)
    {
        if (!(weightDecay >= 0)) throw ActLab.Core.Localization.Texts.Error("weightDecay", weightDecay, "error.optimizer.weightDecay");
        (_eps, _wd) = (eps, weightDecay);
        _sum = State();
    }

    /// <inheritdoc/>
    public override double WeightDecay => _wd;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private protected override void Update(int index, Parameter p, int start, int end)
    {
        var s = _sum[index];
        float lr = (float)LearningRate, eps = (float)_eps, wd = p.Decay ? (float)_wd : 0f;
        for (int i = start; i < end; i++)
        {
            float g = p.Grad[i] + wd * p.Value[i];
            s[i] += g * g;
            p.Value[i] -= lr * g / (MathF.Sqrt(s[i]) + eps);
        }
    }
}
