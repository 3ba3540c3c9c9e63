using ActLab.Kernels.Threading;

namespace ActLab.Kernels.Tests.Threading;

/// <summary>The Workers tests and the threaded elementwise tests, apart from each other and from the rest.</summary>
[CollectionDefinition("workers", DisableParallelization = true)]
public sealed class WorkersCollection;

/// <summary>The products' helper threads: every part runs once, a failing part's exception reaches the caller, and
/// callers on several threads at once (two models training) still get exact products.</summary>
[Collection("workers")]
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
}
