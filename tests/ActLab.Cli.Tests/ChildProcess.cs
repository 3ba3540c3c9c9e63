using System.Diagnostics;

namespace ActLab.Cli.Tests;

/// <summary>The real <c>actlab</c> in a child process (signals, kill -9, concurrent writers, environment variables).</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _p;
    private readonly List<string> _out = [];
    private readonly List<string> _err = [];

    public ChildProcess(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "actlab.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        _p = new Process { StartInfo = psi };
        _p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.Add(e.Data); };
        _p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.Add(e.Data); };
        _p.Start();
        _p.BeginOutputReadLine();
        _p.BeginErrorReadLine();
    }

    public ChildProcess(params string[] args) : this(null, args) { }

    public int Id => _p.Id;
    public string Out { get { lock (_out) return string.Join("\n", _out); } }
    public string Err { get { lock (_err) return string.Join("\n", _err); } }

    /// <summary>Waits until a line of stdout contains <paramref name="text"/>.</summary>
    public bool WaitForLine(string text, TimeSpan timeout)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < timeout)
        {
            lock (_out) if (_out.Any(l => l.Contains(text, StringComparison.Ordinal))) return true;
            if (_p.HasExited) return false;
            Thread.Sleep(20);
        }
        return false;
    }

    public void Signal(string name) => Process.Start("kill", ["-" + name, _p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    public void Kill() => _p.Kill(entireProcessTree: true);

    public int Wait(TimeSpan timeout)
    {
        if (!_p.WaitForExit(timeout)) { _p.Kill(true); throw new TimeoutException($"actlab did not exit in {timeout}: {Out}\n{Err}"); }
        _p.WaitForExit();
        return _p.ExitCode;
    }

    public static int Run(params string[] args)
    {
        using var p = new ChildProcess(args);
        return p.Wait(TimeSpan.FromMinutes(2));
    }

    public void Dispose()
    {
        if (!_p.HasExited) _p.Kill(true);
        _p.Dispose();
    }
}
