using System.Buffers.Binary;
using System.Xml.Linq;
using ActLab.Kernels.Catalogue;

namespace ActLab.Plotting.Tests;

/// <summary>Assertions on the data a chart is drawn from and on the files' structure, never on pixels.</summary>
public class ChartTests
{
    private static string Temp(string name) => Path.Combine(Directory.CreateTempSubdirectory("actlab-plot-").FullName, name);

    [Fact]
    public void Function_series_are_the_catalogues_values_and_derivatives()
    {
        var acts = new[] { Catalogue.Resolve("sigmoid"), Catalogue.Resolve("leaky-relu:negative-slope=0.1") };
        var chart = Charts.Functions(acts, -5, 5, 0.1, derivative: true);
        Assert.Equal(["Sigmoid", "Sigmoid′", "Leaky ReLU (negative-slope=0.1)", "Leaky ReLU (negative-slope=0.1)′"], chart.Series.Select(s => s.Label));
        var sig = chart.Series[0];
        Assert.Equal(101, sig.X.Length);
        Assert.Equal(-5, sig.X[0], 12);
        Assert.Equal(5, sig.X[^1], 9);
        for (int i = 0; i < sig.X.Length; i++)
        {
            Assert.Equal(acts[0].Evaluate((float)sig.X[i]), (float)sig.Y[i]);
            Assert.Equal(acts[0].Derivative((float)sig.X[i]), (float)chart.Series[1].Y[i]);
        }
        Assert.Equal(0.25, chart.Series[1].Y.Max(), 6); // sigmoid's maximum slope, visible on the chart
        Assert.True(chart.Series[1].Dashed);
    }

    [Fact]
    public void Svg_parses_and_names_every_series()
    {
        string path = Temp("c.svg");
        ChartFile.Save(Charts.Functions([Catalogue.Resolve("tanh"), Catalogue.Resolve("relu")], derivative: true), path, 800, 500);
        var svg = XDocument.Load(path);
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("800", svg.Root!.Attribute("width")!.Value);
        var texts = svg.Descendants(ns + "text").Select(t => t.Value.Trim()).ToList();
        Assert.Contains("Tanh", texts);
        Assert.Contains("Tanh′", texts);
        Assert.Contains("ReLU", texts);
        Assert.Contains("Activation functions and their derivatives (dashed)", texts);
        Assert.Contains(svg.Descendants(ns + "path"), p => p.Attribute("stroke")?.Value == "#0072B2");
    }

    [Fact]
    public void Png_has_the_requested_size()
    {
        string path = Temp("c.png");
        ChartFile.Save(Charts.SoftmaxBars([2f, 1f, 0.1f], ["Class A", "Class B", "Class C"]), path, 640, 480);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        Assert.Equal(640, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(480, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    [Fact]
    public void Softmax_bars_hold_the_probabilities_and_their_labels()
    {
        var chart = Charts.SoftmaxBars([2f, 1f, 0.1f], ["dog", "cat", "rabbit"]);
        Assert.Equal([0.659, 0.2424, 0.0986], chart.Series[0].Y.Select(v => Math.Round(v, 4)));
        string path = Temp("s.svg");
        ChartFile.Save(chart, path, 600, 400);
        var texts = XDocument.Load(path).Descendants(XName.Get("text", "http://www.w3.org/2000/svg")).Select(t => t.Value.Trim()).ToList();
        Assert.Contains("rabbit", texts);
        Assert.Contains("0.659", texts);
    }

    [Theory]
    [InlineData(1, 0, 0.1, "The start must be less than the end")]
    [InlineData(0, 1, 0, "The step must be a positive number")]
    [InlineData(0, 1, 2, "fewer than 2 points")]
    [InlineData(0, 1e7, 1, "at most 1,000,000")]
    public void Bad_ranges_are_refused(double from, double to, double step, string message) =>
        Assert.Contains(message, Assert.Throws<ActLab.Kernels.InputException>(() => Charts.Grid(from, to, step)).Message);

    [Fact]
    public void Unknown_picture_types_and_vector_functions_are_refused()
    {
        Assert.Contains("use .png or .svg", Assert.Throws<ActLab.Kernels.InputException>(() => ChartFile.Validate("a.jpg", 800, 600)).Message);
        Assert.Contains("plot softmax", Assert.Throws<ActLab.Kernels.InputException>(() => Charts.Functions([Catalogue.Resolve("softmax")])).Message);
        Assert.Contains("3 labels for 2 logits", Assert.Throws<ActLab.Kernels.InputException>(() => Charts.SoftmaxBars([1f, 2f], ["a", "b", "c"])).Message);
    }
}

/// <summary>An activation registered by the application is drawn and built like a built-in one.</summary>
public class RegisteredActivationTests
{
    [Fact]
    public void A_registered_activation_plots_and_builds_into_a_model()
    {
        var relu = Catalogue.Get("relu");
        Catalogue.Register(relu with
        {
            Key = "plot-test-softsign2", DisplayName = "Softsign²", Aliases = [], Origin = Origin.User, Parameters = [],
            Factory = _ => Activation.FromFunctions(x => x / (1 + x * x), (x, _) => (1 - x * x) / ((1 + x * x) * (1 + x * x))),
        });
        var a = Catalogue.Resolve("plot-test-softsign2");
        var chart = Charts.Functions([a], derivative: true);
        var f = Assert.Single(chart.Series, s => s.Label == "Softsign²");
        Assert.Equal(0.5, f.Y[Array.FindIndex(f.X, x => Math.Abs(x - 1) < 1e-9)], 1e-6);
        Assert.Contains(chart.Series, s => s.Label == "Softsign²′" && s.Dashed);
        var model = ActLab.Core.Model.ModelDefinition.Parse("linear(2,4) plot-test-softsign2 linear(4,1)").Build(0);
        Assert.Equal("linear(2,4) plot-test-softsign2 linear(4,1)", model.Describe());
    }
}
