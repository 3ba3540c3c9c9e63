using System.Globalization;
using ActLab.Core.Tensors;

namespace ActLab.Cli.Output;

/// <summary>Tensors printed the way PyTorch prints small ones: <c>tensor([[ 2.4600,  1.3223], ...])</c>.</summary>
internal static class TensorText
{
    public static string Format(Tensor t, int decimals = 4)
    {
        var cells = t.Data.Select(v => v.ToString("F" + decimals, CultureInfo.InvariantCulture)).ToArray();
        int width = cells.Max(c => c.Length);
        if (t.Shape.Length == 1) return $"tensor([{string.Join(", ", cells.Select(c => c.PadLeft(width)))}])";
        var rows = Enumerable.Range(0, t.Rows).Select(r => "[" + string.Join(", ", cells.Skip(r * t.Cols).Take(t.Cols).Select(c => c.PadLeft(width))) + "]");
        return "tensor([" + string.Join(",\n        ", rows) + "])";
    }

    public static string Bools(IEnumerable<bool> values, int cols)
    {
        var cells = values.Select(b => b ? " True" : "False").ToArray();
        var rows = Enumerable.Range(0, cells.Length / cols).Select(r => "[" + string.Join(", ", cells.Skip(r * cols).Take(cols)) + "]");
        return "tensor([" + string.Join(",\n        ", rows) + "])";
    }
}
