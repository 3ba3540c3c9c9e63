using System.Net;
using System.Text.RegularExpressions;
using ActLab.Core.Runs;
using ActLab.Core.Tensors;
using ActLab.Web.Playground;

namespace ActLab.Cli.Tests;

public class PlaygroundCommandTests
{
    [Fact]
    public async Task The_command_prints_its_address_serves_the_page_and_stops_cleanly_on_sigint()
    {
        using var child = new ChildProcess("playground", "--no-browser");
        Assert.True(child.WaitForLine("ActLab playground: http://127.0.0.1:", TimeSpan.FromSeconds(30)), child.Out + child.Err);
        var url = Regex.Match(child.Out, @"http://127\.0\.0\.1:\d+/").Value;
        using var http = new HttpClient();
        var page = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("ActLab playground", await page.Content.ReadAsStringAsync());
        child.Signal("INT");
        Assert.Equal(0, child.Wait(TimeSpan.FromSeconds(20)));
        Assert.Contains("Playground stopped.", child.Out);
        Assert.DoesNotContain("error", child.Err);
        Assert.DoesNotContain("   at ", child.Err);
    }

    [Fact]
    public void A_port_in_use_or_out_of_range_and_a_bad_host_are_usage_errors()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        int port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var r = CliRunner.Run("playground", "--no-browser", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"--port {port}: cannot listen on 127.0.0.1:{port}", r.Err);
        Assert.DoesNotContain("   at ", r.Err);
        var range = CliRunner.Run("playground", "--port", "70000");
        Assert.Equal(2, range.ExitCode);
        Assert.Contains("--port must be from 0 to 65535; got 70000", range.Err);
        var host = CliRunner.Run("playground", "--host", "example.com");
        Assert.Equal(2, host.ExitCode);
        Assert.Contains("--host must be an IP address", host.Err);
    }

    [Fact]
    public void Another_host_than_loopback_is_warned_about()
    {
        using var child = new ChildProcess("playground", "--no-browser", "--host", "0.0.0.0");
        Assert.True(child.WaitForLine("ActLab playground:", TimeSpan.FromSeconds(30)), child.Out + child.Err);
        child.Signal("INT");
        child.Wait(TimeSpan.FromSeconds(20));
        Assert.Contains("warning: --host 0.0.0.0", child.Err);
        Assert.Contains("reachable from other machines", child.Err);
    }

    [Fact]
    public void A_run_trained_with_actlab_train_imports_with_its_weights_and_data()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-pg-import-").FullName;
        string data = Path.Combine(dir, "moons.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, CliRunner.Run("generate", "moons", "--samples", "300", "--noise", "0.1", "--out", data).ExitCode);
        var train = CliRunner.Run("train", "--data", data, "--model", "linear(2,8) elu:alpha=0.5 linear(8,1) sigmoid", "--epochs", "20", "--out", run);
        Assert.True(train.ExitCode == 0, train.Err);
        var session = new PlaygroundSession();
        RunImport.Into(session, run);
        Assert.Equal("linear(2,8) elu:alpha=0.5 linear(8,1)", session.Nets[0].Definition.Canonical);
        Assert.Equal(300, session.Points.Count);
        // The same probabilities as the trained run gives (the page applies the sigmoid itself).
        var trained = TrainedRun.Load(run);
        var d = trained.ReadData();
        var expected = trained.Predict(d.Features);
        var x = new Tensor(d.Count, 2);
        for (int i = 0; i < d.Count; i++) d.Features[i].CopyTo(x.Row(i));
        var logits = session.Nets[0].Model.Forward(x, training: false);
        for (int i = 0; i < d.Count; i += 7)
            Assert.Equal(expected[i, 0], 1 / (1 + MathF.Exp(-logits[i, 0])), 5);
        Assert.Equal(0, session.Epoch);
        Assert.Equal(20, session.Train(20));
    }

    [Fact]
    public void A_run_the_playground_cannot_draw_is_refused_with_the_reason()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-pg-import-").FullName;
        string data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run");
        var lines = new List<string> { "a,b,c,label" };
        for (int i = 0; i < 60; i++) lines.Add($"{i % 5},{i % 7},{i % 3},{i % 2}");
        File.WriteAllLines(data, lines);
        Assert.Equal(0, CliRunner.Run("train", "--data", data, "--hidden", "4", "--epochs", "2", "--out", run).ExitCode);
        var e = Assert.Throws<SettingsException>(() => RunImport.Into(new PlaygroundSession(), run));
        Assert.Contains("takes 3 features (a, b, c)", e.Message);
        File.Delete(data);
        string data2 = Path.Combine(dir, "h.csv"), run2 = Path.Combine(dir, "run2");
        File.WriteAllLines(data2, lines.Select(l => string.Join(',', l.Split(',').Where((_, j) => j != 2))));
        Assert.Equal(0, CliRunner.Run("train", "--data", data2, "--hidden", "4", "--epochs", "2", "--out", run2).ExitCode);
        File.Delete(data2);
        var gone = Assert.Throws<SettingsException>(() => RunImport.Into(new PlaygroundSession(), run2));
        Assert.Contains("data is needed", gone.Message);
    }
}
