using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using ActLab.Cli.Output;
using ActLab.Kernels.Catalogue;

namespace ActLab.Cli.Commands;

internal static class EvalCommand
{
    public static Command Create(Io io)
    {
        var spec = new Argument<string>("spec") { Description = "An activation spec: name or name:key=value,... (e.g. softplus:beta=2)." };
        var xs = new Argument<string[]>("x") { Description = "Input values (negative numbers are fine; inf, -inf and nan are accepted).", Arity = ArgumentArity.ZeroOrMore };
        var grad = new Option<bool>("--grad") { Description = "Also print dy/dx with upstream gradient 1 (elementwise), or the Jacobian dy_i/dx_j (vector functions of up to 16 values; longer ones need --jacobian)." };
        var jacobian = new Option<bool>("--jacobian") { Description = $"Print the Jacobian of a vector function of any length (at most {MaxJacobian:N0} entries)." };
        var input = new Option<FileInfo?>("--input") { Description = "Read more input values from a file: numbers separated by spaces, commas or new lines." };
        var shape = new Option<string?>("--shape") { Description = "Row-major shape of the input for vector functions, e.g. 2,3 (default: one row)." };
        var digits = new Option<int>("--digits") { Description = "Decimals to print; values too small for them, or of 1e7 and above, print as 1.652E+38 (0 = every digit, the shortest text that reads back as the same float).", DefaultValueFactory = _ => 4 };
        var json = new Option<bool>("--json") { Description = "Print x, y and the derivative as JSON with full float precision." };
        var cmd = new Command("eval", "Evaluate an activation (and its derivative) at the given inputs.\n\n" +
                                      "Examples:\n  actlab eval sigmoid -1 0 1\n  actlab eval relu -1 2 -3 4 -5 6 --grad\n" +
                                      "  actlab eval leaky-relu:negative-slope=0.1 -2 3\n  actlab eval softmax 2 1 0.1 --grad\n" +
                                      "  actlab eval softmax:dim=0 1 2 3 4 --shape 2,2\n  actlab eval gelu --input values.txt --json")
        { spec, xs, grad, jacobian, input, shape, digits, json };
        cmd.SetAction(pr =>
        {
            var act = Catalogue.Resolve(pr.GetValue(spec)!);
            int d = pr.GetValue(digits);
            if (d is < 0 or > 9) throw UsageException.Of("error.eval.digits", d);
            var values = ParseArguments(pr.GetValue(xs) ?? []);
            if (pr.GetValue(input) is { } file) values.AddRange(ReadFile(file));
            if (values.Count == 0) throw UsageException.Of("error.eval.noValues");
            var x = values.ToArray();
            int[] shp = ParseShape(pr.GetValue(shape), x.Length, act);
            return act.Info.Kind == ActivationKind.Elementwise
                ? Elementwise(io, act, x, pr.GetValue(grad), pr.GetValue(json), d)
                : Vector(io, act, x, shp, pr.GetValue(grad), pr.GetValue(jacobian), pr.GetValue(json), d);
        });
        return cmd;
    }

    private static int Elementwise(Io io, Activation act, float[] x, bool grad, bool json, int digits)
    {
        var y = new float[x.Length];
        act.Forward(x, y);
        float[]? dydx = null;
        if (grad || json)
        {
            dydx = new float[x.Length];
            act.Backward(x, y, Enumerable.Repeat(1f, x.Length).ToArray(), dydx);
        }
        if (json)
        {
            var o = new JsonObject { ["spec"] = act.Spec, ["x"] = Json.Array(x), ["y"] = Json.Array(y), ["dydx"] = Json.Array(dydx!) };
            Json.NoteNonFinite(o, ("x", x), ("y", y), ("dydx", dydx!));
            Json.Write(io, o);
            return Cli.Ok;
        }
        if (!grad) { io.Out.WriteLine(string.Join(" ", y.Select(v => Format.Number(v, digits)))); return Cli.Ok; }
        WriteAligned(io, [["x", .. x.Select(v => Format.Number(v, digits))], ["y", .. y.Select(v => Format.Number(v, digits))], ["dy/dx", .. dydx!.Select(v => Format.Number(v, digits))]]);
        return Cli.Ok;
    }

    /// <summary>The most Jacobian entries eval computes (4 MB of floats): 6,000 values would otherwise need 36 million.</summary>
    public const long MaxJacobian = 1_000_000;
    /// <summary>Vector length up to which --grad prints the Jacobian without --jacobian.</summary>
    public const int ShortVector = 16;

