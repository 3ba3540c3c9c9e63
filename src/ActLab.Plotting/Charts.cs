using ActLab.Core.Localization;
using ActLab.Kernels.Catalogue;
using ScottPlot;

namespace ActLab.Plotting;

/// <summary>One line of a chart: its label and points, kept so tests can check the data a picture is drawn from.</summary>
public sealed record Series(string Label, double[] X, double[] Y, bool Dashed = false);

/// <summary>A chart's data and its ScottPlot figure; <see cref="Panels"/> when it is several plots in a grid (then
/// <see cref="Plot"/> is the first).</summary>
public sealed record Chart(Plot Plot, IReadOnlyList<Series> Series)
{
    /// <summary>The panels of a multi-panel chart, or null.</summary>
    public Multiplot? Panels { get; init; }

    /// <summary>Called with the picture's width and height before it is rendered, for charts whose content depends on
    /// the plot area (a decision map's grid fills it exactly, with equal units on both axes).</summary>
    public Action<int, int>? Prepare { get; init; }
}

/// <summary>Charts of activation functions, built only from the kernels' own values.</summary>
public static class Charts
{
    /// <summary>Okabe–Ito's colours that stay distinct for the common kinds of colour blindness, without its yellow
    /// (unreadable as a line on white), plus Paul Tol's wine as the eighth.</summary>
    public static readonly Color[] Palette =
    [
        Color.FromHex("#0072B2"), Color.FromHex("#D55E00"), Color.FromHex("#009E73"), Color.FromHex("#CC79A7"),
        Color.FromHex("#E69F00"), Color.FromHex("#56B4E9"), Color.FromHex("#000000"), Color.FromHex("#882255"),
    ];

    /// <summary>Most points a curve may have.</summary>
    public const int MaxPoints = 1_000_000;

    /// <summary>The x grid from <paramref name="from"/> to <paramref name="to"/> (inclusive, within rounding) by <paramref name="step"/>.</summary>
    public static double[] Grid(double from, double to, double step)
    {
        if (!double.IsFinite(from) || !double.IsFinite(to) || !(from < to)) throw ActLab.Core.Localization.Texts.Error("from", from, "error.plot.range", from, to);
        if (!(step > 0) || !double.IsFinite(step)) throw ActLab.Core.Localization.Texts.Error("step", step, "error.plot.step", step);
        double count = Math.Floor((to - from) / step + 1e-9) + 1;
        if (count < 2) throw ActLab.Core.Localization.Texts.Error("step", null, "error.plot.fewPoints", step, from, to);
        if (count > MaxPoints) throw ActLab.Core.Localization.Texts.Error("step", step, "error.plot.manyPoints", step, count, MaxPoints);
        return [.. Enumerable.Range(0, (int)count).Select(i => from + i * step)];
    }

    /// <summary>f (and f′ if asked) of each activation on the grid, as the kernels compute them.</summary>
    public static IReadOnlyList<Series> FunctionSeries(IReadOnlyList<Activation> activations, double[] xs, bool derivative, Texts? texts = null)
    {
        var x = xs.Select(v => (float)v).ToArray();
        var list = new List<Series>();
        foreach (var a in activations)
        {
            if (a.Info.Kind != ActivationKind.Elementwise)
                throw ActLab.Core.Localization.Texts.Error("spec", a.Spec, "error.plot.vector", a.Spec);
            var y = new float[x.Length];
            a.Forward(x, y);
            string name = texts?.Or($"activation.{a.Info.Key}.name", a.Info.DisplayName) ?? a.Info.DisplayName;
            list.Add(new Series(name + Suffix(a), xs, [.. y.Select(v => (double)v)]));
            if (derivative)
            {
                var d = new float[x.Length];
                a.Backward(x, y, Enumerable.Repeat(1f, x.Length).ToArray(), d);
                list.Add(new Series(name + Suffix(a) + "′", xs, [.. d.Select(v => (double)v)], Dashed: true));
            }
        }
        return list;
    }

    /// <summary>The activation-curve chart: one colour per function (its derivative dashed in the same colour), axes
    /// through the origin; its title and legend in <paramref name="texts"/>' language (English when null).</summary>
    /// <exception cref="ActLab.Kernels.InputException">Korean asked for and no font with Hangul installed (<see cref="PlotFonts"/>).</exception>
    public static Chart Functions(IReadOnlyList<Activation> activations, double from = -5, double to = 5, double step = 0.1, bool derivative = false, string? title = null, Texts? texts = null)
    {
        texts ??= Texts.For(Language.En);
        string font = PlotFonts.For(texts.Language);
        var series = FunctionSeries(activations, Grid(from, to, step), derivative, texts);
        var plot = NewPlot(font);
        plot.Add.HorizontalLine(0, 1, Colors.Gray.WithAlpha(0.7));
        plot.Add.VerticalLine(0, 1, Colors.Gray.WithAlpha(0.7));
        int colour = -1;
        foreach (var s in series)
        {
            if (!s.Dashed) colour++;
            var line = plot.Add.ScatterLine(s.X, s.Y.Select(v => double.IsFinite(v) ? v : double.NaN).ToArray());
            line.Color = Palette[colour % Palette.Length];
            line.LineWidth = 2;
            line.LinePattern = s.Dashed ? LinePattern.Dashed : LinePattern.Solid;
            line.LegendText = s.Label;
        }
        plot.Title(Fit(title ?? texts[derivative ? "plot.functionsWithDerivatives" : "plot.functions"], 72));
        plot.XLabel("x");
        plot.YLabel(derivative ? "f(x), f′(x)" : "f(x)");
        plot.ShowLegend(Edge.Right); // beside the plot: it never covers a curve
        return new Chart(plot, series);
    }

