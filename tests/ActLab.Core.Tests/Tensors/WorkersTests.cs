using ActLab.Core.Tensors;

namespace ActLab.Core.Tests.Tensors;

/// <summary>The products' helper threads: every part runs once, a failing part's exception reaches the caller, and
/// callers on several threads at once (two models training) still get exact products.</summary>
public class WorkersTests
{
    private sealed class Record(int parts) : WorkItem
    {
        public readonly int[] Runs = new int[parts];
        public int FailAt = -1;
        public override void Run(int part, int parts)
        {
            Interlocked.Increment(ref Runs[part]);
            if (part == FailAt) throw new InvalidOperationException($"part {part} failed");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Every_part_runs_exactly_once_across_repeated_jobs(int parts)
    {
        var job = new Record(parts);
        for (int i = 0; i < 200; i++) Workers.Run(job, parts);
        Assert.All(job.Runs, n => Assert.Equal(200, n));
    }

    [Fact]
    public void A_failing_part_is_rethrown_to_the_caller_and_the_helpers_keep_working()
    {
        var job = new Record(3) { FailAt = 2 };
        Assert.Equal("part 2 failed", Assert.Throws<InvalidOperationException>(() => Workers.Run(job, 3)).Message);
        var ok = new Record(3);
        Workers.Run(ok, 3);
        Assert.All(ok.Runs, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Helpers_that_went_to_sleep_wake_for_the_next_job()
    {
        var job = new Record(2);
        Workers.Run(job, 2);
        await Task.Delay(TimeSpan.FromMilliseconds(Workers.SpinMilliseconds * 10)); // past the spin: the helper blocks
        Workers.Run(job, 2);
        Assert.All(job.Runs, n => Assert.Equal(2, n));
    }

    [Fact]
    public async Task Concurrent_threaded_products_are_exact()
    {
        int m = 64, k = 300, n = 96;
        var rng = new ActLab.Kernels.Random.Pcg32(7);
        float[] a = new float[m * k], b = new float[k * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)(rng.NextDouble() - 0.5);
        for (int i = 0; i < b.Length; i++) b[i] = (float)(rng.NextDouble() - 0.5);
        var expected = new float[m * n];
        Ops.MatMulAB(a, b, expected, m, k, n, 1);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var c = new float[m * n];
            for (int r = 0; r < 50; r++) Ops.MatMulAB(a, b, c, m, k, n, 2);
            return c;
        })));
        Assert.All(results, c => Assert.Equal(expected, c));
    }
}
