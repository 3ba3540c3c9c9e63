namespace ActLab.Kernels.Tests.Reference;

/// <summary>
/// The oracle for one elementwise spec: the true f and f′ in double. Piecewise-linear (and piecewise-polynomial)
/// functions are marked <see cref="IsPiecewiseExact"/>: their float result must equal the correctly rounded true
/// value bit for bit. <see cref="Kinks"/> are points where f′ is one-sided (pinned by KinkTests instead).
/// </summary>
public sealed record RefFunction(string Spec, Func<double, double> F, Func<double, double> D, bool IsPiecewiseExact = false, double[]? Kinks = null)
{
    public float Exact(float x) => (float)F(x);
}

public static class RefFunctions
{
    private const double SeluAlpha = 1.6732632423543772848170429916717f;
    private const double SeluScale = 1.0507009873554804934193349852946f;

    private static double F(float v) => v;

    /// <summary>Every elementwise catalogue function, and parameterised variants of those that take parameters.</summary>
    public static readonly RefFunction[] All =
    [
        new("identity", x => x, _ => 1, true),
        new("binary-step", x => double.IsNaN(x) ? x : x > 0 ? 1 : 0, _ => 0, true, [0]),
        new("sign", x => double.IsNaN(x) ? x : Math.Sign(x), _ => 0, true, [0]),
        new("sigmoid", RefMath.Sigmoid, x => RefMath.Sigmoid(x) * RefMath.Sigmoid(-x)),
        new("tanh", Math.Tanh, x => 1 / (Math.Cosh(x) * Math.Cosh(x))),
        new("relu", x => x < 0 ? 0 : x, x => x > 0 ? 1 : 0, true, [0]),
        Leaky("leaky-relu", 0.01f),
        Leaky("leaky-relu:negative-slope=0.1", 0.1f),
        Leaky("prelu", 0.25f),
        Leaky("prelu:init=0.1", 0.1f),
        Leaky("rrelu", (1f / 8 + 1f / 3) / 2),
        Leaky("rrelu:lower=0.1,upper=0.3", (0.1f + 0.3f) / 2),
        Elu("elu", 1f, 1, 1), Elu("elu:alpha=0.5", 0.5f, 1, 1),
        Elu("celu", 1f, 1, 1), Elu("celu:alpha=2", 2f, 1, 1 / 2.0), Elu("celu:alpha=0.7", 0.7f, 1, 1 / 0.7),
        Elu("selu", (float)SeluAlpha, SeluScale, 1),
        new("gelu", x => x * RefMath.Phi(x), x => RefMath.Phi(x) + x * RefMath.PhiDensity(x)),
        new("gelu:approximate=tanh", GeluTanh, GeluTanhD),
        Hardtanh("hardtanh", -1f, 1f), Hardtanh("hardtanh:min-val=-2,max-val=3", -2f, 3f), Hardtanh("relu6", 0f, 6f),
        new("hardsigmoid", x => Math.Min(Math.Max(x + 3, 0), 6) / 6, x => x > -3 && x < 3 ? 1.0 / 6 : 0,
            true, [-3, 3]),
        new("hardswish", x => x * Math.Min(Math.Max(x + 3, 0), 6) / 6, x => x < -3 ? 0 : x <= 3 ? (x + 1.5) / 3 : 1,
            true, [-3, 3]),
        Hardshrink("hardshrink", 0.5f), Hardshrink("hardshrink:lambd=1", 1f),
        Softshrink("softshrink", 0.5f), Softshrink("softshrink:lambd=1", 1f),
        new("tanhshrink", RefMath.TanhShrink, x => Math.Tanh(x) * Math.Tanh(x)),
        new("threshold:threshold=0.5,value=-1", x => x <= F(0.5f) ? -1 : x, x => x <= F(0.5f) ? 0 : 1, true, [0.5]),
        new("silu", x => x * RefMath.Sigmoid(x), x => RefMath.Sigmoid(x) * (1 + x * RefMath.Sigmoid(-x))),
        Swish("swish", 1f), Swish("swish:beta=2", 2f),
        new("mish", x => x * Math.Tanh(RefMath.Softplus(x)), MishD),
        Softplus("softplus", 1f, 20f), Softplus("softplus:beta=2,threshold=10", 2f, 10f),
        new("log-sigmoid", x => Math.Min(x, 0) - RefMath.Log1p(Math.Exp(-Math.Abs(x))), x => RefMath.Sigmoid(-x)),
        new("softsign", x => x / (1 + Math.Abs(x)), x => 1 / ((1 + Math.Abs(x)) * (1 + Math.Abs(x)))),
        new("exponential", Math.Exp, Math.Exp),
        Squareplus("squareplus", 4f), Squareplus("squareplus:b=1", 1f),
        new("sparse-plus", x => x <= -1 ? 0 : x >= 1 ? x : (x + 1) * (x + 1) / 4, x => x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2,
            true),
        new("sparse-sigmoid", x => x <= -1 ? 0 : x >= 1 ? 1 : (x + 1) / 2, x => x > -1 && x < 1 ? 0.5 : 0,
            true, [-1, 1]),
        new("squared-relu", x => x < 0 ? 0 : x * x, x => x > 0 ? 2 * x : 0, true),
        Snake("snake", 1f), Snake("snake:alpha=2", 2f),
    ];

