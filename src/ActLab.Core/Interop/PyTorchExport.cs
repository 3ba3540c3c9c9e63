using System.Globalization;
using System.Text;
using System.Text.Json;
using ActLab.Core.Model;
using ActLab.Core.Runs;
using ActLab.Core.Training;
using ActLab.Kernels;
using ActLab.Kernels.Catalogue;

namespace ActLab.Core.Interop;

/// <summary>
/// A run folder as a PyTorch module: <c>model.py</c> builds the same <c>nn.Sequential</c> (the same module indices,
/// so the run's <c>model.safetensors</c>, written with PyTorch's state_dict names, loads with <c>load_state_dict</c>),
/// standardises inputs with the run's constants and maps outputs to its labels. Activations PyTorch has as modules
/// are those modules with the run's parameters; the others (sign, binary step, squareplus, snake, …) are small
/// modules defined in the file with ActLab's formulas. The file needs only <c>torch</c>: it reads safetensors itself.
/// </summary>
public static class PyTorchExport
{
    /// <summary>The files written: the module and the weights.</summary>
    public static readonly string[] Files = ["model.py", "model.safetensors"];

    /// <summary>Writes <c>model.py</c> and a copy of the weights into <paramref name="outDir"/>. Existing files there
    /// are refused unless <paramref name="force"/>; nothing is written when the model cannot be exported.</summary>
    public static void Write(TrainedRun run, string outDir, bool force = false)
    {
        string source = ModelPy(run); // refuses before anything is written
        if (File.Exists(outDir)) throw ActLab.Core.Localization.Texts.Error("out", outDir, "error.run.isFile", InputException.Show(outDir));
        foreach (var f in Files)
            if (!force && File.Exists(Path.Combine(outDir, f)))
                throw ActLab.Core.Localization.Texts.Error("out", outDir, "error.out.exists", InputException.Show(Path.Combine(outDir, f)));
        Directory.CreateDirectory(outDir);
        AtomicFile.Write(Path.Combine(outDir, "model.safetensors"), File.ReadAllBytes(Path.Combine(run.Directory, "model.safetensors")));
        AtomicFile.Write(Path.Combine(outDir, "model.py"), source);
    }

