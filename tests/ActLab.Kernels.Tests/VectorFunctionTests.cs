using ActLab.Kernels.Softmax;

namespace ActLab.Kernels.Tests;

/// <summary>GLU and sparsemax: known values, shapes, and gradients against central differences in double.</summary>
public class VectorFunctionTests
{
    private static double Sig(double v) => 1 / (1 + Math.Exp(-v));

    [Fact]
    public void Glu_gates_the_first_half_by_the_sigmoid_of_the_second()
    {
        float[] x = [1, 2, 3, 0, -1, 2]; // shape [2, 3] along dim 0 halves rows: a = [1,2,3], b = [0,-1,2]
        var y = new float[3];
        Glu.Forward(x, y, [2, 3], 0);
        Assert.Equal(0.5f, y[0], 1e-7f);
        Assert.Equal((float)(2 * Sig(-1)), y[1], 1e-6f);
        Assert.Equal((float)(3 * Sig(2)), y[2], 1e-6f);
        Assert.Equal([1, 3], Glu.OutputShape([2, 3], 0));
        var ex = Assert.Throws<InputException>(() => Glu.Forward(new float[6], new float[3], [3, 2], 0));
        Assert.Contains("odd", ex.Message);
    }

    [Fact]
    public void Glu_backward_matches_central_differences()
    {
        float[] x = [0.3f, -1.2f, 2f, 0.7f, -0.4f, 1.1f, 0.2f, -2f];
        float[] dy = [1f, -0.5f, 0.25f, 2f];
        var dx = new float[8];
        Glu.Backward(x, dy, dx, [2, 4], -1);
        double L(double[] v)
        {
            double t = 0;
            for (int r = 0; r < 2; r++) for (int j = 0; j < 2; j++) t += dy[r * 2 + j] * v[r * 4 + j] * Sig(v[r * 4 + 2 + j]);
            return t;
        }
        var xd = x.Select(v => (double)v).ToArray();
        for (int k = 0; k < 8; k++)
        {
            double keep = xd[k];
            xd[k] = keep + 1e-6; double up = L(xd);
            xd[k] = keep - 1e-6; double down = L(xd);
            xd[k] = keep;
            Assert.Equal((up - down) / 2e-6, dx[k], 1e-5);
        }
    }

    [Fact]
    public void Sparsemax_gives_exact_zeros_and_sums_to_one()
    {
        var y = new float[3];
        Sparsemax.Forward([1f, 2f, 3f], y);
        Assert.Equal([0f, 0f, 1f], y);
        Sparsemax.Forward([0.1f, 0.2f, 0.3f], y);
        Assert.Equal(0.233333f, y[0], 1e-6f);
        Assert.Equal(0.333333f, y[1], 1e-6f);
        Assert.Equal(0.433333f, y[2], 1e-6f);
        Sparsemax.Forward([float.NegativeInfinity, 0f, 0f], y);
        Assert.Equal([0f, 0.5f, 0.5f], y);
        Sparsemax.Forward([float.NaN, 0f, 0f], y);
        Assert.All(y, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Sparsemax_backward_projects_onto_the_support()
    {
        float[] x = [0.1f, 0.2f, 0.3f, -5f];
        var y = new float[4];
        Sparsemax.Forward(x, y);
        var dx = new float[4];
        Sparsemax.Backward(y, [1f, 2f, 6f, 9f], dx);
        // support {0, 1, 2}, mean of dy there is 3
        Assert.Equal([-2f, -1f, 3f, 0f], dx);
    }

    [Fact]
    public void Sparsemax_along_dim_zero_of_a_matrix()
    {
        var y = new float[6];
        Sparsemax.Forward([1f, 0f, 3f, 0f, 2f, 0f], y, [3, 2], 0); // columns [1, 3, 2] and [0, 0, 0]
        Assert.Equal([0f, 1f / 3, 1f, 1f / 3, 0f, 1f / 3], y);
    }

    [Theory]
    [InlineData(1e16f, 0f, 0f, 1f, 0f, 0f)]
    [InlineData(1e30f, -1e30f, 3f, 1f, 0f, 0f)]
    [InlineData(-1e30f, 1e30f, 1e30f, 0f, 0.5f, 0.5f)]
    [InlineData(1e30f + 1e24f, 1e30f, -1e30f, 1f, 0f, 0f)] // the gap is 1e24 ≫ 1
    [InlineData(1000.25f, 1000f, -1000f, 0.625f, 0.375f, 0f)]
    public void Sparsemax_is_shift_invariant_even_for_huge_values(float a, float b, float c, float ya, float yb, float yc)
    {
        var y = new float[3];
        Sparsemax.Forward([a, b, c], y);
        Assert.Equal([ya, yb, yc], y);
    }
}