    private static RefFunction Leaky(string spec, float slope) =>
        new(spec, x => x > 0 ? x : F(slope) * x, x => x > 0 ? 1 : F(slope), true, [0]);

    private static RefFunction Elu(string spec, float alpha, double scale, double inputScale)
    {
        double a = alpha, s = (float)scale;
        double inS = inputScale == 1 ? 1 : 1.0 / a;
        return new(spec, x => s * (x > 0 ? x : a * RefMath.Expm1(x * inS)), x => s * (x > 0 ? 1 : a * inS * Math.Exp(x * inS)), Kinks: [0]);
    }

    private static RefFunction Hardtanh(string spec, float lo, float hi) =>
        new(spec, x => Math.Min(Math.Max(x, lo), hi), x => x > lo && x < hi ? 1 : 0, true, [lo, hi]);

    private static RefFunction Hardshrink(string spec, float l) =>
        new(spec, x => x >= -l && x <= l ? 0 : x, x => x >= -l && x <= l ? 0 : 1, true, [-l, l]);

    private static RefFunction Softshrink(string spec, float l) =>
        new(spec, x => x > l ? x - l : x < -l ? x + l : x * 0.0, x => x >= -l && x <= l ? 0 : 1, true, [-l, l]);

    private static RefFunction Swish(string spec, float beta)
    {
        double b = beta;
        return new(spec, x => x * RefMath.Sigmoid(b * x), x => RefMath.Sigmoid(b * x) + b * x * RefMath.Sigmoid(b * x) * RefMath.Sigmoid(-b * x));
    }

    private static RefFunction Softplus(string spec, float beta, float threshold)
    {
        double b = beta;
        return new(spec, x => (float)(beta * (float)x) > threshold ? x : RefMath.Softplus(b * x) / b,
            x => (float)(beta * (float)x) > threshold ? 1 : RefMath.Sigmoid(b * x), Kinks: [threshold / b]);
    }

    private static RefFunction Squareplus(string spec, float bf)
    {
        double b = bf;
        return new(spec, x => x >= 0 ? (x + Math.Sqrt(x * x + b)) / 2 : b / (2 * (Math.Sqrt(x * x + b) - x)),
            x => x >= 0 ? 0.5 + 0.5 * x / Math.Sqrt(x * x + b) : b / (2 * Math.Sqrt(x * x + b) * (Math.Sqrt(x * x + b) - x)));
    }

    private static RefFunction Snake(string spec, float af)
    {
        double a = af;
        return new(spec, x => x + Math.Sin(a * x) * Math.Sin(a * x) / a, x => 1 + Math.Sin(2 * a * x));
    }

    private const double K = 0.79788456080286535588;
    private static double GeluTanh(double x) => x * RefMath.Sigmoid(2 * K * (x + 0.044715 * x * x * x));
    private static double GeluTanhD(double x)
    {
        double u = K * (x + 0.044715 * x * x * x), t = Math.Tanh(u);
        double sech2 = 1 / (Math.Cosh(u) * Math.Cosh(u));
        return RefMath.Sigmoid(2 * u) + 0.5 * x * sech2 * K * (1 + 3 * 0.044715 * x * x);
    }

    private static double MishD(double x)
    {
        double sp = RefMath.Softplus(x), t = Math.Tanh(sp), c = Math.Cosh(sp);
        return t + x * RefMath.Sigmoid(x) / (c * c);
    }
}
