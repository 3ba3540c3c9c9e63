using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;
using ActLab.Kernels.Softmax;

namespace ActLab.Kernels.Tests.Threading;

/// <summary>The softmax family over many contiguous rows is split by whole rows over threads (above the elementwise
/// grain): the same bits as one thread, forward and backward, rows with NaN, ±∞ and a single vector's tail included,
/// and nothing allocated after the first split pass.</summary>
[Collection("workers")]
public class ThreadedSoftmaxTests
{
    private const int Rows = 101, N = 1000; // 101,000 elements: three parts, rows split unevenly, a tail per row

    private static float[] Inputs(int seed)
    {
        var rng = new Pcg32((ulong)seed);
        var x = new float[Rows * N];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 60 - 30);
        x[3 * N + 5] = float.NaN;                                    // a NaN row
        x[40 * N + 999] = float.PositiveInfinity;                    // a +∞ row
        for (int j = 0; j < N; j++) x[77 * N + j] = float.NegativeInfinity; // an all −∞ row
        return x;
    }

    [Theory]
    [InlineData("softmax")]
    [InlineData("log-softmax")]
    [InlineData("softmin")]
    public void Rows_on_three_threads_equal_one_thread(string kind)
    {
        var x = Inputs(41);
        var dy = Inputs(42);
        int[] shape = [Rows, N];
        var y1 = new float[x.Length]; var y3 = new float[x.Length];
        var d1 = new float[x.Length]; var d3 = new float[x.Length];
        try
        {
            Elementwise.MaxThreads = 1;
            Run(kind, x, y1, dy, d1, shape);
            Elementwise.MaxThreads = 3;
            Assert.Equal(3, Elementwise.Parts(x.Length));
            Run(kind, x, y3, dy, d3, shape);
        }
        finally { Elementwise.MaxThreads = Environment.ProcessorCount; }
        Assert.Equal(y1, y3);
        Assert.Equal(d1, d3);
        Assert.True(float.IsNaN(y3[3 * N]) && float.IsNaN(y3[77 * N]), "the NaN and all −∞ rows give NaN");
    }

    private static void Run(string kind, float[] x, float[] y, float[] dy, float[] dx, int[] shape)
    {
        switch (kind)
        {
            case "softmax": SoftmaxKernels.Softmax(x, y, shape); SoftmaxKernels.SoftmaxBackward(y, dy, dx, shape); break;
            case "softmin": SoftmaxKernels.Softmin(x, y, shape); SoftmaxKernels.SoftminBackward(y, dy, dx, shape); break;
            default: SoftmaxKernels.LogSoftmax(x, y, shape); SoftmaxKernels.LogSoftmaxBackward(y, dy, dx, shape); break;
        }
    }

    [Fact]
    public void A_split_pass_allocates_nothing_after_warm_up()
    {
        var x = Inputs(43);
        var y = new float[x.Length];
        var dx = new float[x.Length];
        int[] shape = [Rows, N];
        try
        {
            Elementwise.MaxThreads = 2;
            ActLab.Kernels.Threading.Workers.Reserve(2);
            SoftmaxKernels.LogSoftmax(x, y, shape);
            SoftmaxKernels.LogSoftmaxBackward(y, x, dx, shape);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 5; i++)
            {
                SoftmaxKernels.LogSoftmax(x, y, shape);
                SoftmaxKernels.LogSoftmaxBackward(y, x, dx, shape);
            }
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally { Elementwise.MaxThreads = Environment.ProcessorCount; }
    }
}
