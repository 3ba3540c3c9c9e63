using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Training;
using ActLab.Kernels.Random;

namespace ActLab.Core.Tests.Data;

/// <summary>--standardize no longer builds a standardised copy of the data set: the loaders standardise as they
/// batch. Their batches must be the copy's bits, for narrow rows (copied and standardised once) and wide rows
/// (referenced, standardised per batch), and the wide path must stay allocation-free per step.</summary>
public class StandardizedLoaderTests
{
    private static float[][] Rows(int n, int d, ulong seed)
    {
        var rng = new Pcg32(seed);
        var f = new float[n][];
        for (int i = 0; i < n; i++)
        {
            f[i] = new float[d];
            for (int j = 0; j < d; j++) f[i][j] = (float)(rng.NextDouble() * (j + 1) * 10 - 3 * j);
        }
        return f;
    }

    [Theory]
    [InlineData(2)]      // narrow: the tutorials' two features
    [InlineData(100)]    // wide: referenced rows (DataLoader.WideRow = 64)
    public void Batches_equal_those_over_the_standardised_copy(int d)
    {
        var f = Rows(300, d, (ulong)d);
        f[7][0] = 5f; // a repeated value and a constant-free feature set; std from the training rows only
        var y = Enumerable.Range(0, 300).Select(i => (float)(i % 2)).ToArray();
        var parts = Split.Random(300, Split.Sizes(300, [0.8, 0.1, 0.1]), 3);
        var (mean, std) = Standardization.Fit(f, parts[0]);
        var copy = Standardization.Apply(f, mean, std);
        foreach (var rows in parts)
        {
            var expected = new DataLoader(copy, y, rows, 32, true, false, 9);
            var got = new DataLoader(f, y, rows, 32, true, false, 9, standardize: (mean, std));
            for (int epoch = 0; epoch < 2; epoch++)
            {
                expected.StartEpoch();
                got.StartEpoch();
                for (int b = 0; b < expected.BatchCount; b++)
                {
                    var e = expected.Batch(b);
                    var g = got.Batch(b);
                    Assert.Equal(e.X.Data, g.X.Data);
                    Assert.Equal(e.Y.Data, g.Y.Data);
                }
            }
        }
        // The data set itself is left as it was read.
        Assert.Equal(Rows(300, d, (ulong)d)[3], f[3]);
    }

    [Fact]
    public void Fit_row_by_row_equals_the_column_averages()
    {
        var f = Rows(500, 9, 4);
        for (int i = 0; i < 500; i++) f[i][8] = 2.5f; // a constant feature keeps std 1
        int[] rows = [.. Enumerable.Range(0, 500).Where(i => i % 3 != 0)];
        var (mean, std) = Standardization.Fit(f, rows);
        for (int j = 0; j < 9; j++)
        {
            double m = rows.Average(i => (double)f[i][j]);
            double v = rows.Average(i => (f[i][j] - m) * (f[i][j] - m));
            Assert.Equal((float)m, mean[j]);
            Assert.Equal(j == 8 ? 1f : (float)Math.Sqrt(v), std[j]);
        }
    }

    [Fact]
    public void A_mismatched_standardisation_is_refused()
    {
        var f = Rows(10, 3, 1);
        var ex = Assert.Throws<ArgumentException>(() => new DataLoader(f, new float[10], [0, 1, 2], 2, false, false, 0, standardize: (new float[2], new float[3])));
        Assert.Contains("2 means", ex.Message);
    }

    [Fact]
    public void Standardised_wide_batches_allocate_nothing_after_warm_up()
    {
        // The loader alone (the training loop around it has its own test, LoopAllocationTests). A whole-epoch count
        // through the Trainer saw 8,200 bytes in one CI run and 1 in 12 full local runs, most likely ApplyInPlace's
        // promotion to tier 1 mid-epoch (the call-count callback allocates on the calling thread): it is now
        // AggressiveOptimization, and 24 full runs since passed every allocation test.
        var f = Rows(1600, 100, 2);
        var y = Enumerable.Range(0, 1600).Select(i => (float)(i % 2)).ToArray();
        int[] all = [.. Enumerable.Range(0, 1600)];
        var loader = new DataLoader(f, y, all, 16, true, false, 1, standardize: Standardization.Fit(f, all));
        float sink = 0;
        void Epoch()
        {
            loader.StartEpoch();
            for (int b = 0; b < loader.BatchCount; b++) sink += loader.Batch(b).X.Data[0];
        }
        for (int e = 0; e < 5; e++) Epoch();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Epoch(); // 100 batches
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(bytes == 0, $"100 standardised batches allocated {bytes} bytes");
        Assert.True(float.IsFinite(sink));
    }
}
