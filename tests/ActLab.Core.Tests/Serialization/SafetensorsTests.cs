using System.Text;
using ActLab.Core.Serialization;

namespace ActLab.Core.Tests.Serialization;

public class SafetensorsTests
{
    [Fact]
    public void Matches_the_upstream_test_vector_byte_for_byte()
    {
        // huggingface/safetensors test: "attn.0", F32, [1,2,3], values 0..5; the 64-byte header needs no padding.
        var bytes = Safetensors.Serialize([new NamedTensor("attn.0", [1, 2, 3], [0, 1, 2, 3, 4, 5])]);
        Assert.Equal(64UL, BitConverter.ToUInt64(bytes, 0));
        Assert.Equal("{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", Encoding.UTF8.GetString(bytes, 8, 64));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0x80, 0x3F, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40, 0, 0, 0xA0, 0x40 }, bytes[72..]);
    }

    [Fact]
    public void Pads_the_header_with_spaces_to_a_multiple_of_eight()
    {
        var bytes = Safetensors.Serialize([new NamedTensor("attn0", [1, 1, 2, 3], [0, 1, 2, 3, 4, 5])]);
        Assert.Equal(72UL, BitConverter.ToUInt64(bytes, 0));
        Assert.EndsWith("}       ", Encoding.UTF8.GetString(bytes, 8, 72));
    }

    [Fact]
    public void Round_trips_tensors_and_metadata()
    {
        var bytes = Safetensors.Serialize([new NamedTensor("0.weight", [2, 3], [1, 2, 3, 4, 5, 6]), new NamedTensor("0.bias", [2], [-1, 1])],
            new Dictionary<string, string> { ["format"] = "pt" });
        var (t, meta) = Safetensors.Parse(bytes);
        Assert.Equal([1f, 2, 3, 4, 5, 6], t["0.weight"].Data);
        Assert.Equal([2, 3], t["0.weight"].Shape);
        Assert.Equal("pt", meta["format"]);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("trailing data")]
    [InlineData("gap")]
    [InlineData("dtype")]
    [InlineData("not JSON")]
    [InlineData("header length")]
    public void Rejects_invalid_files_with_a_reason(string what)
    {
        var good = Safetensors.Serialize([new NamedTensor("a", [2], [1, 2])]);
        byte[] bad = what switch
        {
            "truncated" => good[..^1],
            "trailing data" => [.. good, 0],
            "gap" => Make("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
            "dtype" => Make("{\"a\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4),
            "not JSON" => Make("{\"a\":", 0),
            _ => [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 1, 2],
        };
        var ex = Assert.Throws<InvalidDataException>(() => Safetensors.Parse(bad, "m.safetensors"));
        Assert.StartsWith("m.safetensors: not a valid safetensors file: ", ex.Message);
    }

    private static byte[] Make(string header, int dataBytes)
    {
        var h = Encoding.UTF8.GetBytes(header);
        return [.. BitConverter.GetBytes((ulong)h.Length), .. h, .. new byte[dataBytes]];
    }
}
