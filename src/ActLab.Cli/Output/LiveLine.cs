using System.Diagnostics;
using System.Globalization;
using ActLab.Core.Training;

namespace ActLab.Cli.Output;

/// <summary>
/// One status line at the bottom of a terminal, redrawn in place (carriage return and erase-line) at most ten times a
/// second and cut to the window's width so it never wraps; lines written through <see cref="WriteLine"/> appear above
/// it. Nothing is left behind: the line is erased when disposed. Only for a terminal: redirected output gets plain lines.
/// </summary>
internal sealed class LiveLine : IDisposable
{
    private readonly TextWriter _out;
    private readonly int _width;
    private long _last;
    private string _text = "";

    public LiveLine(TextWriter output)
    {
        _out = output;
        int w;
        try { w = Console.WindowWidth; } catch (IOException) { w = 80; }
        _width = Math.Max(20, w - 1);
    }

    /// <summary>Whether a throttled update would be drawn now (callers skip building the text otherwise).</summary>
    public bool Due => Stopwatch.GetElapsedTime(_last).TotalMilliseconds >= 100;

    /// <summary>Shows <paramref name="text"/> now, or within 0.1 s if <paramref name="throttle"/>.</summary>
    public void Update(string text, bool throttle = false)
    {
        long now = Stopwatch.GetTimestamp();
        _text = text.Length > _width ? text[..(_width - 1)] + "…" : text;
        if (throttle && Stopwatch.GetElapsedTime(_last, now).TotalMilliseconds < 100) return;
        _last = now;
        _out.Write("\r\u001b[2K" + _text);
        _out.Flush();
    }

    /// <summary>Writes a line above the status line.</summary>
    public void WriteLine(string line)
    {
        _out.Write("\r\u001b[2K");
        _out.WriteLine(line);
        if (_text.Length > 0) _out.Write(_text);
        _out.Flush();
    }

    public void Dispose()
    {
        _out.Write("\r\u001b[2K");
        _out.Flush();
    }

    /// <summary>"1:05" or "12.3 s".</summary>
    public static string Duration(TimeSpan t) => t.TotalSeconds < 60
        ? t.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture)
        : t.TotalHours >= 1 ? t.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : t.ToString(@"m\:ss", CultureInfo.InvariantCulture);
}

/// <summary>"Reading data.csv… 12,345 rows · 45 of 155 MB" on a terminal while a data file loads (nothing otherwise).</summary>
internal static class Reading
{
    /// <summary>Runs <paramref name="read"/>, giving it a progress callback when the output is a terminal.</summary>
    public static T Show<T>(Io io, string path, Func<Action<ActLab.Core.Data.CsvProgress>?, T> read)
    {
        if (!io.IsTerminal) return read(null);
        using var live = new LiveLine(io.Out);
        string name = Name(path);
        live.Update(io.Texts.Format("progress.reading", name));
        return read(p => live.Update(Text(name, p, io.Texts), throttle: true));
    }

    /// <summary>What errors and progress call an input.</summary>
    public static string Name(string path) => path == ActLab.Core.Data.TextFiles.StandardInput ? "stdin" : Path.GetFileName(path);

    /// <summary>The progress text.</summary>
    public static string Text(string name, ActLab.Core.Data.CsvProgress p, ActLab.Core.Localization.Texts texts) => p.TotalBytes is long total and > 0
        ? texts.Format("progress.readingOf", name, p.Rows, p.Bytes / 1e6, total / 1e6, 100.0 * p.Bytes / total)
        : texts.Format("progress.readingRows", name, p.Rows, p.Bytes / 1e6);
}

/// <summary>Training progress on a <see cref="LiveLine"/>: epoch, step, running loss, last validation accuracy,
/// elapsed time and ETA.</summary>
internal sealed class TrainingProgress(LiveLine line, int epochs, ActLab.Core.Localization.Texts texts) : ITrainingObserver
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _validationAccuracy = double.NaN;

    public void OnStep(in StepProgress p)
    {
        if (!line.Due) return; // one clock read per step; the text is built ten times a second
        long total = (long)epochs * p.StepsPerEpoch, done = (long)(p.Epoch - 1) * p.StepsPerEpoch + p.Step;
        var elapsed = _clock.Elapsed;
        var eta = done > 0 ? TimeSpan.FromSeconds(elapsed.TotalSeconds * (total - done) / done) : TimeSpan.Zero;
        string val = double.IsNaN(_validationAccuracy) ? "" : texts.Format("progress.valAcc", _validationAccuracy);
        line.Update(texts.Format("progress.step", p.Epoch, epochs, p.Step, p.StepsPerEpoch, p.RunningLoss, val, LiveLine.Duration(elapsed), LiveLine.Duration(eta)), throttle: true);
    }

    public void OnEpoch(EpochResult epoch) => _validationAccuracy = epoch.ValidationAccuracy;
}

/// <summary>Passes events to several observers.</summary>
internal sealed class Observers(params ITrainingObserver[] all) : ITrainingObserver
{
    public void OnStep(in StepProgress progress)
    {
        foreach (var o in all) o.OnStep(progress);
    }

    public void OnEpoch(EpochResult epoch)
    {
        foreach (var o in all) o.OnEpoch(epoch);
    }
}
