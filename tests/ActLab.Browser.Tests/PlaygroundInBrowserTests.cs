using System.Text.Json;
using ActLab.Web.Server;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ActLab.Browser.Tests;

/// <summary>The playground server, started once for the browser collection's playground tests.</summary>
public sealed class PlaygroundFixture : IAsyncLifetime
{
    public PlaygroundServer Server { get; private set; } = null!;
    public string Runs { get; } = Directory.CreateTempSubdirectory("actlab-playground-runs-").FullName;
    /// <summary>Where the screenshots go (looked at by people; the README shows one).</summary>
    public static string Shots => Path.Combine(Path.GetTempPath(), "actlab-playground-shots");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Shots);
        Server = await PlaygroundServer.Start(new ServerOptions { RunsDirectory = Runs });
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

[Collection("browser")]
public class PlaygroundInBrowserTests(BrowserFixture browser, PlaygroundFixture fixture) : IClassFixture<PlaygroundFixture>
{
    private PlaygroundFixture Fixture => fixture;

    private async Task<(IPage Page, List<string> Errors)> Open(string query = "")
    {
        var page = await browser.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        page.RequestFailed += (_, r) => errors.Add($"request failed: {r.Url}");
        page.Response += (_, r) => { if (r.Status >= 400) errors.Add($"{r.Status} {r.Url}"); };
        await page.GotoAsync(new Uri(Fixture.Server.Url, query).ToString(), new() { WaitUntil = WaitUntilState.Load });
        await WaitFrames(page, 1);
        return (page, errors);
    }

    private static Task WaitFrames(IPage page, int atLeast) =>
        page.WaitForFunctionAsync($"() => window.actlab && window.actlab.frames >= {atLeast} && window.actlab.reset !== null", null, new() { Timeout = 20_000 });

    private static Task<double> Epoch(IPage page) => page.EvaluateAsync<double>("() => window.actlab.frame ? window.actlab.frame.header.epoch : -1");
    private static Task<double> TestLoss(IPage page, int net = 0) => page.EvaluateAsync<double>($"() => window.actlab.frame.header.nets[{net}].testLoss ?? NaN");

    /// <summary>A hash of the map canvas's pixels, read back from the page.</summary>
    private static Task<string> MapPixels(IPage page, int k = 0) => page.EvaluateAsync<string>(
        $"() => {{ const c = document.getElementById('map{k}'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let h = 0; for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] * 7 + d[i + 1] * 3 + d[i + 2]) | 0; return String(h); }}");

    private static async Task Shot(IPage page, string name) => await page.ScreenshotAsync(new() { Path = Path.Combine(PlaygroundFixture.Shots, name), FullPage = true });

    [Fact]
    public async Task The_page_loads_without_console_errors_and_states_its_limits()
    {
        var (page, errors) = await Open();
        await Shot(page, "playground-start.png");
        Assert.Empty(errors);
        Assert.Contains("8 hidden layers of 32 neurons", await page.InnerTextAsync("#limits"));
        // The Playground's defaults: circle, 2 features, two hidden layers of 4 and 2 neurons.
        Assert.Equal(6, await page.Locator(".node[data-layer]:not([data-layer=out])").CountAsync());
        await page.CloseAsync();
    }

