using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ActLab.Benchmarks;

/// <summary>PyTorch's kernels measured in the same run (tools/reference/torch_kernels.py under Debian's
/// /usr/bin/python3 with python3-torch), and libtorch's figures on record.</summary>
internal sealed class TorchReference
{
    /// <summary>libtorch 2.10 through TorchSharp 0.107, one thread, 1M floats, ns per element (forward, backward):
    /// the table of issue 11, measured on the AMD Zen 5 machine kind of ../shared/reference/DOTNET.md.</summary>
    public static readonly Dictionary<string, (double, double)> Libtorch = new()
    {
        ["gelu"] = (0.221, 0.582),
        ["gelu:approximate=tanh"] = (1.394, 1.460),
        ["silu"] = (0.248, 0.334),
        ["sigmoid"] = (0.240, 0.150),
        ["tanh"] = (2.493, 0.149),
        ["elu"] = (0.989, 0.350),
        ["softplus"] = (1.240, 0.334),
        ["relu"] = (0.046, 0.150),
        ["leaky-relu"] = (0.071, 0.152),
        ["exponential"] = (0.728, 0.149),
        ["softmax"] = (0.517, 0.142),
        ["log-softmax"] = (0.492, 0.291),
    };

    private readonly Dictionary<string, (double Forward, double? Backward)> _rows;

    private TorchReference(Dictionary<string, (double, double?)> rows, string about) => (_rows, About) = (rows, about);

    /// <summary>"PyTorch 1.13.0, one thread" or similar.</summary>
    public string About { get; }

    /// <summary>PyTorch's Span.CopyTo equivalent (Tensor.copy_), ns per element.</summary>
    public double? Copy => _rows.TryGetValue("copy", out var c) ? c.Forward : null;

    public (double Forward, double? Backward)? Get(string spec) => _rows.TryGetValue(spec, out var r) ? r : null;

    /// <summary>Runs the script; null (with a note on stderr) when Python or torch is missing or the script fails.</summary>
    public static TorchReference? Measure(string repoRoot)
    {
        const string python = "/usr/bin/python3";
        string script = Path.Combine(repoRoot, "tools", "reference", "torch_kernels.py");
        if (!File.Exists(python) || !File.Exists(script)) return null;
        string output = Path.Combine(Path.GetTempPath(), $"actlab-torch-kernels-{Environment.ProcessId}.json");
        try
        {
            Console.WriteLine("== PyTorch's kernels (tools/reference/torch_kernels.py)");
            var psi = new ProcessStartInfo(python) { RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(output);
            psi.Environment["OMP_NUM_THREADS"] = "1";
            using var p = Process.Start(psi)!;
            string err = p.StandardError.ReadToEnd();
            if (!p.WaitForExit(TimeSpan.FromMinutes(10)) || p.ExitCode != 0)
            {
                Console.Error.WriteLine($"PyTorch columns left empty: the script failed ({err.Split('\n').LastOrDefault(l => l.Length > 0)})");
                return null;
            }
            using var doc = JsonDocument.Parse(File.ReadAllText(output));
            var rows = new Dictionary<string, (double, double?)>();
            string about = "PyTorch";
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "_about")
                {
                    about = string.Create(CultureInfo.InvariantCulture, $"PyTorch {prop.Value.GetProperty("torch").GetString()}, {prop.Value.GetProperty("threads").GetInt32()} thread");
                    continue;
                }
                var b = prop.Value.GetProperty("backward");
                rows[prop.Name] = (prop.Value.GetProperty("forward").GetDouble(), b.ValueKind == JsonValueKind.Null ? null : b.GetDouble());
            }
            return new TorchReference(rows, about);
        }
        finally { File.Delete(output); }
    }
}
