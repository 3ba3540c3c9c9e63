using System.Buffers.Binary;
using System.IO.Compression;
using ActLab.Core.Data;

namespace ActLab.Core.Tests.Data;

public class IdxTests
{
    private static byte[] Idx(int[] dims, byte[] data, byte type = 0x08)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dims.Length;
        for (int i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    private static byte[] Gzip(byte[] raw)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(raw);
        return ms.ToArray();
    }

    private static string Write(string dir, string name, byte[] bytes)
    {
        string path = Path.Combine(dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A tiny MNIST-style folder: <paramref name="train"/> and <paramref name="test"/> 2×2 images, labels k % 3.</summary>
    internal static string Folder(int train = 5, int test = 3, bool gzip = true)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-idx-").FullName;
        byte[] Images(int n) => [.. Enumerable.Range(0, n * 4).Select(i => (byte)(i * 17 % 256))];
        byte[] Labels(int n) => [.. Enumerable.Range(0, n).Select(i => (byte)(i % 3))];
        string ext = gzip ? ".gz" : "";
        byte[] Z(byte[] b) => gzip ? Gzip(b) : b;
        Write(dir, "train-images-idx3-ubyte" + ext, Z(Idx([train, 2, 2], Images(train))));
        Write(dir, "train-labels-idx1-ubyte" + ext, Z(Idx([train], Labels(train))));
        Write(dir, "t10k-images-idx3-ubyte" + ext, Z(Idx([test, 2, 2], Images(test))));
        Write(dir, "t10k-labels-idx1-ubyte" + ext, Z(Idx([test], Labels(test))));
        return dir;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Raw_and_gzip_files_read_the_same(bool gzip)
    {
        string dir = Directory.CreateTempSubdirectory("actlab-idx-").FullName;
        var raw = Idx([3, 2, 2], [.. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        var a = ActLab.Core.Data.Idx.Read(Write(dir, "x", gzip ? Gzip(raw) : raw));
        Assert.Equal([3, 2, 2], a.Dimensions);
        Assert.Equal(4, a.ItemSize);
        Assert.Equal(11, a.Data[11]);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1 }, "not an IDX file (the magic number starts 01 00")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0 }, "IDX data type 0x0D; only 0x08")]
    [InlineData(new byte[] { 0, 0, 8, 9 }, "9 dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0 }, "truncated in its header")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 5, 1, 2 }, "truncated: the header promises 5 bytes of data (5) but the file holds 2")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 1, 7, 7 }, "more data than its dimensions (1) say")]
    [InlineData(new byte[] { 0, 0, 8, 3, 0x7F, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 2 }, "make more than 1,073,741,824 bytes")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 0 }, "dimension 1 is 0")]
    [InlineData(new byte[] { 0x1F, 0x8B, 8, 0, 1, 2, 3 }, "the gzip data is corrupt")]
    public void Defects_are_one_line_naming_the_file(byte[] bytes, string expected)
    {
        string path = Write(Directory.CreateTempSubdirectory("actlab-idx-").FullName, "bad-idx1-ubyte", bytes);
        var e = Assert.Throws<DataException>(() => ActLab.Core.Data.Idx.Read(path));
        Assert.StartsWith("bad-idx1-ubyte: ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_folder_loads_training_then_test_images_scaled_to_0_1_with_its_official_split()
    {
        var set = ImageDatasets.Load(Folder());
        Assert.Equal(5, set.TrainCount);
        Assert.Equal(3, set.TestCount);
        Assert.Equal(8, set.Data.Count);
        Assert.Equal(["pixel0", "pixel1", "pixel2", "pixel3"], set.Data.FeatureNames);
        Assert.Equal(["0", "1", "2"], set.Data.Classes);
        Assert.Equal(17 / 255f, set.Data.Features[0][1]);
        Assert.Equal(0f, set.Data.Features[5][0]); // the first test image starts the pattern again
        Assert.Equal(2f, set.Data.Targets[7]);
        var parts = ImageDatasets.Partition(5, 3, 2, seed: 4);
        Assert.Equal([5, 6, 7], parts[2]);
        Assert.Equal(2, parts[1].Length);
        Assert.Equal(Enumerable.Range(0, 5), parts[0].Concat(parts[1]).Order());
        Assert.Equal(parts[1], ImageDatasets.Partition(5, 3, 2, seed: 4)[1]);
    }

    [Fact]
    public void Mismatched_counts_and_missing_files_are_refused_with_the_fix()
    {
        string dir = Folder();
        File.WriteAllBytes(Path.Combine(dir, "t10k-labels-idx1-ubyte.gz"), Gzip(Idx([2], [0, 1])));
        Assert.Contains("t10k-images-idx3-ubyte.gz has 3 images but t10k-labels-idx1-ubyte.gz has 2 labels", Assert.Throws<DataException>(() => ImageDatasets.Load(dir)).Message);
        var missing = Assert.Throws<DataException>(() => ImageDatasets.Load("fashion-mnist", Directory.CreateTempSubdirectory("actlab-none-").FullName));
        Assert.Contains("install them with: sudo apt-get install dataset-fashion-mnist", missing.Message);
    }

    [Fact]
    public void Debian_fashion_mnist_loads_with_its_class_names()
    {
        // Installed by .ci/run (dataset-fashion-mnist); the first training and test images are both ankle boots.
        var set = ImageDatasets.Load("fashion-mnist");
        Assert.Equal(60_000, set.TrainCount);
        Assert.Equal(10_000, set.TestCount);
        Assert.Equal(784, set.Data.FeatureNames.Length);
        Assert.Equal("Ankle boot", set.Data.Classes[(int)set.Data.Targets[0]]);
        Assert.Equal("Ankle boot", set.Data.Classes[(int)set.Data.Targets[60_000]]);
        Assert.Equal(76247 / 255.0, set.Data.Features[0].Sum(v => (double)v), 3);
    }
}

public class WideRowLoaderTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(784)]
    public void Batches_hold_exactly_the_rows_they_name_for_narrow_and_wide_rows(int width)
    {
        var random = new System.Random(2);
        var features = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, width).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var targets = Enumerable.Range(0, 300).Select(i => (float)(i % 3)).ToArray();
        int[] rows = [.. Enumerable.Range(0, 300).Where(i => i % 4 != 0)];
        var loader = new DataLoader(features, targets, rows, 32, shuffle: true, dropLast: false, seed: 5);
        loader.StartEpoch();
        var seen = new List<int>();
        for (int b = 0; b < loader.BatchCount; b++)
        {
            var (x, y) = loader.Batch(b);
            var idx = loader.BatchIndices(b).ToArray();
            for (int i = 0; i < idx.Length; i++)
            {
                Assert.Equal(features[idx[i]], x.Row(i).ToArray());
                Assert.Equal(targets[idx[i]], y.Data[i]);
            }
            seen.AddRange(idx);
        }
        Assert.Equal(rows, seen.Order());
    }

    [Fact]
    public void A_loader_over_wide_rows_does_not_copy_them()
    {
        var features = Enumerable.Range(0, 2000).Select(_ => new float[784]).ToArray();
        var targets = new float[2000];
        long before = GC.GetAllocatedBytesForCurrentThread();
        _ = new DataLoader(features, targets, [.. Enumerable.Range(0, 2000)], 128, true, false, 1);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 2000L * 784 * 4 / 10, $"{allocated:N0} bytes allocated for 6.3 MB of rows");
    }
}