    /// <summary>Softmax probabilities of <paramref name="logits"/> as labelled bars, each with its value printed on top.</summary>
    public static Chart SoftmaxBars(float[] logits, IReadOnlyList<string>? labels = null, string? title = null, Texts? texts = null)
    {
        var t = texts ?? Texts.English;
        if (logits.Length == 0) throw Texts.Error("plot", null, "error.plot.noLogits");
        if (labels is not null && labels.Count != logits.Length)
            throw Texts.Error("labels", null, "error.plot.labelCount", labels.Count, logits.Length);
        var p = new float[logits.Length];
        ActLab.Kernels.Softmax.SoftmaxKernels.Softmax(logits, p);
        var names = labels?.ToArray() ?? [.. Enumerable.Range(0, logits.Length).Select(i => t.Format("chart.softmax.class", i))];
        var plot = NewPlot(PlotFonts.For(t.Language));
        var bars = new List<ScottPlot.Bar>();
        for (int i = 0; i < p.Length; i++)
            bars.Add(new ScottPlot.Bar { Position = i, Value = p[i], FillColor = Palette[i % Palette.Length], Label = p[i].ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) });
        var barPlot = plot.Add.Bars(bars);
        barPlot.ValueLabelStyle.FontSize = 14;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, p.Length).Select(i => (double)i)], names);
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.Title(title ?? $"softmax([{string.Join(", ", logits.Select(v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)))}])");
        plot.YLabel(t["chart.softmax.probability"]);
        plot.Axes.SetLimitsY(0, 1.08); // probabilities on their whole range, room for the value labels
        return new Chart(plot, [new Series("softmax", [.. Enumerable.Range(0, p.Length).Select(i => (double)i)], [.. p.Select(v => (double)v)])]);
    }

    /// <summary>A short name for a model, for titles: "2-16-16-1 tanh MLP" (layer widths, then the hidden activations).</summary>
    public static string ShortName(ActLab.Core.Model.Sequential model, string spec)
    {
        if (spec.Length <= 32) return spec;
        var linears = model.Layers.OfType<ActLab.Core.Model.Linear>().ToList();
        string widths = string.Join("-", linears.Select(l => l.In).Append(linears[^1].Out));
        var acts = model.Layers.Take(model.Layers.Count - 1).OfType<ActLab.Core.Model.ActivationLayer>().Select(a => a.Describe()).Distinct();
        return $"{widths} {string.Join("/", acts)} MLP";
    }

    /// <summary>A log10 axis with a labelled tick at every power of ten (1, 0.1, 0.01; 1e-5 beyond four places) and
    /// minor ticks at 2..9 times each, its limits on whole decades around <paramref name="values"/> (positive ones).</summary>
    public static void LogDecades(Plot plot, IYAxis axis, IEnumerable<double> values)
    {
        var v = values.Where(x => double.IsFinite(x) && x > 0).DefaultIfEmpty(1).ToArray();
        int lo = (int)Math.Floor(Math.Log10(v.Min())), hi = (int)Math.Ceiling(Math.Log10(v.Max()));
        if (hi <= lo) hi = lo + 1;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int k = lo; k <= hi; k++)
        {
            ticks.AddMajor(k, Math.Pow(10, k).ToString(k is >= -4 and <= 5 ? "0.####" : "0e0", System.Globalization.CultureInfo.InvariantCulture));
            if (k < hi) for (int m = 2; m <= 9; m++) ticks.AddMinor(k + Math.Log10(m));
        }
        axis.TickGenerator = ticks;
        plot.Axes.SetLimitsY(lo, hi, axis);
    }

    /// <summary>Integer ticks only on the x axis (epochs, layers): no 1.5th layer.</summary>
    public static void IntegerTicks(IXAxis axis) => axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>A title cut to <paramref name="max"/> characters (an ellipsis in the middle keeps both ends), so it fits
    /// a default-width picture.</summary>
    public static string Fit(string title, int max)
    {
        if (title.Length <= max) return title;
        int head = (max - 1) * 2 / 3, tail = max - 1 - head;
        return title[..head] + "…" + title[^tail..];
    }

    private static Plot NewPlot(string font = PlotFonts.Latin)
    {
        var plot = new Plot();
        plot.Font.Set(font); // the renderer scans /usr/share/fonts (PlotFonts says which package gives which font)
        return plot;
    }

    private static string Suffix(Activation a) => a.Spec == a.Info.Key ? "" : $" ({a.Spec[(a.Spec.IndexOf(':') + 1)..]})";
}
