using ActLab.Kernels.Catalogue;

namespace ActLab.Cli.Output;

/// <summary>A small text picture of f and f′ on [−5, 5], drawn from the kernel's own values.</summary>
internal static class Sketch
{
    private const int Width = 61, Height = 13;
    private const float From = -5f, To = 5f;

    public static IEnumerable<string> Lines(Activation act)
    {
        if (act.Info.Kind != ActivationKind.Elementwise)
        {
            foreach (var l in VectorExample(act)) yield return l;
            yield break;
        }
        var xs = Enumerable.Range(0, Width).Select(i => From + (To - From) * i / (Width - 1)).ToArray();
        var y = new float[Width];
        var d = new float[Width];
        act.Forward(xs, y);
        act.Backward(xs, y, Enumerable.Repeat(1f, Width).ToArray(), d);
        foreach (var l in Plot($"f(x) = {act.Spec}(x)", xs, y)) yield return l;
        yield return "";
        foreach (var l in Plot($"f'(x)", xs, d)) yield return l;
    }

    private static IEnumerable<string> Plot(string title, float[] xs, float[] ys)
    {
        var finite = ys.Where(float.IsFinite).ToArray();
        if (finite.Length == 0) { yield return $"{title}: no finite values on [{From}, {To}]"; yield break; }
        float lo = Math.Min(finite.Min(), 0f), hi = Math.Max(finite.Max(), 0f);
        if (hi - lo < 1e-6f) { hi += 0.5f; lo -= 0.5f; }
        var grid = new char[Height, Width];
        for (int r = 0; r < Height; r++) for (int c = 0; c < Width; c++) grid[r, c] = ' ';
        int Row(float v) => (int)Math.Round((hi - v) / (hi - lo) * (Height - 1));
        int zeroRow = Row(0f), zeroCol = (Width - 1) / 2;
        for (int c = 0; c < Width; c++) grid[zeroRow, c] = '─';
        for (int r = 0; r < Height; r++) grid[r, zeroCol] = r == zeroRow ? '┼' : '│';
        for (int c = 0; c < Width; c++) if (float.IsFinite(ys[c])) grid[Row(ys[c]), c] = '•';
        yield return title;
        for (int r = 0; r < Height; r++)
        {
            string label = r == 0 ? Format.Number(hi, 3) : r == Height - 1 ? Format.Number(lo, 3) : "";
            yield return $"{label,8} {new string(Enumerable.Range(0, Width).Select(c => grid[r, c]).ToArray())}";
        }
        yield return $"{"",8} {From,-6}{"0",(Width / 2) - 5}{To,(Width / 2) + 1}";
    }

    private static IEnumerable<string> VectorExample(Activation act)
    {
        float[] x = act.Info.Key == "glu" ? [1f, 2f, 0f, -1f] : [2f, 1f, 0.1f];
        int[] shape = act.Info.Key == "softmax2d" ? [3, 1, 1] : [x.Length];
        var y = new float[act.Info.Key == "glu" ? 2 : 3];
        act.Forward(x, y, shape);
        yield return $"example: {act.Spec}([{string.Join(", ", x.Select(v => Format.Number(v, 4)))}]) = [{string.Join(", ", y.Select(v => Format.Number(v, 4)))}]";
        yield return "(a vector function: see 'actlab eval' with --shape for any layout, and --grad for its Jacobian)";
    }
}
