using Microsoft.Playwright;

namespace ActLab.Browser.Tests;

/// <summary>Debian's chromium, headless, through Playwright: one browser for the class (starting it is the slow part).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium, Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>Opens <paramref name="file"/> at 1000×800 and returns the page with every console error and page error
    /// it produced (a missing picture is a console error).</summary>
    public async Task<(IPage Page, List<string> Errors)> Open(string file)
    {
        var page = await Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1000, Height = 800 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url}");
        await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        return (page, errors);
    }
}

[CollectionDefinition("browser", DisableParallelization = true)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;

[Collection("browser")]
public class ReportInBrowserTests(BrowserFixture browser)
{
    private static (int Code, string Out, string Err) Actlab(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = ActLab.Cli.Cli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task The_checker_sees_a_broken_page()
    {
        // The error detection below must be able to fail: a page with a missing picture is caught.
        string dir = Directory.CreateTempSubdirectory("actlab-browser-").FullName;
        string page = Path.Combine(dir, "broken.html");
        await File.WriteAllTextAsync(page, "<!DOCTYPE html><html><body><img src=\"missing.png\"><script>undefinedFunction()</script></body></html>");
        var (p, errors) = await browser.Open(page);
        await p.CloseAsync();
        Assert.True(errors.Count >= 2, string.Join(" | ", errors));
    }

    [Fact]
    public async Task A_classification_report_opens_cleanly_summary_first_with_the_configuration_collapsed()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-browser-").FullName;
        string data = Path.Combine(dir, "spiral.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Actlab("generate", "spiral", "--classes", "3", "--samples", "600", "--noise", "0.2", "--out", data).Code);
        Assert.Equal(0, Actlab("train", "--data", data, "--hidden", "16,16", "--epochs", "30", "--lr", "0.01", "--out", run).Code);
        var (page, errors) = await browser.Open(Path.Combine(run, "report.html"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "report.png"), FullPage = true });
        Assert.Empty(errors);
        // Nothing wider than the window; a page a person scrolls, not a 2,400-line dump.
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 1000);
        int height = await page.EvaluateAsync<int>("document.documentElement.scrollHeight");
        Assert.InRange(height, 1500, 6000);
        var headings = await page.Locator("h2").AllInnerTextsAsync();
        Assert.Equal(["Summary", "Learning curves", "Decision map", "Evaluation on the test split", "Parameters", "Metrics per epoch", "Configuration"], headings);
        // Both pictures decoded (an image that failed to decode has naturalWidth 0).
        var widths = await page.EvaluateAsync<int[]>("[...document.images].map(i => i.naturalWidth)");
        Assert.Equal(2, widths.Length);
        Assert.All(widths, w => Assert.True(w >= 700));
        // The configuration is collapsed: its text is not shown until opened.
        Assert.False(await page.Locator("details pre").IsVisibleAsync());
        await page.Locator("details summary", new() { HasText = "Configuration" }).ClickAsync();
        Assert.True(await page.Locator("details pre").IsVisibleAsync());
        string lead = await page.Locator("p.lead").InnerTextAsync();
        Assert.Matches(@"^A 3-class classifier on spiral\.csv, trained for 30 epochs; on the test split it gets \d+\.\d% right \(60 rows\)\.$", lead);
        await page.CloseAsync();
        Assert.True(new FileInfo(Path.Combine(dir, "report.png")).Length > 50_000);
    }

    [Fact]
    public async Task A_regression_report_shows_the_fit_and_regression_errors()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-browser-").FullName;
        string data = Path.Combine(dir, "line.csv"), run = Path.Combine(dir, "run");
        var random = new Random(5);
        File.WriteAllLines(data, ["x,noise,target", .. Enumerable.Range(0, 400).Select(i =>
        {
            double x = random.NextDouble() * 4 - 2, n = random.NextDouble();
            return FormattableString.Invariant($"{x:0.####},{n:0.####},{3 * x + 0.1 * n:0.####}");
        })]);
        Assert.Equal(0, Actlab("train", "--data", data, "--regression", "--hidden", "8", "--epochs", "40", "--lr", "0.01", "--out", run).Code);
        var (page, errors) = await browser.Open(Path.Combine(run, "report.html"));
        Assert.Empty(errors);
        var headings = await page.Locator("h2").AllInnerTextsAsync();
        Assert.Contains("Predicted against actual", headings);
        Assert.DoesNotContain("Decision map", headings);
        string body = await page.Locator("body").InnerTextAsync();
        Assert.Contains("R² (1 is perfect, 0 is predicting the mean)", body);
        Assert.Contains("root mean squared error", body);
        Assert.Equal(2, await page.EvaluateAsync<int>("[...document.images].filter(i => i.naturalWidth > 0).length"));
        await page.CloseAsync();
    }
}
