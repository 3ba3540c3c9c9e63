using System.Diagnostics;
using System.Globalization;
using ActLab.Core.Data;

namespace ActLab.Benchmarks;

/// <summary>CSV parsing into float32 against baselines measured in the same run: reading the file's bytes (the I/O
/// floor) and, when Python has it, pandas' <c>read_csv</c> (issue 10's peer).</summary>
public static class CsvBench
{
    public static void Run(TextWriter output, string path)
    {
        var inv = CultureInfo.InvariantCulture;
        long bytes = new FileInfo(path).Length;
        double Median(Func<double> once, int rounds = 3) => Enumerable.Range(0, rounds).Select(_ => once()).Order().ElementAt(rounds / 2);
        double read = Median(() => { var sw = Stopwatch.StartNew(); _ = File.ReadAllBytes(path); return sw.Elapsed.TotalSeconds; });
        int rows = 0;
        double parse = Median(() =>
        {
            GC.Collect();
            var sw = Stopwatch.StartNew();
            rows = CsvTable.Read(path).Count;
            return sw.Elapsed.TotalSeconds;
        });
        double pandas = Pandas(path);
        output.WriteLine(string.Create(inv, $"CSV {Path.GetFileName(path)}: {bytes / 1e6:0} MB, {rows:N0} rows"));
        output.WriteLine(string.Create(inv, $"  read the bytes (floor):   {read:0.000} s"));
        output.WriteLine(string.Create(inv, $"  CsvTable.Read to float32: {parse:0.000} s  ({bytes / 1e6 / parse:0} MB/s, {parse / read:0.0}× the byte read)"));
        output.WriteLine(double.IsNaN(pandas)
            ? "  pandas read_csv:          not measured (python3-pandas is not installed)"
            : string.Create(inv, $"  pandas read_csv:          {pandas:0.000} s  (ActLab is {pandas / parse:0.0}× faster)"));
    }

    // Median of three pandas.read_csv timings in one Python process (its import is not timed); NaN without pandas.
    // Debian's python3 first: that is where apt-get install python3-pandas puts it.
    private static double Pandas(string path)
    {
        foreach (var python in new[] { "/usr/bin/python3", "python3" })
            if (Pandas(python, path) is var s && !double.IsNaN(s)) return s;
        return double.NaN;
    }

    private static double Pandas(string python, string path)
    {
        try
        {
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import sys,time,statistics,pandas\nts=[]\nfor _ in range(3):\n t=time.perf_counter(); pandas.read_csv(sys.argv[1]); ts.append(time.perf_counter()-t)\nprint(statistics.median(ts))");
            psi.ArgumentList.Add(path);
            using var p = Process.Start(psi)!;
            string o = p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0 && double.TryParse(o.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double s) ? s : double.NaN;
        }
        catch (System.ComponentModel.Win32Exception) { return double.NaN; }
    }
}
