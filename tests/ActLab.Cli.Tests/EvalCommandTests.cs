using System.Globalization;
using System.Text.Json;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

public class EvalCommandTests
{
    [Fact]
    public void Sigmoid_prints_the_tutorial_values()
    {
        var r = Run("eval", "sigmoid", "-1", "0", "1");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("0.2689 0.5 0.7311", r.Out.Trim());
        Assert.Equal("", r.Err);
    }

    [Fact]
    public void Grad_adds_x_and_the_derivative_rows()
    {
        var lines = Run("eval", "sigmoid", "-1", "0", "1", "--grad").OutLines;
        Assert.Equal(3, lines.Length);
        Assert.Equal(["x", "-1", "0", "1"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["dy/dx", "0.1966", "0.25", "0.1966"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Huge_and_tiny_values_print_in_exponent_form_not_as_forty_digits()
    {
        // e^88 = 1.6516363e38 used to print as its exact 39-digit decimal expansion, digits a float does not hold.
        var lines = Run("eval", "exponential", "-100", "1", "16.2", "88", "--grad").OutLines;
        Assert.Equal(["y", "3.784E-44", "2.7183", "1.085E+7", "1.652E+38"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("1.652E+38 9999999", Run("eval", "identity", "1.6516363e38", "9999999").Out.Trim());
    }

    [Fact]
    public void Relu_of_the_tutorial_tensor_and_its_kink_gradient()
    {
        var lines = Run("eval", "relu", "-1", "2", "-3", "4", "-5", "6", "0", "--grad").OutLines;
        Assert.Equal(["y", "0", "2", "0", "4", "0", "6", "0"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["dy/dx", "0", "1", "0", "1", "0", "1", "0"], lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Softmax_grad_prints_a_jacobian_whose_columns_sum_to_zero()
    {
        var r = Run("eval", "softmax", "2", "1", "0.1", "--grad", "--json");
        using var doc = JsonDocument.Parse(r.Out);
        var jac = doc.RootElement.GetProperty("jacobian").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
        Assert.Equal(3, jac.Length);
        for (int j = 0; j < 3; j++) Assert.Equal(0, jac.Sum(row => row[j]), 1e-6);
        Assert.Equal(0.659, doc.RootElement.GetProperty("y")[0].GetDouble(), 1e-3);
        Assert.Contains("Jacobian", Run("eval", "softmax", "2", "1", "0.1", "--grad").Out);
    }

    [Fact]
    public void Shape_and_dim_select_the_axis()
    {
        var r = Run("eval", "softmax:dim=0", "1", "2", "1", "2", "--shape", "2,2");
        Assert.Equal(["0.5 0.5", "0.5 0.5"], r.OutLines);
        var glu = Run("eval", "glu", "1", "2", "0", "0");
        Assert.Equal("0.5 1", glu.Out.Trim());
    }

    [Fact]
    public void Json_has_full_precision_and_non_finite_values_as_null_with_the_reason_beside_them()
    {
        var r = Run("eval", "exponential", "1", "100", "nan", "--json");
        using var doc = JsonDocument.Parse(r.Out);
        var y = doc.RootElement.GetProperty("y");
        Assert.Equal(MathF.E, y[0].GetSingle());
        Assert.Equal(JsonValueKind.Null, y[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, y[2].ValueKind);
        var why = doc.RootElement.GetProperty("nonFinite").GetProperty("y");
        Assert.Equal("Infinity", why.GetProperty("1").GetString());
        Assert.Equal("NaN", why.GetProperty("2").GetString());
        Assert.Equal("NaN", doc.RootElement.GetProperty("nonFinite").GetProperty("x").GetProperty("2").GetString());
        Assert.Equal("exponential", doc.RootElement.GetProperty("spec").GetString());
    }

    [Fact]
    public void Digits_zero_prints_the_round_trip_form()
    {
        var text = Run("eval", "sigmoid", "1", "--digits", "0").Out.Trim();
        Assert.Equal(ActLab.Kernels.Catalogue.Catalogue.Resolve("sigmoid").Evaluate(1f), float.Parse(text, CultureInfo.InvariantCulture));
        Assert.True(text.Length > 6);
    }

    [Fact]
    public void Input_file_values_are_read_and_a_bad_token_names_file_line_and_column()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string good = Path.Combine(dir, "x.txt");
        File.WriteAllText(good, "-1, 0\n1\n");
        Assert.Equal("0.2689 0.5 0.7311", Run("eval", "sigmoid", "--input", good).Out.Trim());
        string bad = Path.Combine(dir, "bad.txt");
        File.WriteAllText(bad, "1 2\n3 x4 5\n");
        var r = Run("eval", "sigmoid", "--input", bad);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("actlab: error: bad.txt:2:3: 'x4' is not a number.", r.Err.Trim());
    }

    [Theory]
    [InlineData(new[] { "eval", "relu7", "1" }, "Unknown activation 'relu7'")]
    [InlineData(new[] { "eval", "sigmoid", "abc" }, "input value 1 'abc' is not a number")]
    [InlineData(new[] { "eval", "sigmoid", "1", "--bogus" }, "unknown option '--bogus'")]
    [InlineData(new[] { "eval", "sigmoid" }, "no input values")]
    [InlineData(new[] { "eval", "softmax", "1", "2", "3", "--shape", "2,2" }, "--shape 2,2 holds 4 values but 3 were given")]
    [InlineData(new[] { "eval", "softmax", "1", "2", "--shape", "2,x" }, "dimension 2 'x' is not a positive whole number")]
    [InlineData(new[] { "eval", "glu", "1", "2", "3" }, "odd")]
    [InlineData(new[] { "eval", "softmax2d", "1", "2" }, "softmax2d needs --shape")]
    [InlineData(new[] { "eval", "sigmoid", "1", "--digits", "12" }, "--digits must be 0..9")]
    [InlineData(new[] { "eval", "sigmoid", "--input", "/no/such/file.txt" }, "no such file")]
    [InlineData(new[] { "eval", "threshold", "1" }, "'threshold' needs a value for 'threshold'")]
    [InlineData(new[] { "eval", "softshrink:lambd=-1", "1" }, "must be ≥ 0; got -1")]
    [InlineData(new[] { "evalx", "x" }, "Unrecognized command or argument 'evalx'. Commands: list, describe, eval, ")]
    [InlineData(new[] { "list", "--origin", "keras" }, "keras")]
    public void Bad_usage_is_one_line_on_stderr_with_exit_code_2(string[] args, string expected)
    {
        var r = Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Out);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("actlab: error: ", lines[0]);
        Assert.Contains(expected, lines[0]);
        Assert.DoesNotContain("   at ", r.Err);
    }
}
