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
/// A run as an ONNX model: input <c>input</c> [N, features] (N dynamic), the standardisation, every layer, and the
/// run's prediction function, to output <c>output</c>; the spec, task, labels and features in the model's metadata.
/// Linear layers are <c>Gemm</c> with W in PyTorch's layout (transB = 1). Each activation is its native ONNX operator
/// where the opset has one (Relu, LeakyRelu, PRelu, Elu, Selu, Celu, Sigmoid, HardSigmoid, HardSwish from 14, Tanh,
/// Softplus, Softsign, Shrink, Sign, Mish from 18, Gelu from 20, Softmax, LogSoftmax, Clip) and otherwise a
/// composition of primitive operators with ActLab's semantics. Opsets 13 to 21; the default is the lowest at which
/// every activation of the model is native. The IR version is stamped to match the opset.
/// </summary>
public static class OnnxExport
{
    /// <summary>The opsets the exporter writes.</summary>
    public const int MinOpset = 13, MaxOpset = 21;

    /// <summary>The IR version that goes with an opset (ONNX 1.8 → IR 7 for 13–14, 8 for 15–18, 9 for 19–20, 10 for 21).</summary>
    public static int IrVersion(int opset) => opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;

    /// <summary>The lowest opset (from 13) at which every activation of <paramref name="definition"/> is a native operator.</summary>
    public static int NativeOpset(ModelDefinition definition) => Math.Max(MinOpset, definition.Layers.OfType<ActivationDefinition>()
        .Select(a => a.Activation.Info.Key switch { "hardswish" => 14, "mish" => 18, "gelu" => 20, _ => MinOpset }).DefaultIfEmpty(MinOpset).Max());

    /// <summary>Writes the model to <paramref name="path"/> (atomically; an existing file only with <paramref name="force"/>).</summary>
    public static int Write(TrainedRun run, string path, int? opset = null, bool force = false)
    {
        int o = opset ?? NativeOpset(run.Definition);
        byte[] bytes = Serialize(run, o); // refuses before anything is written
        if (!force && File.Exists(path)) throw ActLab.Core.Localization.Texts.Error("out", path, "error.out.exists", InputException.Show(path));
        AtomicFile.Write(path, bytes);
        return o;
    }

    /// <summary>The ONNX bytes of <paramref name="run"/> at <paramref name="opset"/>.</summary>
    public static byte[] Serialize(TrainedRun run, int opset)
    {
        if (opset is < MinOpset or > MaxOpset)
            throw ActLab.Core.Localization.Texts.Error("opset", opset, "error.export.opsetRange", MinOpset, MaxOpset, opset);
        var g = new Graph(opset);
        int d = run.Definition.Inputs;
        string x = "input";
        if (run.Config.Standardize is { } st)
            x = g.Node("Div", [g.Node("Sub", [x, g.Floats("mean", st.Mean, [d])]), g.Floats("std", st.Std, [d])]);
        int width = d;
        var layers = run.Model.Layers;
        for (int i = 0; i < run.Definition.Layers.Count; i++)
        {
            switch (run.Definition.Layers[i])
            {
                case LinearDefinition l:
                    var lin = (Linear)layers[i];
                    x = g.Node("Gemm", [x, g.Floats($"{i}.weight", lin.Weight.Value, [l.Out, l.In]), g.Floats($"{i}.bias", lin.Bias.Value, [l.Out])], ("transB", 1L));
                    width = l.Out;
                    break;
                case DropoutDefinition:
                    break; // inference: the identity
                case ActivationDefinition a:
                    var act = ((ActivationLayer)layers[i]).Activation;
                    x = Activation(g, act, x, width, opset);
                    width = a.Activation.OutputShape([1, width])[1];
                    break;
            }
        }
        x = run.Prediction switch
        {
            PredictionFunction.Sigmoid => g.Node("Sigmoid", [x]),
            PredictionFunction.Softmax => g.Node("Softmax", [x], ("axis", -1L)),
            PredictionFunction.Exp => g.Node("Exp", [x]),
            _ => x,
        };
        x = g.Node("Identity", [x], output: "output");
        var meta = new Dictionary<string, string>
        {
            ["actlab.model"] = run.Definition.Canonical,
            ["actlab.task"] = run.Config.Task,
            ["actlab.labels"] = JsonSerializer.Serialize(run.Classes),
            ["actlab.features"] = JsonSerializer.Serialize(run.Features),
            ["actlab.output"] = run.Prediction switch
            {
                PredictionFunction.Sigmoid => "P(second class) per row",
                PredictionFunction.Softmax or PredictionFunction.Exp => "class probabilities",
                _ => run.Task == TaskKind.Regression ? "predicted values" : "the model's outputs",
            },
            ["actlab.standardized"] = run.Config.Standardize is null ? "false" : "true (mean and std are in the graph)",
            ["actlab.version"] = RunSchema.ActLabVersion,
        };
        return g.Model("actlab", d, width, meta);
    }

