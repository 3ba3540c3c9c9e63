using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Tests;

/// <summary>FmaNeg and FmaSub (one vfnmadd / vfmsub each) are the same bits as the FMA with a negated operand, on every
/// vector width, float and double, special values included: the kernels that moved to them must not change a bit.
/// .ci/run runs this suite again with DOTNET_EnableAVX512=0 (the 256-bit types on FMA3) and DOTNET_EnableAVX=0 (the
/// 128-bit types without FMA hardware, and the 256- and 512-bit types emulated), so every branch of FmaNeg and FmaSub
/// is taken.</summary>
public class FmaVariantTests
{
    private static readonly float[] Specials =
        [0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, 1e-40f, float.MaxValue, -float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN, 3f, 1f / 3, 6f];

    private static float[] Values(int n)
    {
        var rng = new Pcg32(31);
        var v = new float[n];
        for (int i = 0; i < n; i++)
            v[i] = i % 3 == 0 ? Specials[(int)(rng.NextUInt() % (uint)Specials.Length)] : (float)((rng.NextDouble() * 2 - 1) * Math.Pow(2, rng.NextDouble() * 80 - 40));
        return v;
    }

    private static void Check<TV>(Func<float[], int, TV> load, Func<TV, int, double> lane, int width, Func<TV, TV, TV, TV> neg, Func<TV, TV, TV, TV> sub,
        Func<double, double, double, double> wantNeg, Func<double, double, double, double> wantSub, string name)
    {
        var a = Values(4096); var b = Values(4096 + 7)[7..]; var c = Values(4096 + 13)[13..];
        for (int i = 0; i + width <= a.Length; i += width)
        {
            var (va, vb, vc) = (load(a, i), load(b, i), load(c, i));
            var (n, s) = (neg(va, vb, vc), sub(va, vb, vc));
            for (int j = 0; j < width; j++)
            {
                double x = lane(va, j), y = lane(vb, j), z = lane(vc, j);
                Same(lane(n, j), wantNeg(x, y, z), $"{name}.FmaNeg({x:R}, {y:R}, {z:R})");
                Same(lane(s, j), wantSub(x, y, z), $"{name}.FmaSub({x:R}, {y:R}, {z:R})");
            }
        }
    }

    private static void Same(double got, double want, string what)
    {
        if (double.IsNaN(want)) Assert.True(double.IsNaN(got), $"{what} = {got:R}, want NaN");
        else Assert.True(BitConverter.DoubleToInt64Bits(got) == BitConverter.DoubleToInt64Bits(want), $"{what} = {got:R}, want {want:R}");
    }

    private static double FNeg(double a, double b, double c) => MathF.FusedMultiplyAdd(-(float)a, (float)b, (float)c);
    private static double FSub(double a, double b, double c) => MathF.FusedMultiplyAdd((float)a, (float)b, -(float)c);
    private static double DNeg(double a, double b, double c) => Math.FusedMultiplyAdd(-a, b, c);
    private static double DSub(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, -c);

    [Fact]
    public void Float_lanes_equal_the_fma_with_a_negated_operand()
    {
        Check((v, i) => F128.Load(ref v[0], (nuint)i), (x, j) => x.V[j], 4, F128.FmaNeg, F128.FmaSub, FNeg, FSub, "F128");
        Check((v, i) => F256.Load(ref v[0], (nuint)i), (x, j) => x.V[j], 8, F256.FmaNeg, F256.FmaSub, FNeg, FSub, "F256");
        Check((v, i) => F512.Load(ref v[0], (nuint)i), (x, j) => x.V[j], 16, F512.FmaNeg, F512.FmaSub, FNeg, FSub, "F512");
    }

    [Fact]
    public void Double_lanes_equal_the_fma_with_a_negated_operand()
    {
        // Doubles from the same floats, times a factor that makes the products inexact in double as well.
        static double[] D(float[] v, int i, int w) { var d = new double[w]; for (int j = 0; j < w; j++) d[j] = v[i + j] * 1.0000000000000002; return d; }
        Check((v, i) => { var d = D(v, i, 2); return D128.Load(ref d[0], 0); }, (x, j) => x.V[j], 2, D128.FmaNeg, D128.FmaSub, DNeg, DSub, "D128");
        Check((v, i) => { var d = D(v, i, 4); return D256.Load(ref d[0], 0); }, (x, j) => x.V[j], 4, D256.FmaNeg, D256.FmaSub, DNeg, DSub, "D256");
        Check((v, i) => { var d = D(v, i, 8); return D512.Load(ref d[0], 0); }, (x, j) => x.V[j], 8, D512.FmaNeg, D512.FmaSub, DNeg, DSub, "D512");
    }
}