    private static int Vector(Io io, Activation act, float[] x, int[] shape, bool grad, bool wantJacobian, bool json, int digits)
    {
        int[] outShape = act.OutputShape(shape);
        int m = outShape.Aggregate(1, (a, b) => a * b);
        var y = new float[m];
        act.Forward(x, y, shape);
        bool jacobianWanted = wantJacobian || grad && m <= ShortVector && x.Length <= ShortVector;
        if (grad && !jacobianWanted)
            throw UsageException.Of("error.eval.jacobianLarge", m, x.Length, MaxJacobian);
        if (jacobianWanted && (long)m * x.Length > MaxJacobian)
            throw UsageException.Of("error.eval.jacobianLimit", m, x.Length, (long)m * x.Length, MaxJacobian);
        float[][]? jac = jacobianWanted ? Jacobian(act, x, y, shape) : null;
        if (json)
        {
            var o = new JsonObject
            {
                ["spec"] = act.Spec, ["shape"] = new JsonArray([.. shape.Select(s => (JsonNode?)s)]), ["outputShape"] = new JsonArray([.. outShape.Select(s => (JsonNode?)s)]),
                ["x"] = Json.Array(x), ["y"] = Json.Array(y),
            };
            if (jac is not null) o["jacobian"] = new JsonArray([.. jac.Select(r => (JsonNode?)Json.Array(r))]);
            Json.NoteNonFinite(o, ("x", x), ("y", y));
            Json.Write(io, o);
            return Cli.Ok;
        }
        int row = outShape.Length == 0 ? m : outShape[^1];
        for (int r = 0; r < m; r += Math.Max(row, 1))
            io.Out.WriteLine(string.Join(" ", y.Skip(r).Take(row).Select(v => Format.Number(v, digits))));
        if (jac is not null)
        {
            io.Out.WriteLine();
            io.Out.WriteLine(io.Texts["eval.jacobian"]);
            WriteAligned(io, [.. jac!.Select(r => r.Select(v => Format.Number(v, digits)).ToArray())], labelled: false);
        }
        return Cli.Ok;
    }

    // Row i is the backward of the unit upstream gradient e_i: the vector-Jacobian product gives one Jacobian row.
    private static float[][] Jacobian(Activation act, float[] x, float[] y, int[] shape)
    {
        var rows = new float[y.Length][];
        var dy = new float[y.Length];
        for (int i = 0; i < y.Length; i++)
        {
            Array.Clear(dy);
            dy[i] = 1f;
            rows[i] = new float[x.Length];
            act.Backward(x, y, dy, rows[i], shape);
        }
        return rows;
    }

    private static void WriteAligned(Io io, string[][] rows, bool labelled = true)
    {
        int cols = rows.Max(r => r.Length);
        var widths = Enumerable.Range(0, cols).Select(c => rows.Max(r => c < r.Length ? r[c].Length : 0)).ToArray();
        foreach (var r in rows)
            io.Out.WriteLine(string.Join("  ", r.Select((s, c) => c == 0 && labelled ? s.PadRight(widths[c]) : s.PadLeft(widths[c]))).TrimEnd());
    }

    private static List<float> ParseArguments(string[] tokens)
    {
        var list = new List<float>();
        for (int i = 0; i < tokens.Length; i++)
        {
            string t = tokens[i];
            if (TryParse(t, out float v)) { list.Add(v); continue; }
            if (t.StartsWith("--", StringComparison.Ordinal))
                throw UsageException.Of("error.eval.unknownOption", t);
            throw UsageException.Of("error.eval.notNumber", i + 1, t);
        }
        return list;
    }

    private static IEnumerable<float> ReadFile(FileInfo file)
    {
        if (!file.Exists) throw UsageException.Of("error.eval.noFile", file.FullName);
        var list = new List<float>();
        string[] lines;
        try { lines = ActLab.Core.Data.TextFiles.ReadAll(file.FullName, 256L << 20).Split('\n'); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw UsageException.Of("error.eval.cannotRead", file.FullName, e.Message); }
        catch (ActLab.Core.Data.DataException e) { throw UsageException.Of("error.eval.input", UsageException.Nested(e)); }
        for (int l = 0; l < lines.Length; l++)
        {
            string line = lines[l];
            int col = 0;
            while (col < line.Length)
            {
                while (col < line.Length && (char.IsWhiteSpace(line[col]) || line[col] == ',' || line[col] == ';')) col++;
                int start = col;
                while (col < line.Length && !(char.IsWhiteSpace(line[col]) || line[col] == ',' || line[col] == ';')) col++;
                if (col == start) continue;
                string token = line[start..col];
                if (!TryParse(token, out float v))
                    throw UsageException.Of("error.eval.fileNotNumber", file.Name, l + 1, start + 1, token);
                list.Add(v);
            }
        }
        return list;
    }

    private static bool TryParse(string t, out float v)
    {
        switch (t.ToLowerInvariant())
        {
            case "nan": v = float.NaN; return true;
            case "inf" or "+inf" or "infinity": v = float.PositiveInfinity; return true;
            case "-inf" or "-infinity": v = float.NegativeInfinity; return true;
        }
        return float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out v);
    }

    private static int[] ParseShape(string? text, int count, Activation act)
    {
        if (text is null) return act.Info.Key == "softmax2d" ? throw UsageException.Of("error.eval.softmax2dShape") : [count];
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var shape = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]) || shape[i] <= 0)
                throw UsageException.Of("error.eval.shapeDim", text, i + 1, parts[i]);
        long total = shape.Aggregate(1L, (a, b) => a * b);
        if (total != count) throw UsageException.Of("error.eval.shapeCount", text, total, count);
        return shape;
    }
}
