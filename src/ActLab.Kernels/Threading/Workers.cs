using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ActLab.Kernels.Threading;

/// <summary>One piece of work split into parts that can run at once: part p of n touches only its own share of the
/// output, so the result is the same whatever runs which part, in any order.</summary>
public abstract class WorkItem
{
    /// <summary>Runs part <paramref name="part"/> of <paramref name="parts"/>.</summary>
    public abstract void Run(int part, int parts);
}

/// <summary>
/// The helper threads of the matrix products and the large elementwise passes. The caller runs part 0 itself and helper h runs part h + 1. Between jobs
/// a helper spins for <see cref="SpinMilliseconds"/> before it blocks: a training step posts a product every few
/// hundred microseconds, and waking a blocked thread (on a virtual machine, a halted virtual CPU) took longer than
/// the half-product it was to run, so <c>Parallel.For</c> made two threads slower than one. OpenMP runtimes (libtorch's)
/// spin the same way. Posting allocates nothing. One job runs at a time; a caller that finds the helpers busy (two
/// models training at once) runs every part itself, with the same result.
/// </summary>
public static class Workers
{
    /// <summary>How long an idle helper spins before it blocks.</summary>
    public const double SpinMilliseconds = 2;

    private static readonly object Gate = new();
    private static readonly List<Helper> Helpers = [];
    private static WorkItem? _job;
    private static int _parts, _pending;
    private static Exception? _error;

    /// <summary>Starts the helpers that <paramref name="parts"/> parts need, now rather than at the first run that
    /// needs them (a run that finds another caller busy does its parts alone and starts none).</summary>
    public static void Reserve(int parts)
    {
        lock (Gate)
            while (Helpers.Count < parts - 1) Helpers.Add(new Helper(Helpers.Count + 1));
    }

    /// <summary>Runs the <paramref name="parts"/> parts of <paramref name="job"/> and returns when all are done;
    /// an exception in any part is rethrown here.</summary>
    public static void Run(WorkItem job, int parts)
    {
        if (parts <= 1 || !Monitor.TryEnter(Gate))
        {
            for (int p = 0; p < parts; p++) job.Run(p, parts);
            return;
        }
        try
        {
            while (Helpers.Count < parts - 1) Helpers.Add(new Helper(Helpers.Count + 1));
            _job = job;
            _parts = parts;
            _error = null;
            Volatile.Write(ref _pending, parts - 1);
            for (int h = 0; h < parts - 1; h++) Helpers[h].Post(h + 1);
            try { job.Run(0, parts); }
            finally
            {
                var spin = new SpinWait();
                while (Volatile.Read(ref _pending) > 0) spin.SpinOnce(sleep1Threshold: -1);
                _job = null;
            }
            if (_error is { } e) ExceptionDispatchInfo.Throw(e);
        }
        finally { Monitor.Exit(Gate); }
    }

    private static void RunPart(int part)
    {
        try { _job!.Run(part, _parts); }
        catch (Exception e) { Interlocked.CompareExchange(ref _error, e, null); }
        finally { Interlocked.Decrement(ref _pending); }
    }

    private sealed class Helper
    {
        private static readonly long SpinTicks = (long)(SpinMilliseconds * Stopwatch.Frequency / 1000);
        private readonly ManualResetEventSlim _wake = new(false, spinCount: 0);
        private int _part = -1, _sleeping;

        public Helper(int index) =>
            new Thread(Loop) { IsBackground = true, Name = $"ActLab helper {index}" }.Start();

        public void Post(int part)
        {
            Volatile.Write(ref _part, part);
            if (Interlocked.CompareExchange(ref _sleeping, 0, 1) == 1) _wake.Set();
        }

        private void Loop()
        {
            while (true)
            {
                long until = Stopwatch.GetTimestamp() + SpinTicks;
                int part;
                while ((part = Volatile.Read(ref _part)) < 0)
                {
                    if (Stopwatch.GetTimestamp() < until) { Thread.SpinWait(20); continue; }
                    // Block, unless a job arrived meanwhile (Post writes the part before it looks at _sleeping, and
                    // the exchange below is a full fence before the part is read again).
                    _wake.Reset();
                    Interlocked.Exchange(ref _sleeping, 1);
                    if (Volatile.Read(ref _part) < 0) _wake.Wait();
                    Interlocked.Exchange(ref _sleeping, 0);
                    until = Stopwatch.GetTimestamp() + SpinTicks;
                }
                Volatile.Write(ref _part, -1);
                RunPart(part);
            }
        }
    }
}
