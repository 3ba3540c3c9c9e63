using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActLab.Web.Playground;

/// <summary>
/// A frame on the wire: little-endian uint32 header length L, L bytes of UTF-8 JSON (padded with spaces to a
/// multiple of 4), then float32 arrays back to back. The header's <c>arrays</c> object gives each array's
/// [offset, length] in floats from the start of the float section, so the page wraps them in Float32Arrays without
/// copying or parsing a number per pixel.
/// </summary>
public static class FrameEncoder
{
    /// <summary>Encodes <paramref name="header"/> (an <c>arrays</c> entry is added) and <paramref name="arrays"/>.</summary>
    public static byte[] Encode(JsonObject header, IReadOnlyList<(string Name, float[] Values)> arrays)
    {
        var index = new JsonObject();
        long offset = 0;
        foreach (var (name, values) in arrays)
        {
            index[name] = new JsonArray(offset, values.Length);
            offset += values.Length;
        }
        header["arrays"] = index;
        var json = Encoding.UTF8.GetBytes(header.ToJsonString(Options));
        int padded = (json.Length + 3) & ~3;
        var frame = new byte[4 + padded + 4 * offset];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)padded);
        json.CopyTo(frame, 4);
        frame.AsSpan(4 + json.Length, padded - json.Length).Fill((byte)' ');
        int at = 4 + padded;
        foreach (var (_, values) in arrays)
        {
            var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
            if (BitConverter.IsLittleEndian) bytes.CopyTo(frame.AsSpan(at));
            else for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(frame.AsSpan(at + 4 * i), values[i]);
            at += bytes.Length;
        }
        return frame;
    }

    /// <summary>Decodes a frame (the tests' and the load test's reader): the header and each named array.</summary>
    public static (JsonObject Header, Dictionary<string, float[]> Arrays) Decode(ReadOnlySpan<byte> frame)
    {
        int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(frame);
        var header = JsonNode.Parse(frame.Slice(4, length).ToArray())!.AsObject();
        var floats = frame[(4 + length)..];
        var arrays = new Dictionary<string, float[]>();
        foreach (var (name, node) in header["arrays"]!.AsObject())
        {
            int offset = node![0]!.GetValue<int>(), count = node[1]!.GetValue<int>();
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(floats.Slice(4 * (offset + i)));
            arrays[name] = values;
        }
        return (header, arrays);
    }

    // Non-finite numbers (a NaN loss before there is a test set) travel as null: JSON has no NaN.
    private static readonly JsonSerializerOptions Options = new() { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict };

    /// <summary>A double as a JSON value: null when it is not finite.</summary>
    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