    private static string Activation(Graph g, Activation a, string x, int width, int opset)
    {
        var v = a.Values;
        float P(int i) => (float)v[i];
        string C(float f) => g.Scalar(f);
        switch (a.Info.Key)
        {
            case "sigmoid": return g.Node("Sigmoid", [x]);
            case "tanh": return g.Node("Tanh", [x]);
            case "relu": return g.Node("Relu", [x]);
            case "identity": return g.Node("Identity", [x]);
            case "exponential": return g.Node("Exp", [x]);
            case "sign": return g.Node("Sign", [x]);
            case "softsign": return g.Node("Softsign", [x]);
            case "selu": return g.Node("Selu", [x]);
            case "leaky-relu": return g.Node("LeakyRelu", [x], ("alpha", P(0)));
            case "rrelu": return g.Node("LeakyRelu", [x], ("alpha", EvalSlope((RreluActivation)a))); // evaluation mode
            case "elu": return g.Node("Elu", [x], ("alpha", P(0)));
            case "celu": return g.Node("Celu", [x], ("alpha", P(0)));
            case "prelu":
                var w = ((PreluActivation)a).Weight;
                return g.Node("PRelu", [x, g.Floats(g.Fresh("slope"), w, [w.Length])]);
            case "hardshrink": return g.Node("Shrink", [x], ("bias", 0f), ("lambd", P(0)));
            case "softshrink": return g.Node("Shrink", [x], ("bias", P(0)), ("lambd", P(0)));
            case "relu6": return g.Node("Clip", [x, C(0), C(6)]);
            case "hardtanh": return g.Node("Clip", [x, C(P(0)), C(P(1))]);
            case "hardsigmoid": return g.Node("HardSigmoid", [x], ("alpha", 1f / 6), ("beta", 0.5f));
            case "hardswish":
                return opset >= 14 ? g.Node("HardSwish", [x]) : g.Node("Mul", [x, g.Node("HardSigmoid", [x], ("alpha", 1f / 6), ("beta", 0.5f))]);
            case "tanhshrink": return g.Node("Sub", [x, g.Node("Tanh", [x])]);
            case "threshold": return g.Node("Where", [g.Node("Greater", [x, C(P(0))]), x, C(P(1))]);
            case "silu": return g.Node("Mul", [x, g.Node("Sigmoid", [x])]);
            case "swish": return g.Node("Mul", [x, g.Node("Sigmoid", [g.Node("Mul", [x, C(P(0))])])]);
            case "mish": return opset >= 18 ? g.Node("Mish", [x]) : g.Node("Mul", [x, g.Node("Tanh", [g.Node("Softplus", [x])])]);
            case "softplus":
                {
                    // PyTorch: x where β·x > threshold, else log(1 + e^(β·x))/β.
                    string bx = P(0) == 1 ? x : g.Node("Mul", [x, C(P(0))]);
                    string sp = g.Node("Softplus", [bx]);
                    if (P(0) != 1) sp = g.Node("Div", [sp, C(P(0))]);
                    return g.Node("Where", [g.Node("Greater", [bx, C(P(1))]), x, sp]);
                }
            case "log-sigmoid": return g.Node("Neg", [g.Node("Softplus", [g.Node("Neg", [x])])]);
            case "binary-step": return g.Node("Cast", [g.Node("Greater", [x, C(0)])], ("to", 1L));
            case "squareplus": return g.Node("Div", [g.Node("Add", [x, g.Node("Sqrt", [g.Node("Add", [g.Node("Mul", [x, x]), C(P(0))])])]), C(2)]);
            case "sparse-plus":
                {
                    string x1 = g.Node("Add", [x, C(1)]);
                    string mid = g.Node("Div", [g.Node("Mul", [x1, x1]), C(4)]);
                    return g.Node("Where", [g.Node("LessOrEqual", [x, C(-1)]), C(0), g.Node("Where", [g.Node("GreaterOrEqual", [x, C(1)]), x, mid])]);
                }
            case "sparse-sigmoid": return g.Node("Clip", [g.Node("Div", [g.Node("Add", [x, C(1)]), C(2)]), C(0), C(1)]);
            case "squared-relu": { string r = g.Node("Relu", [x]); return g.Node("Mul", [r, r]); }
            case "snake":
                {
                    string s = g.Node("Sin", [g.Node("Mul", [x, C(P(0))])]);
                    return g.Node("Add", [x, g.Node("Div", [g.Node("Mul", [s, s]), C(P(0))])]);
                }
            case "gelu":
                if (opset >= 20) return g.Node("Gelu", [x], ("approximate", P(0) == 0 ? "none" : "tanh"));
                if (P(0) == 0) // 0.5·x·(1 + erf(x/√2))
                    return g.Node("Mul", [g.Node("Mul", [x, C(0.5f)]), g.Node("Add", [C(1), g.Node("Erf", [g.Node("Mul", [x, C((float)(1 / Math.Sqrt(2)))])])])]);
                else // 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
                {
                    string cube = g.Node("Mul", [g.Node("Mul", [x, x]), x]);
                    string inner = g.Node("Mul", [g.Node("Add", [x, g.Node("Mul", [cube, C(0.044715f)])]), C((float)Math.Sqrt(2 / Math.PI))]);
                    return g.Node("Mul", [g.Node("Mul", [x, C(0.5f)]), g.Node("Add", [C(1), g.Node("Tanh", [inner])])]);
                }
            case "softmax": return g.Node("Softmax", [x], ("axis", (long)Axis(a)));
            case "log-softmax": return g.Node("LogSoftmax", [x], ("axis", (long)Axis(a)));
            case "softmin": return g.Node("Softmax", [g.Node("Neg", [x])], ("axis", (long)Axis(a)));
            case "glu":
                {
                    var halves = opset >= 18 ? g.Nodes("Split", [x], 2, ("axis", (long)Axis(a)), ("num_outputs", 2L)) : g.Nodes("Split", [x], 2, ("axis", (long)Axis(a)));
                    return g.Node("Mul", [halves[0], g.Node("Sigmoid", [halves[1]])]);
                }
            case "sparsemax":
                {
                    if (Axis(a) is not (-1 or 1)) throw ActLab.Core.Localization.Texts.Error("model", a.Spec, "error.export.sparsemax", a.Spec);
                    // Sort descending, cumulative sums, the support size k(z), τ = (Σ_{j≤k} z_j − 1)/k, max(x − τ, 0).
                    string sorted = g.Nodes("TopK", [x, g.Longs([width])], 2, ("axis", -1L), ("largest", 1L), ("sorted", 1L))[0];
                    string cum = g.Node("CumSum", [sorted, g.LongScalar(-1)]);
                    string k = g.Floats(g.Fresh("k"), [.. Enumerable.Range(1, width).Select(i => (float)i)], [width]);
                    string support = g.Node("Greater", [g.Node("Add", [C(1), g.Node("Mul", [k, sorted])]), cum]);
                    string kz = g.Node("ReduceSum", [g.Node("Cast", [support], ("to", 1L)), g.Longs([-1])], ("keepdims", 1L));
                    string index = g.Node("Sub", [g.Node("Cast", [kz], ("to", 7L)), g.LongScalar(1)]);
                    string tau = g.Node("Div", [g.Node("Sub", [g.Node("GatherElements", [cum, index], ("axis", -1L)), C(1)]), kz]);
                    return g.Node("Relu", [g.Node("Sub", [x, tau])]);
                }
            case "softmax2d":
                throw ActLab.Core.Localization.Texts.Error("model", a.Spec, "error.export.softmax2dOnnx");
            default:
                throw ActLab.Core.Localization.Texts.Error("model", a.Spec, "error.export.customOnnx", a.Spec);
        }
    }