    [Fact]
    public async Task Play_moves_the_epoch_counter_and_the_test_loss_falls_on_the_spiral_with_tanh()
    {
        var (page, errors) = await Open("?dataset=spiral&noise=0&hidden=8,8,8&activations=tanh&features=x1,x2,x1%5E2,x2%5E2,sin(x1),sin(x2)&learningRate=0.01&optimizer=adam&init=xavier-uniform&epochsPerFrame=20");
        double before = await TestLoss(page);
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 400", null, new() { Timeout = 60_000 });
        await page.ClickAsync("#play"); // pause
        await page.WaitForFunctionAsync("() => !window.actlab.frame.header.playing");
        double after = await TestLoss(page);
        await Shot(page, "playground-spiral-tanh.png");
        Assert.True(await Epoch(page) >= 400);
        Assert.True(after < 0.6 * before, $"test loss {before} -> {after}");
        // (The frame rate is measured by bench/ActLab.Benchmarks --playground, not asserted here: timings are noisy.)
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Changing_the_activation_resets_the_network_and_changes_the_map()
    {
        var (page, errors) = await Open("?dataset=xor&hidden=4&activations=tanh&epochsPerFrame=50");
        await page.ClickAsync("#step");
        await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 1");
        string tanh = await MapPixels(page);
        await page.SelectOptionAsync("#activation", "relu");
        await page.WaitForFunctionAsync("() => window.actlab.reset.settings.activations[0] === 'relu' && window.actlab.frame.header.epoch === 0");
        await page.WaitForTimeoutAsync(200);
        Assert.NotEqual(tanh, await MapPixels(page));
        Assert.Contains("activations=relu", page.Url);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Softmax_on_three_blobs_colours_three_regions()
    {
        var (page, errors) = await Open("?dataset=blobs&classes=3&noise=0.5&hidden=8&activations=relu&optimizer=adam&learningRate=0.03&epochsPerFrame=50");
        await page.ClickAsync("#step");
        await page.EvaluateAsync("() => window.actlab.socket.send(JSON.stringify({ type: 'step', epochs: 200 }))");
        await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 200", null, new() { Timeout = 30_000 });
        await page.WaitForTimeoutAsync(200);
        await Shot(page, "playground-blobs-3.png");
        // Count the map's pixels by nearest class colour (the page mixes class colours into grey by confidence).
        int regions = await page.EvaluateAsync<int>(@"() => {
            const c = document.getElementById('map0'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            const colours = [[232,113,10],[11,107,176],[44,160,44]], counts = [0,0,0];
            for (let i = 0; i < d.length; i += 4) {
                let best = -1, bestD = 1e9;
                colours.forEach((k, j) => { const dd = (d[i]-k[0])**2 + (d[i+1]-k[1])**2 + (d[i+2]-k[2])**2; if (dd < bestD) { bestD = dd; best = j; } });
                if (bestD < 90 * 90) counts[best]++;
            }
            return counts.filter(n => n > 0.03 * c.width * c.height).length; }");
        Assert.True(errors.Count == 0, string.Join(" | ", errors));
        Assert.Equal(3, regions);
        Assert.Equal(3, await page.EvaluateAsync<int>("() => window.actlab.reset.outputs"));
        Assert.True(await page.EvaluateAsync<double>("() => window.actlab.frame.header.nets[0].testAccuracy") > 0.9);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_csv_upload_trains()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-upload-").FullName;
        string csv = Path.Combine(dir, "two.csv");
        var lines = new List<string> { "a,b,noise,kind" };
        for (int i = 0; i < 200; i++)
        {
            double a = (i % 20) / 2.0 - 5, b = (i / 20) - 5;
            lines.Add(FormattableString.Invariant($"{a},{b},{i % 7},{(a * a + b * b < 9 ? "in" : "out")}"));
        }
        await File.WriteAllLinesAsync(csv, lines);
        var (page, errors) = await Open("?hidden=6&activations=tanh&optimizer=adam&learningRate=0.03");
        await page.ClickAsync(".upload summary");
        await page.SetInputFilesAsync("#uploadFile", csv);
        await page.FillAsync("#uploadY", "b");
        await page.ClickAsync("#uploadButton");
        await page.WaitForFunctionAsync("() => window.actlab.reset.settings.dataset === 'upload'");
        Assert.Equal(["a", "b"], await page.EvaluateAsync<string[]>("() => window.actlab.reset.axes"));
        Assert.Equal(["in", "out"], await page.EvaluateAsync<string[]>("() => window.actlab.reset.classes"));
        await page.EvaluateAsync("() => window.actlab.socket.send(JSON.stringify({ type: 'step', epochs: 300 }))");
        await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 300", null, new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<double>("() => window.actlab.frame.header.nets[0].trainAccuracy") > 0.85);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_shared_url_restores_the_state_and_the_same_seed_gives_the_same_loss()
    {
        const string query = "?dataset=gauss&noise=0.2&seed=7&hidden=5,3&activations=elu;tanh&optimizer=rmsprop&learningRate=0.01&batchSize=17&regularization=l2&regularizationRate=0.001&features=x1,x2,x1x2";
        var losses = new List<double>();
        for (int run = 0; run < 2; run++)
        {
            var (page, errors) = await Open(query);
            await page.EvaluateAsync("() => window.actlab.socket.send(JSON.stringify({ type: 'step', epochs: 25 }))");
            await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 25", null, new() { Timeout = 30_000 });
            Assert.Equal(25, await Epoch(page));
            losses.Add(await TestLoss(page));
            var settings = await page.EvaluateAsync<JsonElement>("() => window.actlab.reset.settings");
            Assert.Equal(7, settings.GetProperty("seed").GetInt32());
            Assert.Equal("elu", settings.GetProperty("activations")[0].GetString());
            Assert.Equal(17, settings.GetProperty("batchSize").GetInt32());
            Assert.Equal("x1x2", settings.GetProperty("features")[2].GetString());
            Assert.Equal("rmsprop", await page.InputValueAsync("#optimizer"));
            Assert.Empty(errors);
            await page.CloseAsync();
        }
        Assert.Equal(losses[0], losses[1]);
    }

    [Fact]
    public async Task Compare_mode_draws_two_maps_and_two_loss_lines()
    {
        var (page, errors) = await Open("?dataset=circle&hidden=6,6&activations=sigmoid&compare=relu&epochsPerFrame=10");
        await page.ClickAsync("#play");
        await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 50", null, new() { Timeout = 30_000 });
        await page.ClickAsync("#play");
        await Shot(page, "playground-compare.png");
        Assert.Equal(2, await page.Locator("#maps canvas").CountAsync());
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.actlab.frame.header.nets.length"));
        Assert.NotEqual(await MapPixels(page, 0), await MapPixels(page, 1));
        Assert.NotEqual(await TestLoss(page, 0), await TestLoss(page, 1));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task The_keyboard_alone_plays_and_pauses()
    {
        var (page, errors) = await Open("?epochsPerFrame=5");
        await page.FocusAsync("#reset");
        await page.Keyboard.PressAsync("Tab"); // to Play
        Assert.Equal("play", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 20", null, new() { Timeout = 20_000 });
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => !window.actlab.frame.header.playing");
        double paused = await Epoch(page);
        await page.WaitForTimeoutAsync(300);
        Assert.Equal(paused, await Epoch(page));
        // Space on the page body toggles play as well; s steps one epoch.
        await page.FocusAsync("body");
        await page.EvaluateAsync("() => document.activeElement.blur()");
        await page.Keyboard.PressAsync("s");
        await page.WaitForFunctionAsync($"() => window.actlab.frame.header.epoch === {paused + 1}");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_weight_is_shown_on_hover_and_set_by_clicking_its_link_and_discretise_changes_the_map()
    {
        var (page, errors) = await Open("?hidden=3&activations=tanh&seed=4");
        var link = page.Locator("#links line").First;
        Assert.StartsWith("Weight ", await link.Locator("title").TextContentAsync());
        // The link's stroke carries the click (the SVG itself lets clicks through to the nodes).
        await link.DispatchEventAsync("click");
        await page.WaitForSelectorAsync("#weightEditor:not([hidden])");
        Assert.Equal("weightValue", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.FillAsync("#weightValue", "-2.5");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync("() => Math.abs(window.actlab.frame.arrays.weights0[0] + 2.5) < 1e-6");
        Assert.Contains("Weight -2.500", await link.Locator("title").TextContentAsync());
        string smooth = await MapPixels(page);
        await page.CheckAsync("#discretize");
        Assert.NotEqual(smooth, await MapPixels(page));
        Assert.Contains("discretize=1", page.Url);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_out_of_range_value_shows_a_message_and_changes_nothing()
    {
        var (page, errors) = await Open();
        await page.FillAsync("#points", "100000");
        await page.DispatchEventAsync("#points", "change");
        await page.WaitForSelectorAsync("#message:not([hidden])");
        Assert.Contains("points must be from 20 to 5000", await page.InnerTextAsync("#message"));
        Assert.Equal(500, await page.EvaluateAsync<int>("() => window.actlab.reset.settings.points"));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task Export_writes_a_run_folder_that_loads()
    {
        var (page, errors) = await Open("?dataset=xor&hidden=4&activations=relu&optimizer=adam&learningRate=0.03");
        await page.EvaluateAsync("() => window.actlab.socket.send(JSON.stringify({ type: 'step', epochs: 50 }))");
        await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 50", null, new() { Timeout = 30_000 });
        await page.ClickAsync(".export summary");
        string name = $"xor-{Guid.NewGuid():N}"[..20];
        await page.FillAsync("#exportName", name);
        await page.ClickAsync("#exportButton");
        await page.WaitForFunctionAsync("() => document.getElementById('exportResult').textContent.length > 0");
        var run = ActLab.Core.Runs.TrainedRun.Load(Path.Combine(Fixture.Runs, name));
        Assert.Equal("linear(2,4) relu linear(4,1)", run.Definition.Canonical);
        Assert.Empty(errors);
        await page.CloseAsync();

        // Import it into a fresh tab (the folder picker sends config.json and the weights as base64).
        var (fresh, freshErrors) = await Open("?hidden=2&activations=tanh");
        await fresh.ClickAsync(".export summary");
        await fresh.SetInputFilesAsync("#importFolder", Path.Combine(Fixture.Runs, name));
        await fresh.ClickAsync("#importButton");
        await fresh.WaitForFunctionAsync("() => window.actlab.reset.nets[0].model === 'linear(2,4) relu linear(4,1)' && window.actlab.reset.settings.dataset === 'upload'");
        await fresh.WaitForSelectorAsync("#message:not([hidden])");
        Assert.Contains("Imported linear(2,4) relu linear(4,1)", await fresh.InnerTextAsync("#message"));
        Assert.Empty(freshErrors);
        await fresh.CloseAsync();
    }

    [Fact]
    public async Task The_page_in_korean_uses_the_tutorials_words_and_the_language_is_kept_in_the_url()
    {
        var (page, errors) = await Open("?lang=ko&activations=sigmoid&hidden=3");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'ko'");
        Assert.Equal("학습률", await page.InnerTextAsync("[data-i18n='playground.learningRate']"));
        Assert.Equal("시그모이드", await page.EvalOnSelectorAsync<string>("#activation", "s => s.options[s.selectedIndex].text"));
        Assert.Contains("은닉층 1개", await page.InnerTextAsync("#layer-count"));
        Assert.Equal("나선", await page.InnerTextAsync("#datasets button[data-dataset='spiral']"));
        // The activation's formula notes in Korean words (ko.json), the formula itself unchanged.
        await page.SelectOptionAsync("#activation", "relu");
        await page.WaitForFunctionAsync("() => document.querySelector('#curveText').textContent.includes('x = 0에서 0')");
        await page.ClickAsync("#step");
        await page.WaitForFunctionAsync("() => window.actlab.frame.header.epoch >= 1");
        Assert.Contains("테스트 손실", await page.InnerTextAsync("#losses"));
        // The server's messages come in Korean too.
        await page.FillAsync("#points", "100000");
        await page.DispatchEventAsync("#points", "change");
        await page.WaitForSelectorAsync("#message:not([hidden])");
        Assert.Contains("점 개수: 20부터 5000까지여야 합니다 (받은 값: 100000).", await page.InnerTextAsync("#message"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(PlaygroundFixture.Shots, "playground-ko.png"), FullPage = true });
        // Switching back keeps the network (a language is not a setting of the network) and writes lang=en.
        await page.SelectOptionAsync("#lang", "en");
        await page.WaitForFunctionAsync("() => document.documentElement.lang === 'en'");
        Assert.Equal("Learning rate", await page.InnerTextAsync("[data-i18n='playground.learningRate']"));
        Assert.Equal("spiral", await page.InnerTextAsync("#datasets button[data-dataset='spiral']"));
        Assert.Contains("lang=en", page.Url);
        Assert.Equal(1, await Epoch(page));
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_axe_scan_finds_no_serious_or_critical_violation()
    {
        var (page, errors) = await Open("?compare=relu");
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))})").ToList();
        Assert.True(bad.Count == 0, string.Join("\n", bad));
        Assert.Empty(errors);
        await page.CloseAsync();
    }
}
