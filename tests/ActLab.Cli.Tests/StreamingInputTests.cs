using System.Diagnostics;
using System.Text.Json;
using static ActLab.Cli.Tests.CliRunner;

namespace ActLab.Cli.Tests;

/// <summary>Data read once, from a pipe (<c>--data -</c>) or a FIFO, as from a file.</summary>
[Collection("processes")]
public class StreamingInputTests
{
    private static (int Code, string Out, string Err) Piped(string stdinFile, params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("cat \"$0\" | dotnet \"$1\" \"${@:2}\"");
        psi.ArgumentList.Add(stdinFile);
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actlab.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string o = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)));
        return (p.ExitCode, o, err.Result);
    }

    [Fact]
    public void Train_and_evaluate_read_standard_input_and_the_run_records_no_path_to_follow()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-stdin-").FullName;
        string data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--per-class", "100").ExitCode);
        var t = Piped(data, "train", "--data", "-", "--epochs", "3", "--out", run);
        Assert.True(t.Code == 0, t.Err);
        Assert.Contains("Data: 200 rows, 2 features", t.Out);
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "config.json")));
        var d = config.RootElement.GetProperty("data");
        Assert.False(d.TryGetProperty("path", out var p) && p.ValueKind != JsonValueKind.Null);
        Assert.Equal(new FileInfo(data).Length, d.GetProperty("bytes").GetInt64());
        var e = Piped(data, "evaluate", "--run", run, "--data", "-");
        Assert.True(e.Code == 0, e.Err);
        Assert.Contains("Scored all 200 rows of stdin.", e.Out);
        // Bad data from a pipe names stdin and the line.
        string bad = Path.Combine(dir, "bad.csv");
        File.WriteAllText(bad, "a,b,label\n1,2,0\n1,x,1\n");
        var b = Piped(bad, "train", "--data", "-", "--out", Path.Combine(dir, "run2"));
        Assert.Equal(2, b.Code);
        Assert.Contains("stdin:3:3: 'x' in column 'b' is not a number", b.Err);
        Assert.False(Directory.Exists(Path.Combine(dir, "run2")));
    }

    [Fact]
    public async Task A_closed_standard_input_is_an_error_not_a_wait()
    {
        // With stdin closed the runtime reuses descriptor 0 for a pipe of its own; reading it would never end.
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec dotnet \"$0\" train --data - --out \"$1\" <&-");
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actlab.dll"));
        psi.ArgumentList.Add(Path.Combine(Directory.CreateTempSubdirectory("actlab-closed-").FullName, "run"));
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(60)), "actlab waited on a closed standard input");
        Assert.Equal(2, p.ExitCode);
        Assert.Contains("-: standard input is closed", await err);
    }

    [Fact]
    public async Task Predict_reads_a_fifo_once()
    {
        string dir = Directory.CreateTempSubdirectory("actlab-fifo-").FullName;
        string data = Path.Combine(dir, "g.csv"), run = Path.Combine(dir, "run"), fifo = Path.Combine(dir, "rows.csv");
        Assert.Equal(0, Run("generate", "gaussians", "--out", data, "--per-class", "50").ExitCode);
        Assert.Equal(0, Run("train", "--data", data, "--epochs", "2", "--out", run).ExitCode);
        using (var mk = Process.Start("mkfifo", fifo)) mk.WaitForExit();
        // A writer that writes once: a second open of the FIFO would hang, so the test would time out.
        var writer = Task.Run(() => File.WriteAllBytes(fifo, File.ReadAllBytes(data)));
        using var p = new ChildProcess("predict", "--run", run, "--data", fifo);
        Assert.Equal(0, p.Wait(TimeSpan.FromMinutes(1)));
        Assert.Equal(101, p.Out.Split('\n').Length); // header + 100 rows
        await writer.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
