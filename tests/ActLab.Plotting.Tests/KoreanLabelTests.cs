using System.Text.RegularExpressions;
using ActLab.Core.Localization;
using ActLab.Kernels.Catalogue;

namespace ActLab.Plotting.Tests;

[CollectionDefinition("fonts", DisableParallelization = true)]
public sealed class FontsCollection;

/// <remarks>Run alone: one run of the whole suite saw the Korean SVG test fail while other plotting tests rendered in
/// parallel (not reproduced in ten runs since; the font lookup is now done once). Font lookups go through SkiaSharp's
/// shared font manager, so these tests keep out of the way of the others.</remarks>
[Collection("fonts")]
public class KoreanLabelTests
{
    private static readonly Texts Ko = Texts.For(Language.Ko);

    [Fact]
    public void A_korean_svg_holds_the_hangul_text_and_names_a_hangul_font()
    {
        var chart = Charts.Functions([Catalogue.Resolve("sigmoid"), Catalogue.Resolve("relu")], derivative: true, texts: Ko);
        string svg = chart.Plot.GetSvgXml(700, 400);
        // Skia's raw SVG places each glyph, and its spaces come out as U+0001 or not at all (ChartFile.Save turns the
        // former into spaces; see the next test): compare without them.
        Assert.Contains("활성화함수와도함수(점선)", svg);
        Assert.Contains("시그모이드", svg);
        Assert.Contains("렐루′", svg);
        var families = Regex.Matches(svg, "font-family=\"([^\"]+)\"").Select(m => m.Groups[1].Value).Distinct().ToList();
        string hangul = PlotFonts.For(Language.Ko);
        Assert.True(families.All(f => f.StartsWith(hangul, StringComparison.Ordinal)), $"expected {hangul}; the SVG names {string.Join(" | ", families)}");
    }

    [Fact]
    public void A_korean_svg_file_is_well_formed_xml_with_its_spaces()
    {
        // Skia writes NanumGothic's space as U+0001, which no XML parser accepts; ChartFile.Save writes it as a space.
        var chart = Charts.Functions([Catalogue.Resolve("tanh")], texts: Ko);
        Assert.Contains('\u0001', chart.Plot.GetSvgXml(700, 400));          // the defect this guards against, still there
        string path = Path.Combine(Directory.CreateTempSubdirectory("actlab-svg-").FullName, "k.svg");
        ChartFile.Save(chart, path, 700, 400);
        var texts = System.Xml.Linq.XDocument.Load(path).Descendants(System.Xml.Linq.XName.Get("text", "http://www.w3.org/2000/svg"))
            .Select(t => t.Value.Trim()).ToList();
        Assert.Contains(Ko["plot.functions"], texts);                     // "활성화 함수", its space intact
        Assert.Contains(' ', Ko["plot.functions"]);
    }

    [Fact]
    public void Every_label_of_a_korean_png_has_glyphs_in_its_font()
    {
        // The font's coverage of each label string: no missing-glyph boxes in the rendered PNG.
        var chart = Charts.Functions([.. new[] { "binary-step", "sign", "sigmoid", "tanh", "relu", "leaky-relu", "prelu", "elu", "gelu" }.Select(Catalogue.Resolve)], derivative: true, texts: Ko);
        string font = PlotFonts.For(Language.Ko);
        var labels = chart.Series.Select(s => s.Label).Append(Ko["plot.functionsWithDerivatives"]).ToList();
        Assert.Contains(labels, l => l.Contains("하이퍼볼릭 탄젠트"));
        foreach (var label in labels) Assert.True(PlotFonts.Covers(font, label), $"{font} lacks a glyph of '{label}'.");
        // The check can fail: the Latin font has no Hangul.
        Assert.False(PlotFonts.Covers(PlotFonts.Latin, "시그모이드"));
        var png = chart.Plot.GetImageBytes(700, 400, ScottPlot.ImageFormat.Png);
        Assert.True(png.Length > 1000);
    }

    [Fact]
    public void Every_korean_picture_text_has_glyphs_in_the_hangul_font()
    {
        // Titles, axes and legends of every chart (compare curves and profiles, histograms, softmax bars, learning
        // curves, decision maps, predicted-against-actual): the font covers each text with its holes left out.
        string font = PlotFonts.For(Language.Ko);
        var keys = Ko.Keys.Where(k => k.StartsWith("chart.", StringComparison.Ordinal) || k.StartsWith("plot.functions", StringComparison.Ordinal)).ToList();
        Assert.True(keys.Count >= 30, $"only {keys.Count} picture texts");
        foreach (var key in keys)
        {
            string text = Regex.Replace(Ko[key], @"\{\d+[^}]*\}", "");
            Assert.True(PlotFonts.Covers(font, text), $"{font} lacks a glyph of {key} '{text}'.");
        }
    }

    [Fact]
    public void Korean_compare_histogram_and_softmax_charts_are_worded_in_korean()
    {
        var sweep = ActLab.Core.Analysis.Comparison.Run(new ActLab.Core.Analysis.CompareSettings
        {
            Activations = ["tanh", "relu"], Datasets = ["xor"], Depth = 2, Width = 4, Seeds = 1, Epochs = 2, Samples = 60, Parallelism = 1,
        });
        string hangul = PlotFonts.For(Language.Ko);
        void Korean(ScottPlot.Plot plot, params string[] texts)
        {
            string svg = plot.GetSvgXml(800, 500);
            foreach (var t in texts) Assert.Contains(t.Replace(" ", ""), svg);
            Assert.Contains($"font-family=\"{hangul}", svg);
        }
        Korean(CompareCharts.Curves("xor", sweep.Runs, Ko).Plot, "xor:학습손실(시드평균)", "에포크", "학습손실(로그눈금)");
        Korean(CompareCharts.Profiles("xor", sweep.Rows, Ko).Plot, "초기화시점은닉층별기울기크기", "은닉층(1=입력에가장가까운층)");
        Korean(Charts.SoftmaxBars([2f, 1f, 0.1f], texts: Ko).Plot, "확률", "클래스0");
        var histograms = CompareCharts.Histograms(sweep.Runs[0], texts: Ko);
        Assert.StartsWith("층 0: ", histograms.Series[0].Label);
        Korean(histograms.Plot, "학습후은닉층별활성화값", "비율");
        // English stays the default, word for word.
        Assert.Contains("training loss (mean over seeds)", CompareCharts.Curves("xor", sweep.Runs).Plot.GetSvgXml(800, 500));
    }

    [Fact]
    public void Without_a_hangul_font_korean_fails_with_the_package_to_install()
    {
        Assert.Null(PlotFonts.FindHangul(["No Such Font", PlotFonts.Latin]));
        var e = Assert.ThrowsAny<ActLab.Kernels.InputException>(() => PlotFonts.For(Language.Ko, ["No Such Font"]));
        Assert.Contains("install Debian's fonts-nanum (apt-get install -y fonts-nanum)", e.Message);
        Assert.Equal(PlotFonts.Latin, PlotFonts.For(Language.En, ["No Such Font"]));
    }

    [Fact]
    public void English_labels_are_unchanged()
    {
        var chart = Charts.Functions([Catalogue.Resolve("sigmoid")]);
        Assert.Equal("Sigmoid", chart.Series[0].Label);
        Assert.Contains("Activation functions", chart.Plot.GetSvgXml(600, 400));
    }
}