    private static float EvalSlope(RreluActivation r)
    {
        // The slope RReLU uses when not training, computed as ActLab computes it.
        Span<float> y = stackalloc float[1];
        bool was = r.Training;
        r.Training = false;
        r.Forward([-1f], y, [1, 1]);
        r.Training = was;
        return -y[0];
    }

    // The dim of a vector function (its last parameter), else -1.
    private static int Axis(Activation a) => a.Info.Parameters is [.., { Key: "dim" }] ? (int)a.Values[^1] : -1;

    // The graph under construction, and its protobuf encoding (onnx.proto field numbers; a hand-written encoder).
    private sealed class Graph(int opset)
    {
        private readonly List<byte[]> _nodes = [], _initializers = [];
        private int _next;
        private readonly Dictionary<float, string> _scalars = [];

        public string Fresh(string stem) => $"{stem}_{_next++}";

        public string Node(string op, string[] inputs, params (string Name, object Value)[] attributes) => Node(op, inputs, null, attributes);

        public string Node(string op, string[] inputs, string? output, params (string Name, object Value)[] attributes)
        {
            string y = output ?? Fresh(op.ToLowerInvariant());
            _nodes.Add(NodeProto(op, inputs, [y], attributes));
            return y;
        }

        public string[] Nodes(string op, string[] inputs, int outputs, params (string Name, object Value)[] attributes)
        {
            string[] ys = [.. Enumerable.Range(0, outputs).Select(_ => Fresh(op.ToLowerInvariant()))];
            _nodes.Add(NodeProto(op, inputs, ys, attributes));
            return ys;
        }

