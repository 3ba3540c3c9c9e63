using ActLab.Kernels.Activations;
using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Tests.Threading;

/// <summary>Large elementwise passes split over threads give the same bits as one thread, tail included, and allocate
/// nothing after their first use.</summary>
/// <remarks>CI once saw the allocation test count 8,128 bytes: its warm-up pass had found the pool busy (other tests
/// run large passes in parallel), run alone and started no helper, so the measured pass started it. The warm-up now
/// starts the helper itself, and the Workers tests run apart from these.</remarks>
[Collection("workers")]
public class ThreadedElementwiseTests
{
    private static float[] Inputs(int n)
    {
        var rng = new Pcg32(5);
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(rng.NextDouble() * 40 - 20);
        return x;
    }

    private static void SameBits<TOp>(TOp op) where TOp : struct, IUnaryKernel
    {
        int n = 5 * Elementwise.Grain + 37; // several parts and a tail
        var x = Inputs(n);
        var dy = Inputs(n);
        var y1 = new float[n];
        var y2 = new float[n];
        var d1 = new float[n];
        var d2 = new float[n];
        Elementwise.ForwardSingle(op, x, y1);
        Elementwise.BackwardSingle(op, x, y1, dy, d1);
        Elementwise.MaxThreads = 3;
        Assert.Equal(3, Elementwise.Parts(n));
        Elementwise.Forward(op, x, y2);
        Elementwise.Backward(op, x, y2, dy, d2);
        Assert.Equal(y1, y2);
        Assert.Equal(d1, d2);
    }

    [Fact]
    public void Sigmoid_on_three_threads_equals_one_thread() => SameBits(new Sigmoid());

    [Fact]
    public void Elu_on_three_threads_equals_one_thread() => SameBits(new Elu(0.7f));

    [Fact]
    public void Silu_on_three_threads_equals_one_thread() => SameBits(new Silu());

    [Fact]
    public void Small_passes_stay_on_the_calling_thread()
    {
        Assert.Equal(1, Elementwise.Parts(2 * Elementwise.Grain - 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Elementwise.MaxThreads = 0);
    }

    [Fact]
    public void A_split_pass_allocates_nothing_after_warm_up()
    {
        var x = Inputs(4 * Elementwise.Grain);
        var y = new float[x.Length];
        Elementwise.MaxThreads = 2;
        // Warm-up: the helper thread (a pass that found the pool busy would run alone and start none) and the
        // pass's cached job.
        ActLab.Kernels.Threading.Workers.Reserve(2);
        Elementwise.Forward(new Tanh(), x, y);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Elementwise.Forward(new Tanh(), x, y);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
