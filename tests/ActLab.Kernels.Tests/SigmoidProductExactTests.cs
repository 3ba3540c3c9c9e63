using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Tests;

/// <summary>SiLU's derivative goes through <c>FMath.SigmoidProductDerivativeExact</c>, which leaves out the operations
/// that fold zero low parts in; it must be the same bits as the general σ(v)(1 + w·σ(−v)) with zero low parts, on every
/// vector width (.ci/run repeats this suite on 256- and 128-bit vectors), special values and both signs of zero
/// included.</summary>
public class SigmoidProductExactTests
{
    private static float[] Inputs()
    {
        var rng = new Pcg32(41);
        float[] specials = [0f, -0f, 1f, -1f, -1.2785f, float.Epsilon, -float.Epsilon, 1e-40f, -200f, -175f, -96f, 88f, 1e35f, -1e35f,
            float.MaxValue, -float.MaxValue, float.PositiveInfinity, float.NegativeInfinity, float.NaN];
        var v = new float[1 << 16];
        for (int i = 0; i < v.Length; i++)
            v[i] = i < specials.Length ? specials[i]
                : i % 2 == 0 ? (float)(rng.NextDouble() * 40 - 20)                               // where SiLU′ varies, its zero included
                : BitConverter.Int32BitsToSingle((int)rng.NextUInt());                            // any bit pattern
        return v;
    }

    private static void Check<TF, TD>(Func<float[], int, TF> load, Func<TF, int, float> lane, int width, string name)
        where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>
    {
        var x = Inputs();
        var zero = TF.Create(0f);
        for (int i = 0; i + width <= x.Length; i += width)
        {
            var v = load(x, i);
            var exact = FMath.SigmoidProductDerivativeExact<TF, TD>(v, v);
            var general = FMath.SigmoidProductDerivative<TF, TD>(v, zero, v, zero);
            for (int j = 0; j < width; j++)
            {
                float a = lane(exact, j), b = lane(general, j);
                Assert.True(float.IsNaN(a) ? float.IsNaN(b) : BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b),
                    $"{name}: at x = {lane(v, j):R} the exact path gives {a:R}, the general one {b:R}");
            }
        }
    }

    [Fact]
    public void The_exact_argument_path_is_the_general_one_bit_for_bit()
    {
        Check<F128, D128>((v, i) => F128.Load(ref v[0], (nuint)i), (x, j) => x.V[j], 4, "F128");
        Check<F256, D256>((v, i) => F256.Load(ref v[0], (nuint)i), (x, j) => x.V[j], 8, "F256");
        Check<F512, D512>((v, i) => F512.Load(ref v[0], (nuint)i), (x, j) => x.V[j], 16, "F512");
    }
}
