using ActLab.Core.Data;

namespace ActLab.Core.Tests.Data;

public class SplitAndCsvTests
{
    [Theory]
    [InlineData(1000, new[] { 0.8, 0.1, 0.1 }, new[] { 800, 100, 100 })]
    [InlineData(10, new[] { 0.33, 0.33, 0.34 }, new[] { 4, 3, 3 })] // floors 3,3,3; the remainder goes round-robin from the first
    [InlineData(7, new[] { 0.5, 0.5 }, new[] { 4, 3 })]
    public void Fraction_sizes_follow_pytorch_random_split(int n, double[] fractions, int[] expected) =>
        Assert.Equal(expected, Split.Sizes(n, fractions));

    [Fact]
    public void Random_split_is_a_seeded_partition()
    {
        var parts = Split.Random(100, [80, 10, 10], 3);
        Assert.Equal(Enumerable.Range(0, 100), parts.SelectMany(p => p).Order());
        Assert.Equal(parts[0], Split.Random(100, [80, 10, 10], 3)[0]);
        Assert.NotEqual(parts[0], Split.Random(100, [80, 10, 10], 4)[0]);
    }

    [Fact]
    public void Csv_reads_quoted_fields_and_maps_string_labels_in_sorted_order()
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "q.csv");
        File.WriteAllText(path, "\"width, cm\",height,kind\r\n1.5,2,\"dog\"\r\n\r\n3,4,cat\r\n5,6,\"say \"\"hi\"\"\"\r\n");
        var d = CsvTable.Read(path);
        Assert.Equal(["width, cm", "height"], d.FeatureNames);
        Assert.Equal(["cat", "dog", "say \"hi\""], d.Classes);
        Assert.Equal([1f, 0f, 2f], d.Targets);
        Assert.Equal([1.5f, 2f], d.Features[0]);
    }

    [Fact]
    public void Integer_labels_are_classes_and_fractional_ones_a_regression_target()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        File.WriteAllText(Path.Combine(dir, "c.csv"), "a,label\n1,2\n2,10\n3,2\n");
        Assert.Equal(["2", "10"], CsvTable.Read(Path.Combine(dir, "c.csv")).Classes);
        File.WriteAllText(Path.Combine(dir, "r.csv"), "a,y\n1,0.5\n2,1.25\n");
        var r = CsvTable.Read(Path.Combine(dir, "r.csv"));
        Assert.True(r.IsRegression);
        Assert.Equal([0.5f, 1.25f], r.Targets);
    }
}
