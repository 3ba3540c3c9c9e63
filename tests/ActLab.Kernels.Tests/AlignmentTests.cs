using ActLab.Kernels.Random;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Tests;

/// <summary>The elementwise driver runs the elements before the output's first vector-aligned address through its padded
/// tail, so that the loop's stores are aligned: every element still gets the same bits as when computed alone, at
/// every offset from a cache line, out of place and in place, forward and backward.</summary>
[Collection("workers")]
public class AlignmentTests
{
    public static TheoryData<string> Specs => ["sigmoid", "relu", "gelu", "silu", "elu", "hardswish", "exponential", "log-sigmoid", "mish"];

    private static bool SameBits(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    [Theory, MemberData(nameof(Specs))]
    public void Every_offset_gives_the_bits_of_each_element_computed_alone(string spec)
    {
        var act = Catalogue.Catalogue.Resolve(spec);
        const int n = 1000 + 13;                  // long enough to peel (at least 8 vectors), with a tail
        var rng = new Pcg32(11);
        var source = new float[n + 32];
        var grad = new float[n + 32];
        for (int i = 0; i < source.Length; i++)
        {
            source[i] = (float)((rng.NextDouble() * 2 - 1) * 30);
            grad[i] = (float)(rng.NextDouble() * 2 - 1);
        }
        // Each element alone: a one-element span, which only the padded tail computes.
        var alone = new float[source.Length];
        var aloneDx = new float[source.Length];
        for (int i = 0; i < source.Length; i++)
        {
            act.Forward(source.AsSpan(i, 1), alone.AsSpan(i, 1));
            act.Backward(source.AsSpan(i, 1), alone.AsSpan(i, 1), grad.AsSpan(i, 1), aloneDx.AsSpan(i, 1));
        }
        for (int offset = 0; offset < 17; offset++)
        {
            var x = source.AsSpan(offset, n);
            var y = new float[n + 17].AsSpan(17 - offset / 2, n);   // output at another offset than x
            var dx = new float[n + 17].AsSpan(offset / 3, n);
            act.Forward(x, y);
            act.Backward(x, y, grad.AsSpan(offset, n), dx);
            var inPlace = x.ToArray().AsSpan();
            act.Forward(inPlace, inPlace);
            var dyInPlace = grad.AsSpan(offset, n).ToArray().AsSpan();
            act.Backward(x, y, dyInPlace, dyInPlace);
            for (int i = 0; i < n; i++)
            {
                Assert.True(SameBits(alone[offset + i], y[i]), $"{spec} offset {offset}, element {i}: {y[i]:R}, alone {alone[offset + i]:R}");
                Assert.True(SameBits(alone[offset + i], inPlace[i]), $"{spec} in place, offset {offset}, element {i}: {inPlace[i]:R}, alone {alone[offset + i]:R}");
                Assert.True(SameBits(aloneDx[offset + i], dx[i]), $"{spec}′ offset {offset}, element {i}: {dx[i]:R}, alone {aloneDx[offset + i]:R}");
                Assert.True(SameBits(aloneDx[offset + i], dyInPlace[i]), $"{spec}′ in place over dy, offset {offset}, element {i}: {dyInPlace[i]:R}, alone {aloneDx[offset + i]:R}");
            }
        }
    }

    [Fact]
    public void The_head_reaches_the_next_aligned_address_and_only_when_there_is_one()
    {
        var buffer = GC.AllocateArray<float>(4096, pinned: true);
        nuint start = (nuint)System.Runtime.InteropServices.Marshal.UnsafeAddrOfPinnedArrayElement(buffer, 0);
        {
            foreach (nuint w in new nuint[] { 4, 8, 16 })
            {
                nuint bytes = w * sizeof(float);
                for (int offset = 0; offset < 2 * (int)w; offset++)
                {
                    var span = buffer.AsSpan(offset, 1000);
                    nuint address = start + (nuint)offset * sizeof(float);
                    nuint head = Elementwise.Head(span, span.Length, w);
                    Assert.True(head < w, $"w {w} offset {offset}: head {head}");
                    Assert.Equal((nuint)0, (address + head * sizeof(float)) % bytes);
                    Assert.Equal(address % bytes == 0, head == 0);
                }
                // Spans shorter than 8 vectors are not peeled.
                Assert.Equal((nuint)0, Elementwise.Head(buffer.AsSpan(1, 8 * (int)w - 1), 8 * (int)w - 1, w));
            }
        }
    }
}
