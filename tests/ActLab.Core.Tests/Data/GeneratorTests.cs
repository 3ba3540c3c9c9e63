using ActLab.Core.Data;
using ActLab.Core.Random;

namespace ActLab.Core.Tests.Data;

public class GeneratorTests
{
    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Golden", name));

    [Fact]
    public void Numpy_stream_writes_the_seed_tutorials_csv_byte_for_byte()
    {
        // Golden file written by seed 000's own function under NumPy 1.24 / pandas 1.5 (tools/reference/gaussians_numpy.py).
        string csv = Generators.ToCsv(Generators.Gaussians(500, 2.0, 42, RandomStream.Numpy));
        Assert.Equal(Golden("binary_data_seed42.csv"), csv);
    }

    [Fact]
    public void Numpy_stream_matches_a_second_case_with_other_parameters()
    {
        string csv = Generators.ToCsv(Generators.Gaussians(7, 1.5, 3, RandomStream.Numpy));
        Assert.Equal(Golden("gaussians_7_1.5_seed3.csv"), csv);
    }

    [Fact]
    public void Mt19937_first_outputs_match_the_reference_for_seed_5489()
    {
        // The published first outputs of MT19937 with init_genrand(5489) (the C++ std::mt19937 default).
        var rs = new NumpyRandomState(5489);
        Assert.Equal(3499211612u, rs.NextUInt32());
        Assert.Equal(581869302u, rs.NextUInt32());
        Assert.Equal(3890346734u, rs.NextUInt32());
    }

    [Fact]
    public void Pcg_stream_is_balanced_shuffled_and_replays_from_its_seed()
    {
        var a = Generators.Gaussians(200, 2.0, 7);
        var b = Generators.Gaussians(200, 2.0, 7);
        var c = Generators.Gaussians(200, 2.0, 8);
        Assert.Equal(Generators.ToCsv(a), Generators.ToCsv(b));
        Assert.NotEqual(Generators.ToCsv(a), Generators.ToCsv(c));
        Assert.Equal(200, a.Labels.Count(l => l == 1));
        Assert.Contains(a.Labels.Take(20), l => l == 0);
        Assert.Contains(a.Labels.Take(20), l => l == 1);
        var ones = a.Rows.Where((_, i) => a.Labels[i] == 1).ToArray();
        Assert.InRange(ones.Average(r => r[0]), 1.8, 2.2);
        Assert.InRange(a.Rows.Where((_, i) => a.Labels[i] == 0).Average(r => r[1]), -0.2, 0.2);
        double var0 = ones.Select(r => r[0]).Select(v => (v - 2) * (v - 2)).Average();
        Assert.InRange(var0, 0.8, 1.25);
    }

    [Theory]
    [InlineData(2.0, "2.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-0.046477315582968304, "-0.046477315582968304")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00009, "9e-05")]
    [InlineData(1.5e-5, "1.5e-05")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.2345e22, "1.2345e+22")]
    public void Python_repr_formatting(double v, string expected) => Assert.Equal(expected, PythonFormat.Repr(v));
}