        public string Floats(string name, float[] values, int[] dims)
        {
            var raw = new byte[4 * values.Length];
            for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(4 * i), values[i]);
            return Initializer(name, dims, 1, raw); // FLOAT
        }

        public string Scalar(float value)
        {
            if (_scalars.TryGetValue(value, out var name)) return name;
            name = Floats(Fresh("c"), [value], []);
            _scalars[value] = name;
            return name;
        }

        // INT64 constants: a vector, or a scalar when dims is empty.
        public string Longs(long[] values, int[]? dims = null)
        {
            var raw = new byte[8 * values.Length];
            for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(raw.AsSpan(8 * i), values[i]);
            return Initializer(Fresh("i"), dims ?? [values.Length], 7, raw);
        }

        public string LongScalar(long value) => Longs([value], []);

        private string Initializer(string name, int[] dims, int dataType, byte[] raw)
        {
            var t = new Proto();
            foreach (var d in dims) t.Varint(1, d);
            t.Varint(2, dataType);
            t.String(8, name);
            t.Bytes(9, raw);
            _initializers.Add(t.ToArray());
            return name;
        }

        private static byte[] NodeProto(string op, string[] inputs, string[] outputs, (string Name, object Value)[] attributes)
        {
            var n = new Proto();
            foreach (var i in inputs) n.String(1, i);
            foreach (var o in outputs) n.String(2, o);
            n.String(3, $"{op}_{outputs[0]}");
            n.String(4, op);
            foreach (var (name, value) in attributes)
            {
                var a = new Proto();
                a.String(1, name);
                switch (value)
                {
                    case float f: a.Fixed32(2, f); a.Varint(20, 1); break;
                    case long l: a.Varint(3, l); a.Varint(20, 2); break;
                    case string s: a.Bytes(4, Encoding.UTF8.GetBytes(s)); a.Varint(20, 3); break;
                    default: throw new ArgumentException($"attribute {name}: {value.GetType()}");
                }
                n.Message(5, a);
            }
            return n.ToArray();
        }

        private static Proto ValueInfo(string name, int width)
        {
            var shape = new Proto();
            var n = new Proto(); n.String(2, "N"); shape.Message(1, n);
            var d = new Proto(); d.Varint(1, width); shape.Message(1, d);
            var tensor = new Proto(); tensor.Varint(1, 1); tensor.Message(2, shape);
            var type = new Proto(); type.Message(1, tensor);
            var vi = new Proto(); vi.String(1, name); vi.Message(2, type);
            return vi;
        }

        public byte[] Model(string name, int inputs, int outputs, IReadOnlyDictionary<string, string> metadata)
        {
            var graph = new Proto();
            foreach (var n in _nodes) graph.Bytes(1, n);
            graph.String(2, name);
            foreach (var t in _initializers) graph.Bytes(5, t);
            graph.Message(11, ValueInfo("input", inputs));
            graph.Message(12, ValueInfo("output", outputs));
            var model = new Proto();
            model.Varint(1, IrVersion(opset));
            model.String(2, "ActLab");
            model.String(3, RunSchema.ActLabVersion);
            model.Message(7, graph);
            var op = new Proto(); op.String(1, ""); op.Varint(2, opset);
            model.Message(8, op);
            foreach (var (k, v) in metadata)
            {
                var e = new Proto(); e.String(1, k); e.String(2, v);
                model.Message(14, e);
            }
            return model.ToArray();
        }
    }

    // Just enough protobuf: varints, length-delimited fields and fixed32 floats.
    private sealed class Proto
    {
        private readonly MemoryStream _s = new();
        private void Raw(ulong v) { while (v >= 0x80) { _s.WriteByte((byte)(v | 0x80)); v >>= 7; } _s.WriteByte((byte)v); }
        private void Tag(int field, int wire) => Raw((ulong)(field << 3 | wire));
        public void Varint(int field, long v) { Tag(field, 0); Raw((ulong)v); }
        public void Fixed32(int field, float v) { Tag(field, 5); Span<byte> b = stackalloc byte[4]; BitConverter.TryWriteBytes(b, v); _s.Write(b); }
        public void Bytes(int field, byte[] b) { Tag(field, 2); Raw((ulong)b.Length); _s.Write(b); }
        public void String(int field, string s) => Bytes(field, Encoding.UTF8.GetBytes(s));
        public void Message(int field, Proto p) => Bytes(field, p.ToArray());
        public byte[] ToArray() => _s.ToArray();
    }
}
