using ActLab.Kernels.Activations;
using ActLab.Kernels.Softmax;

namespace ActLab.Kernels.Catalogue;

public static partial class Catalogue
{
    private const double Inf = double.PositiveInfinity;

    private static IEnumerable<ActivationInfo> TutorialEntries() =>
    [
        new()
        {
            Key = "binary-step", DisplayName = "Binary step", Aliases = ["step", "heaviside"], Origin = Origin.Tutorial,
            Formula = "f(x) = 1 if x > 0, else 0", FormulaLatex = @"f(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
            Derivative = "f'(x) = 0 (undefined at 0; gradients cannot pass)", DerivativeLatex = @"f'(x) = 0 \quad (x \ne 0)",
            Range = "{0, 1}", RangeMin = 0, RangeMax = 1, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 0, MaxSlopeAt = "0 wherever defined (a jump at 0)", Uses = Use.Teaching,
            Problems = ["zero gradient everywhere: cannot be trained by backpropagation"],
            Paper = "Rosenblatt 1958 (the perceptron); McCulloch & Pitts 1943", PyTorch = "torch.heaviside(x, 0) (no module)", Keras = "—",
            Summary = "The perceptron's all-or-nothing output. Its flat gradient is why networks moved to smooth functions.",
            Factory = _ => Elementwise(new BinaryStep()),
        },
        new()
        {
            Key = "sign", DisplayName = "Sign", Aliases = ["signum"], Origin = Origin.Tutorial,
            Formula = "f(x) = −1 if x < 0, 0 if x = 0, 1 if x > 0", FormulaLatex = @"f(x) = \operatorname{sgn}(x)",
            Derivative = "f'(x) = 0 (undefined at 0)", DerivativeLatex = @"f'(x) = 0 \quad (x \ne 0)",
            Range = "{−1, 0, 1}", RangeMin = -1, RangeMax = 1, ZeroCentred = true, Monotonic = true, Smooth = false,
            MaxSlope = 0, MaxSlopeAt = "0 wherever defined (a jump at 0)", Uses = Use.Teaching,
            Problems = ["zero gradient everywhere: cannot be trained by backpropagation"],
            Paper = "—", PyTorch = "torch.sign", Keras = "keras.ops.sign",
            Summary = "A bipolar step (−1, 0, 1), the sign of the input.",
            Factory = _ => Elementwise(new Sign()),
        },
        new()
        {
            Key = "sigmoid", DisplayName = "Sigmoid", Aliases = ["logistic"], Origin = Origin.Tutorial,
            Formula = "σ(x) = 1 / (1 + e^(−x))", FormulaLatex = @"\sigma(x) = \frac{1}{1 + e^{-x}}",
            Derivative = "σ'(x) = σ(x)(1 − σ(x)), at most 0.25 at x = 0", DerivativeLatex = @"\sigma'(x) = \sigma(x)\,(1 - \sigma(x))",
            Range = "(0, 1)", RangeMin = 0, RangeMax = 1, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 0.25, MaxSlopeAt = "x = 0", Uses = Use.BinaryOutput | Use.Gating,
            Problems = ["vanishing gradient: the slope is at most 0.25, so each layer shrinks gradients by 4× or more", "not zero-centred: all outputs positive", "saturates: σ rounds to 1 above x ≈ 17.33 in float32 (16.64 with PyTorch's 1/(1 + e^(−x)))"],
            Paper = "Rumelhart, Hinton & Williams 1986", PyTorch = "nn.Sigmoid()", Keras = "keras.activations.sigmoid",
            Summary = "Squashes any number into a probability in (0, 1); the output of a binary classifier, read with a 0.5 threshold.",
            Factory = _ => Elementwise(new Activations.Sigmoid()),
        },
        new()
        {
            Key = "tanh", DisplayName = "Tanh", Aliases = ["hyperbolic-tangent"], Origin = Origin.Tutorial,
            Formula = "tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x))", FormulaLatex = @"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
            Derivative = "tanh'(x) = 1 − tanh²(x), at most 1 at x = 0", DerivativeLatex = @"\tanh'(x) = 1 - \tanh^2(x)",
            Range = "(−1, 1)", RangeMin = -1, RangeMax = 1, ZeroCentred = true, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "x = 0", Uses = Use.Hidden | Use.Gating,
            Problems = ["vanishing gradient when saturated (|x| ≳ 3); rounds to ±1 beyond |x| ≈ 9.01 in float32"],
            Paper = "LeCun et al. 1998, Efficient BackProp", PyTorch = "nn.Tanh()", Keras = "keras.activations.tanh",
            Summary = "A zero-centred sigmoid (tanh(x) = 2σ(2x) − 1) with a slope of 1 at the origin; used in RNN cells.",
            Factory = _ => Elementwise(new Activations.Tanh()),
        },
        new()
        {
            Key = "relu", DisplayName = "ReLU", Aliases = ["rectifier"], Origin = Origin.Tutorial,
            Formula = "f(x) = max(0, x)", FormulaLatex = @"f(x) = \max(0, x)",
            Derivative = "f'(x) = 1 if x > 0, else 0 (0 at x = 0, as PyTorch)", DerivativeLatex = @"f'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
            Range = "[0, ∞)", RangeMin = 0, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "x > 0", Uses = Use.Hidden,
            Problems = ["dying ReLU: a unit whose input stays negative gets no gradient and never recovers", "not zero-centred"],
            Paper = "Nair & Hinton 2010; Glorot, Bordes & Bengio 2011", PyTorch = "nn.ReLU()", Keras = "keras.activations.relu",
            Summary = "The default hidden activation: cheap, no saturation for x > 0, so gradients pass unshrunk.",
            Factory = _ => Elementwise(new Relu()),
        },
        new()
        {
            Key = "leaky-relu", DisplayName = "Leaky ReLU", Aliases = ["lrelu"], Origin = Origin.Tutorial,
            Formula = "f(x) = x if x > 0, else negative_slope·x", FormulaLatex = @"f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}",
            Derivative = "f'(x) = 1 if x > 0, else negative_slope (also at x = 0)", DerivativeLatex = @"f'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
            Range = "(−∞, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "x > 0", Uses = Use.Hidden,
            Problems = ["the slope is a hyper-parameter (PyTorch 0.01, Keras 0.2–0.3, seed 001 uses 0.1)"],
            Paper = "Maas, Hannun & Ng 2013", PyTorch = "nn.LeakyReLU(negative_slope=0.01)", Keras = "keras.activations.leaky_relu (slope 0.2)",
            Parameters = [new("negative-slope", "negative_slope", 0.01, "slope for x ≤ 0")],
            Summary = "ReLU with a small slope for negative inputs, so units cannot die.",
            Factory = v => Elementwise(new LeakyRelu((float)v[0])),
        },
        new()
        {
            Key = "prelu", DisplayName = "PReLU", Aliases = ["parametric-relu"], Origin = Origin.Tutorial,
            Formula = "f(x) = x if x > 0, else a·x, a learned (per channel or shared)", FormulaLatex = @"f(x) = \begin{cases} x & x > 0 \\ a x & x \le 0 \end{cases}",
            Derivative = "∂f/∂x = 1 if x > 0, else a (a at 0); ∂f/∂a = x if x ≤ 0, else 0", DerivativeLatex = @"\frac{\partial f}{\partial x} = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases},\ \frac{\partial f}{\partial a} = \min(x, 0)",
            Range = "(−∞, ∞)", RangeMin = -Inf, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = false,
            MaxSlope = 1, MaxSlopeAt = "x > 0 (with a = 0.25)", Uses = Use.Hidden,
            Problems = ["extra parameters that can overfit; PyTorch advises no weight decay on a"],
            Paper = "He et al. 2015, arXiv:1502.01852", PyTorch = "nn.PReLU(num_parameters=1, init=0.25)", Keras = "keras.layers.PReLU",
            Parameters = [new("num-parameters", "num_parameters", 1, "1 shared slope, or one per channel (dim 1)", PositiveInteger), new("init", "init", 0.25, "initial slope")],
            Summary = "Leaky ReLU whose negative slope is learned by gradient descent.",
            Factory = v => new PreluActivation((int)v[0], (float)v[1]),
        },
        new()
        {
            Key = "elu", DisplayName = "ELU", Origin = Origin.Tutorial,
            Formula = "f(x) = x if x > 0, else α(e^x − 1)", FormulaLatex = @"f(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
            Derivative = "f'(x) = 1 if x > 0, else α·e^x (α at x = 0)", DerivativeLatex = @"f'(x) = \begin{cases} 1 & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}",
            Range = "(−α, ∞) = (−1, ∞)", RangeMin = -1, RangeMax = Inf, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 1, MaxSlopeAt = "x ≥ 0 (α = 1)", Uses = Use.Hidden,
            Problems = ["an exponential per negative input (slower than ReLU)", "a kink at 0 unless α = 1"],
            Paper = "Clevert, Unterthiner & Hochreiter 2015, arXiv:1511.07289", PyTorch = "nn.ELU(alpha=1.0)", Keras = "keras.activations.elu",
            Parameters = [new("alpha", "alpha", 1.0, "saturation value −α for x → −∞")],
            Summary = "Like ReLU for x > 0 but smooth and negative below, pushing mean activations toward zero.",
            Factory = v => Elementwise(new Elu((float)v[0])),
        },
        new()
        {
            Key = "gelu", DisplayName = "GELU", Origin = Origin.Tutorial,
            Formula = "f(x) = x·Φ(x) = x·½(1 + erf(x/√2)); approximate=tanh: ½x(1 + tanh(√(2/π)(x + 0.044715x³)))",
            FormulaLatex = @"f(x) = x\,\Phi(x) = \tfrac{x}{2}\left(1 + \operatorname{erf}\!\left(\tfrac{x}{\sqrt{2}}\right)\right)",
            Derivative = "f'(x) = Φ(x) + x·φ(x)", DerivativeLatex = @"f'(x) = \Phi(x) + x\,\varphi(x)",
            Range = "[≈−0.170, ∞)", RangeMin = -0.16997120747640895, RangeMax = Inf, ZeroCentred = false, Monotonic = false, Smooth = true,
            MaxSlope = 1.1289041450535109, MaxSlopeAt = "x = √2 ≈ 1.414", Uses = Use.Hidden,
            Problems = ["costlier than ReLU (erf or tanh per element)"],
            Paper = "Hendrycks & Gimpel 2016, arXiv:1606.08415", PyTorch = "nn.GELU(approximate='none')", Keras = "keras.activations.gelu",
            Parameters = [new("approximate", "approximate", 0, "'none' (erf) or 'tanh' (GPT-2's approximation, within 4.7e-4)", Choices: ["none", "tanh"])],
            Summary = "Weights the input by the probability that a standard normal is below it; the activation of BERT, GPT and ViT.",
            Factory = v => v[0] == 1 ? Elementwise(new GeluTanh()) : Elementwise(new Gelu()),
        },
        new()
        {
            Key = "softmax", DisplayName = "Softmax", Kind = ActivationKind.Vector, Origin = Origin.Tutorial,
            Formula = "f(x)ᵢ = e^(xᵢ) / Σⱼ e^(xⱼ) (along dim)", FormulaLatex = @"f(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}",
            Derivative = "∂fᵢ/∂xⱼ = fᵢ(δᵢⱼ − fⱼ); backward dx = y ⊙ (dy − Σ dy ⊙ y)", DerivativeLatex = @"\frac{\partial f_i}{\partial x_j} = f_i(\delta_{ij} - f_j)",
            Range = "(0, 1), summing to 1", RangeMin = 0, RangeMax = 1, ZeroCentred = false, Monotonic = true, Smooth = true,
            MaxSlope = 0.25, MaxSlopeAt = "a Jacobian entry, at fᵢ = ½", Uses = Use.MultiClassOutput,
            Problems = ["overflows if e^x is taken naively (ActLab subtracts the maximum)", "pair with cross-entropy on logits, not with a separate log"],
            Paper = "Bridle 1990", PyTorch = "nn.Softmax(dim)", Keras = "keras.activations.softmax (axis=-1)",
            Parameters = [Dim()],
            Summary = "Turns a vector of scores into probabilities that sum to 1: the multi-class output.",
            Factory = v => new VectorActivation((int)v[0], (x, y, s, a) => SoftmaxKernels.Softmax(x, y, s, a),
                (x, y, dy, dx, s, a) => SoftmaxKernels.SoftmaxBackward(y, dy, dx, s, a)),
        },
    ];
}
