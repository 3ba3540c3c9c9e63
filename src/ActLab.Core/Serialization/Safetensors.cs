using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace ActLab.Core.Serialization;

/// <summary>One named F32 tensor of a safetensors file.</summary>
public sealed record NamedTensor(string Name, int[] Shape, float[] Data);

/// <summary>
/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length N, a JSON header padded
/// with spaces so 8 + N is a multiple of 8, then the tensors back to back, little-endian, row-major. ActLab writes
/// F32 only, with PyTorch's names and layouts, so the same file loads with <c>safetensors.torch.load_file</c>.
/// </summary>
public static class Safetensors
{
    private const long MaxHeader = 100_000_000;

    /// <summary>The file's bytes: <c>__metadata__</c> first, tensors sorted by name (all F32, so equally aligned).</summary>
    public static byte[] Serialize(IEnumerable<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        if (list.Select(t => t.Name).Distinct().Count() != list.Count) throw new ArgumentException("Tensor names must be unique.");
        using var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var t in list)
            {
                long bytes = 4L * t.Data.Length;
                if (t.Shape.Aggregate(1L, (a, b) => a * b) != t.Data.Length) throw new ArgumentException($"Tensor {t.Name}: shape does not match its data.");
                w.WriteStartObject(t.Name);
                w.WriteString("dtype", "F32");
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + bytes);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += bytes;
            }
            w.WriteEndObject();
        }
        var header = json.ToArray();
        int n = header.Length, pad = (8 - (8 + n) % 8) % 8;
        var output = new MemoryStream();
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)(n + pad));
        output.Write(len);
        output.Write(header);
        for (int i = 0; i < pad; i++) output.WriteByte((byte)' ');
        Span<byte> four = stackalloc byte[4];
        foreach (var t in list)
            foreach (var v in t.Data)
            {
                BinaryPrimitives.WriteSingleLittleEndian(four, v);
                output.Write(four);
            }
        return output.ToArray();
    }

    /// <summary>Reads and validates a file; any violation is an <see cref="InvalidDataException"/> naming the file and the rule.
    /// The header is checked (shapes with checked arithmetic, offsets against the file's length, at most
    /// <paramref name="maxFloats"/> values) before any tensor is allocated.</summary>
    public static (Dictionary<string, NamedTensor> Tensors, Dictionary<string, string> Metadata) Read(string path, long maxFloats = 1L << 28)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return ReadAll(fs, path, maxFloats);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not InvalidDataException and not EndOfStreamException)
        {
            throw new InvalidDataException($"{path}: cannot read ({e.Message}).");
        }
    }

    /// <summary>Parses and validates safetensors bytes (F32 tensors only).</summary>
    public static (Dictionary<string, NamedTensor> Tensors, Dictionary<string, string> Metadata) Parse(byte[] bytes, string name = "safetensors")
    {
        using var ms = new MemoryStream(bytes, writable: false);
        return ReadAll(ms, name, long.MaxValue);
    }

    private static (Dictionary<string, NamedTensor> Tensors, Dictionary<string, string> Metadata) ReadAll(Stream stream, string name, long maxFloats)
    {
        var header = ReadHeader(stream, name, maxFloats);
        var tensors = new Dictionary<string, NamedTensor>();
        foreach (var e in header.Tensors)
        {
            var data = new float[e.Count];
            ReadData(stream, header, e, data);
            tensors[e.Name] = new NamedTensor(e.Name, e.Shape, data);
        }
        return (tensors, header.Metadata);
    }

    /// <summary>Reads and validates the header of a safetensors stream (a regular file or memory) without reading tensors.</summary>
    /// <exception cref="InvalidDataException">Any rule of the format is broken, or the tensors hold more than <paramref name="maxFloats"/> values.</exception>
    public static SafetensorsHeader ReadHeader(Stream stream, string name, long maxFloats)
    {
        InvalidDataException Bad(string why) => new($"{name}: not a valid safetensors file: {why}.");
        long length = stream.Length;
        if (length < 8) throw Bad($"it is {length} bytes long, shorter than the 8-byte header length");
        Span<byte> len = stackalloc byte[8];
        stream.Position = 0;
        stream.ReadExactly(len);
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (n > MaxHeader) throw Bad($"the header length {n} is over the limit of {MaxHeader}");
        if ((long)n > length - 8) throw Bad($"the header claims {n} bytes but the file has only {length - 8} after the length (truncated?)");
        var headerBytes = new byte[n];
        stream.ReadExactly(headerBytes);
        JsonDocument doc;
        try { doc = JsonDocument.Parse(headerBytes); }
        catch (JsonException e) { throw Bad($"the header is not JSON ({e.Message})"); }
        using var _ = doc;
        if (doc.RootElement.ValueKind != JsonValueKind.Object) throw Bad("the header is not a JSON object");
        var meta = new Dictionary<string, string>();
        var entries = new List<TensorEntry>();
        var seen = new HashSet<string>();
        long totalFloats = 0;
        foreach (var prop in doc.RootElement.EnumerateObject())
        {
            if (!seen.Add(prop.Name)) throw Bad($"the key '{prop.Name}' appears twice");
            if (prop.Name == "__metadata__")
            {
                if (prop.Value.ValueKind != JsonValueKind.Object) throw Bad("__metadata__ is not an object");
                foreach (var m in prop.Value.EnumerateObject())
                    meta[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : throw Bad($"metadata '{m.Name}' is not a string");
                continue;
            }
            var v = prop.Value;
            if (v.ValueKind != JsonValueKind.Object || !v.TryGetProperty("dtype", out var dt) || !v.TryGetProperty("shape", out var sh) || !v.TryGetProperty("data_offsets", out var off))
                throw Bad($"tensor '{prop.Name}' lacks dtype, shape or data_offsets");
            if (dt.ValueKind != JsonValueKind.String || dt.GetString() != "F32") throw Bad($"tensor '{prop.Name}' has dtype {dt}; ActLab reads F32");
            int[] shape;
            long begin, end, count = 1;
            try
            {
                if (sh.ValueKind != JsonValueKind.Array || off.ValueKind != JsonValueKind.Array) throw new FormatException();
                shape = [.. sh.EnumerateArray().Select(d => d.GetInt32())];
                var o = off.EnumerateArray().Select(d => d.GetInt64()).ToArray();
                if (o.Length != 2) throw Bad($"tensor '{prop.Name}' has {o.Length} data_offsets, not 2");
                (begin, end) = (o[0], o[1]);
                if (shape.Any(d => d < 0)) throw Bad($"tensor '{prop.Name}' has a negative dimension");
                checked
                {
                    foreach (var d in shape) count *= d;
                    totalFloats += count;
                    if (4 * count < 0) throw new OverflowException();
                }
            }
            catch (OverflowException) { throw Bad($"tensor '{prop.Name}' has a shape [{string.Join(",", sh.EnumerateArray())}] whose size overflows"); }
            catch (Exception e) when (e is InvalidOperationException or FormatException) { throw Bad($"tensor '{prop.Name}' has a malformed shape or data_offsets"); }
            if (totalFloats > maxFloats) throw Bad($"its tensors hold more than {maxFloats:N0} values");
            if (begin < 0 || end < begin || end - begin != 4 * count) throw Bad($"tensor '{prop.Name}' spans bytes [{begin}, {end}) but its shape needs {4 * count}");
            entries.Add(new TensorEntry(prop.Name, shape, begin, end));
        }
        long expected = 0;
        foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (e.Begin != expected) throw Bad($"tensor '{e.Name}' starts at byte {e.Begin}, expected {expected} (a gap or an overlap)");
            expected = e.End;
        }
        long dataStart = 8 + (long)n;
        if (dataStart + expected != length) throw Bad($"the tensors end at byte {dataStart + expected} but the file has {length} bytes (truncated or trailing data)");
        return new SafetensorsHeader(meta, entries, dataStart);
    }

    /// <summary>Reads one tensor's values (little-endian F32) into <paramref name="into"/>.</summary>
    public static void ReadData(Stream stream, SafetensorsHeader header, TensorEntry entry, Span<float> into)
    {
        if (into.Length != entry.Count) throw new ArgumentException($"Tensor '{entry.Name}' has {entry.Count} values; the destination has {into.Length}.", nameof(into));
        stream.Position = header.DataStart + entry.Begin;
        stream.ReadExactly(System.Runtime.InteropServices.MemoryMarshal.AsBytes(into));
        if (!BitConverter.IsLittleEndian)
            for (int i = 0; i < into.Length; i++) into[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReverseEndianness(BitConverter.SingleToInt32Bits(into[i])));
    }
}

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed record TensorEntry(string Name, int[] Shape, long Begin, long End)
{
    /// <summary>Values in the tensor.</summary>
    public long Count => (End - Begin) / 4;
}

/// <summary>A validated safetensors header.</summary>
public sealed record SafetensorsHeader(Dictionary<string, string> Metadata, IReadOnlyList<TensorEntry> Tensors, long DataStart);