    /// <summary>The text of <c>model.py</c> for <paramref name="run"/>.</summary>
    /// <exception cref="InputException">A layer PyTorch's nn.Sequential cannot express on an MLP's rows (softmax2d).</exception>
    public static string ModelPy(TrainedRun run)
    {
        var helpers = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var modules = new List<string>();
        foreach (var layer in run.Definition.Layers)
            modules.Add(layer switch
            {
                LinearDefinition l => $"nn.Linear({l.In}, {l.Out})",
                DropoutDefinition d => $"nn.Dropout(p={F(d.P)})",
                ActivationDefinition a => Module(a.Activation, helpers),
                _ => throw ActLab.Core.Localization.Texts.Error("model", layer.Token, "error.export.layer", layer.Token),
            });
        var st = run.Config.Standardize;
        string prediction = run.Prediction switch
        {
            PredictionFunction.Sigmoid => "torch.sigmoid(out)",
            PredictionFunction.Softmax => "torch.softmax(out, dim=-1)",
            PredictionFunction.Exp => "torch.exp(out)",
            _ => "out",
        };
        string what = run.Prediction switch
        {
            PredictionFunction.Sigmoid => $"P({Q(run.Classes.Count > 1 ? run.Classes[1] : "1")}) per row, [n, 1]",
            PredictionFunction.Softmax or PredictionFunction.Exp => "class probabilities, [n, classes]",
            _ => run.Task == TaskKind.Regression ? "predicted values, [n, outputs]" : "the model's outputs (its last layer already gives probabilities)",
        };
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $$""""
            """ActLab run exported to PyTorch: {{Path.GetFileName(Path.GetFullPath(run.Directory).TrimEnd('/'))}}

            Model: {{run.Definition.Canonical}}
            Task: {{run.Task.ToString().ToLowerInvariant()}}; label column {{Q(run.LabelName)}}; {{run.Features.Count}} features{{(st is null ? "" : ", standardised with the training split's constants below")}}.
            Written by actlab export; needs only torch.

                import torch
                from model import load, predict, predict_labels
                model = load()                        # nn.Sequential with the run's weights, in eval mode
                rows = [[...], [...]]                 # features in FEATURES order, unstandardised
                predict(model, rows)                  # {{what}}
                predict_labels(model, rows)           # {{(run.Task == TaskKind.Regression ? "the same values (regression)" : "a label of LABELS per row")}}

            The module indices are ActLab's layer indices, so model.load_state_dict(read_safetensors("model.safetensors"))
            works (the names are PyTorch's: "0.weight", "0.bias", ...). Train it further as any nn.Module.
            """
            import json
            import os
            import struct

            import torch
            from torch import nn

            FEATURES = {{Json(run.Features)}}
            LABELS = {{Json(run.Classes)}}
            MEAN = {{(st is null ? "None" : Floats(st.Mean))}}
            STD = {{(st is null ? "None" : Floats(st.Std))}}


            """");
        foreach (var h in helpers.Values) sb.Append(h).Append("\n\n");
        sb.Append(CultureInfo.InvariantCulture, $$""""
            def build():
                """The architecture, untrained (PyTorch's default initialisation)."""
                return nn.Sequential(
            {{string.Join(",\n", modules.Select(m => "        " + m))}},
                )


            def read_safetensors(path):
                """The tensors of a safetensors file (F32), without the safetensors package."""
                with open(path, "rb") as f:
                    data = f.read()
                n = struct.unpack("<Q", data[:8])[0]
                header = json.loads(data[8:8 + n])
                out = {}
                for name, e in header.items():
                    if name == "__metadata__":
                        continue
                    if e["dtype"] != "F32":
                        raise ValueError(f"{path}: {name} is {e['dtype']}, not F32")
                    start, end = e["data_offsets"]
                    t = torch.frombuffer(bytearray(data[8 + n + start:8 + n + end]), dtype=torch.float32)
                    out[name] = t.reshape(e["shape"])
                return out


            def load(path=None):
                """The model with the run's weights, in eval mode."""
                model = build()
                path = path or os.path.join(os.path.dirname(os.path.abspath(__file__)), "model.safetensors")
                model.load_state_dict(read_safetensors(path))
                return model.eval()


            def predict(model, rows):
                """{{what}}."""
                x = torch.as_tensor(rows, dtype=torch.float32)
                if x.ndim != 2 or x.shape[1] != len(FEATURES):
                    raise ValueError(f"expected rows of {len(FEATURES)} features, got shape {tuple(x.shape)}")
                if MEAN is not None:
                    x = (x - torch.tensor(MEAN, dtype=torch.float32)) / torch.tensor(STD, dtype=torch.float32)
                with torch.no_grad():
                    out = model(x)
                return {{prediction}}


            def predict_labels(model, rows, threshold=0.5):
                """{{(run.Task == TaskKind.Regression ? "The predicted values (regression has no labels)" : "The label of each row: P ≥ threshold for binary, the most probable class otherwise")}}."""
                p = predict(model, rows)
                if not LABELS:
                    return p
                if p.shape[1] == 1:
                    return [LABELS[int(v >= threshold)] for v in p[:, 0].tolist()]
                return [LABELS[i] for i in p.argmax(dim=1).tolist()]

            """");
        return sb.ToString().Replace("\r\n", "\n");
    }

    // The nn module for an activation with the run's parameter values, adding any helper class it needs.
    private static string Module(Activation a, SortedDictionary<string, string> helpers)
    {
        var v = a.Values;
        double P(int i) => v[i];
        string Helper(string name, string body)
        {
            helpers[name] = body;
            return name;
        }
        return a.Info.Key switch
        {
            "sigmoid" => "nn.Sigmoid()",
            "tanh" => "nn.Tanh()",
            "relu" => "nn.ReLU()",
            "leaky-relu" => $"nn.LeakyReLU(negative_slope={F(P(0))})",
            "prelu" => $"nn.PReLU(num_parameters={(int)P(0)}, init={F(P(1))})",
            "elu" => $"nn.ELU(alpha={F(P(0))})",
            "gelu" => $"nn.GELU(approximate={(P(0) == 0 ? "'none'" : "'tanh'")})",
            "softmax" => $"nn.Softmax(dim={(int)P(0)})",
            "softmin" => $"nn.Softmin(dim={(int)P(0)})",
            "log-softmax" => $"nn.LogSoftmax(dim={(int)P(0)})",
            "glu" => $"nn.GLU(dim={(int)P(0)})",
            "relu6" => "nn.ReLU6()",
            "hardtanh" => $"nn.Hardtanh(min_val={F(P(0))}, max_val={F(P(1))})",
            "hardsigmoid" => "nn.Hardsigmoid()",
            "hardswish" => "nn.Hardswish()",
            "hardshrink" => $"nn.Hardshrink(lambd={F(P(0))})",
            "softshrink" => $"nn.Softshrink(lambd={F(P(0))})",
            "tanhshrink" => "nn.Tanhshrink()",
            "threshold" => $"nn.Threshold(threshold={F(P(0))}, value={F(P(1))})",
            // Evaluation mode: the mean slope (lower + upper) / 2, as ActLab predicts.
            "rrelu" => $"nn.RReLU(lower={F(P(0))}, upper={F(P(1))})",
            "selu" => "nn.SELU()",
            "celu" => $"nn.CELU(alpha={F(P(0))})",
            "silu" => "nn.SiLU()",
            "mish" => "nn.Mish()",
            "softplus" => $"nn.Softplus(beta={F(P(0))}, threshold={F(P(1))})",
            "log-sigmoid" => "nn.LogSigmoid()",
            "softsign" => "nn.Softsign()",
            "identity" => "nn.Identity()",
            "binary-step" => Helper("BinaryStep", Elementwise("BinaryStep", "1 if x > 0, else 0 (ActLab's binary step; torch.heaviside(x, 0) without the grad error)", "(x > 0).to(x.dtype)")) + "()",
            "sign" => Helper("Sign", Elementwise("Sign", "-1, 0 or 1", "torch.sign(x)")) + "()",
            "exponential" => Helper("Exponential", Elementwise("Exponential", "e^x", "torch.exp(x)")) + "()",
            "sparse-plus" => Helper("SparsePlus", Elementwise("SparsePlus", "0 if x <= -1, (x + 1)^2 / 4 if -1 < x < 1, x if x >= 1 (Keras' sparse_plus)",
                "torch.where(x <= -1, torch.zeros_like(x), torch.where(x >= 1, x, (x + 1) * (x + 1) / 4))")) + "()",
            "sparse-sigmoid" => Helper("SparseSigmoid", Elementwise("SparseSigmoid", "0 if x <= -1, (x + 1) / 2 if -1 < x < 1, 1 if x >= 1 (Keras' sparse_sigmoid)",
                "torch.clamp((x + 1) / 2, 0, 1)")) + "()",
            "squared-relu" => Helper("SquaredReLU", Elementwise("SquaredReLU", "max(0, x)^2 (Primer)", "torch.relu(x) * torch.relu(x)")) + "()",
            "squareplus" => Helper("Squareplus", Parametric("Squareplus", "(x + sqrt(x^2 + b)) / 2 (Barron 2021)", "b", "(x + torch.sqrt(x * x + self.b)) / 2")) + $"(b={F(P(0))})",
            "snake" => Helper("Snake", Parametric("Snake", "x + sin^2(alpha x) / alpha (Liu Ziyin et al. 2020)", "alpha", "x + torch.sin(self.alpha * x) ** 2 / self.alpha")) + $"(alpha={F(P(0))})",
            "swish" => Helper("Swish", Parametric("Swish", "x * sigmoid(beta x) (Ramachandran et al. 2017; beta = 1 is nn.SiLU)", "beta", "x * torch.sigmoid(self.beta * x)")) + $"(beta={F(P(0))})",
            "sparsemax" => Helper("Sparsemax", SparsemaxClass) + $"(dim={(int)P(0)})",
            "softmax2d" => throw ActLab.Core.Localization.Texts.Error("model", a.Spec, "error.export.softmax2dTorch"),
            _ => throw ActLab.Core.Localization.Texts.Error("model", a.Spec, "error.export.customTorch", a.Spec),
        };
    }

    private static string Elementwise(string name, string doc, string expr) => $$""""
        class {{name}}(nn.Module):
            """{{doc}}"""

            def forward(self, x):
                return {{expr}}
        """";

    private static string Parametric(string name, string doc, string param, string expr) => $$""""
        class {{name}}(nn.Module):
            """{{doc}}"""

            def __init__(self, {{param}}):
                super().__init__()
                self.{{param}} = {{param}}

            def forward(self, x):
                return {{expr}}
        """";

    private const string SparsemaxClass = """"
        class Sparsemax(nn.Module):
            """max(x - tau, 0) along dim, tau such that the outputs sum to 1 (Martins & Astudillo 2016)."""

            def __init__(self, dim=-1):
                super().__init__()
                self.dim = dim

            def forward(self, x):
                z = x.transpose(self.dim, -1)
                s, _ = torch.sort(z, dim=-1, descending=True)
                k = torch.arange(1, z.shape[-1] + 1, dtype=z.dtype, device=z.device)
                cum = s.cumsum(dim=-1)
                support = (1 + k * s) > cum
                kz = support.sum(dim=-1, keepdim=True)
                tau = (cum.gather(-1, kz - 1) - 1) / kz.to(z.dtype)
                return torch.clamp(z - tau, min=0).transpose(self.dim, -1)
        """";

    // A float literal Python reads back to the same value.
    private static string F(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) is var s && (s.Contains('.') || s.Contains('E')) ? s.Replace("E", "e") : s + ".0"
        : double.IsNaN(v) ? "float('nan')" : v > 0 ? "float('inf')" : "float('-inf')";

    private static string Floats(float[] values) => "[" + string.Join(", ", values.Select(x => F(x))) + "]";

    private static string Q(string s) => JsonSerializer.Serialize(s);

    private static string Json(IReadOnlyList<string> list) => JsonSerializer.Serialize(list);
}
