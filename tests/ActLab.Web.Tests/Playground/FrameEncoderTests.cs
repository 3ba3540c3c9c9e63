using System.Buffers.Binary;
using System.Text.Json.Nodes;
using ActLab.Web.Playground;

namespace ActLab.Web.Tests.Playground;

public class FrameEncoderTests
{
    [Fact]
    public void A_frame_round_trips_and_its_float_section_is_aligned()
    {
        float[] a = [1.5f, -0f, float.Epsilon, 3.4e38f], b = [], c = [42];
        var bytes = FrameEncoder.Encode(new JsonObject { ["type"] = "frame", ["x"] = "é" }, [("a", a), ("b", b), ("c", c)]);
        int header = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes);
        Assert.Equal(0, header % 4); // Float32Array needs a 4-byte aligned offset
        Assert.Equal(4 + header + 4 * 5, bytes.Length);
        var (h, arrays) = FrameEncoder.Decode(bytes);
        Assert.Equal("é", h["x"]!.GetValue<string>());
        Assert.Equal(a.Select(BitConverter.SingleToInt32Bits), arrays["a"].Select(BitConverter.SingleToInt32Bits));
        Assert.Empty(arrays["b"]);
        Assert.Equal([42f], arrays["c"]);
        Assert.Equal([4, 1], h["arrays"]!["c"]!.AsArray().Select(n => n!.GetValue<int>()));
    }

    [Fact]
    public void Non_finite_numbers_travel_as_null()
    {
        Assert.Null(FrameEncoder.Number(double.NaN));
        Assert.Null(FrameEncoder.Number(double.PositiveInfinity));
        Assert.Equal(0.25, FrameEncoder.Number(0.25)!.GetValue<double>());
    }

    [Fact]
    public void A_session_frame_carries_the_maps_neurons_and_weights_of_each_network()
    {
        var session = new PlaygroundSession(new PlaygroundSettings { Hidden = [3, 2], Compare = "relu" });
        var (header, arrays) = FrameEncoder.Decode(session.Frame(playing: false));
        Assert.Equal(2, header["nets"]!.AsArray().Count);
        int G = PlaygroundNet.Grid, N = PlaygroundNet.NeuronGrid;
        Assert.Equal(G * G, arrays["map0"].Length);
        Assert.Equal(5 * N * N, arrays["neurons1"].Length);
        Assert.Equal(2 * 3 + 3 + 3 * 2 + 2 + 2 * 1 + 1, arrays["weights0"].Length);
        Assert.All(arrays["map0"], p => Assert.InRange(p, 0f, 1f));
        // Compact: 4 bytes a number plus a small JSON header, not per-pixel JSON.
        int floats = arrays.Values.Sum(v => v.Length);
        Assert.InRange(session.Frame(false).Length, 4 * floats, 4 * floats + 2048);
    }
}
