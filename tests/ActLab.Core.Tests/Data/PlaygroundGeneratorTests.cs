using ActLab.Core.Data;

namespace ActLab.Core.Tests.Data;

public class PlaygroundGeneratorTests
{
    [Theory]
    [InlineData("circle")]
    [InlineData("xor")]
    [InlineData("gauss")]
    [InlineData("spiral")]
    [InlineData("moons")]
    [InlineData("blobs")]
    public void Each_set_is_balanced_seeded_and_bounded(string name)
    {
        var a = PlaygroundGenerators.Generate(name, 400, 0.1, 5);
        Assert.Equal(400, a.Count);
        if (name is "circle" or "xor") Assert.InRange(a.Labels.Count(l => l == 1), 150, 250); // label noise flips some
        else Assert.Equal(200, a.Labels.Count(l => l == 1));
        Assert.Equal(Generators.ToCsv(a), Generators.ToCsv(PlaygroundGenerators.Generate(name, 400, 0.1, 5)));
        Assert.NotEqual(Generators.ToCsv(a), Generators.ToCsv(PlaygroundGenerators.Generate(name, 400, 0.1, 6)));
        Assert.All(a.Rows, r => Assert.All(r, v => Assert.InRange(v, -20, 20)));
    }

    [Fact]
    public void Without_noise_circle_labels_follow_the_radius_and_xor_the_sign()
    {
        var c = PlaygroundGenerators.Generate("circle", 300, 0, 1);
        for (int i = 0; i < c.Count; i++)
            Assert.Equal(Math.Sqrt(c.Rows[i][0] * c.Rows[i][0] + c.Rows[i][1] * c.Rows[i][1]) < 2.5 ? 1 : 0, c.Labels[i]);
        var x = PlaygroundGenerators.Generate("xor", 300, 0, 1);
        for (int i = 0; i < x.Count; i++)
        {
            Assert.True(Math.Abs(x.Rows[i][0]) >= 0.3 && Math.Abs(x.Rows[i][1]) >= 0.3, "xor points are padded off the axes");
            Assert.Equal(x.Rows[i][0] * x.Rows[i][1] >= 0 ? 1 : 0, x.Labels[i]);
        }
    }

    [Fact]
    public void Spiral_and_blobs_take_a_class_count()
    {
        var s = PlaygroundGenerators.Generate("spiral", 300, 0.1, 2, classes: 3);
        Assert.Equal([0, 1, 2], s.Labels.Distinct().Order());
        Assert.All(s.Rows, r => Assert.InRange(Math.Sqrt(r[0] * r[0] + r[1] * r[1]), 0, 1.0001));
        var b = PlaygroundGenerators.Generate("blobs", 400, 1, 2, classes: 4);
        Assert.Equal(100, b.Labels.Count(l => l == 3));
    }

    [Theory]
    [InlineData("circle", 1, 0.0, 2, "Samples must be at least 2")]
    [InlineData("circle", 100, -0.5, 2, "The noise must be a finite number ≥ 0")]
    [InlineData("blobs", 100, 0.0, 1, "Classes must be at least 2")]
    [InlineData("rings", 100, 0.0, 2, "Unknown data set 'rings'")]
    public void Bad_parameters_are_refused(string name, int samples, double noise, int classes, string message) =>
        Assert.Contains(message, Assert.Throws<ActLab.Kernels.InputException>(() => PlaygroundGenerators.Generate(name, samples, noise, 1, classes)).Message);
}
