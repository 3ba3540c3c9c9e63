using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace ActLab.Core.Data;

/// <summary>An IDX array (LeCun's format for MNIST and its kin): dimensions and unsigned bytes in row-major order.</summary>
public sealed record IdxArray(int[] Dimensions, byte[] Data)
{
    /// <summary>The first dimension (images or labels).</summary>
    public int Count => Dimensions[0];
    /// <summary>Values per item: the product of the other dimensions (784 for 28×28 images, 1 for labels).</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);
}

/// <summary>Reads IDX files, gzip-compressed or raw (MNIST, Fashion-MNIST, KMNIST and EMNIST ship them): the magic
/// number (two zero bytes, the type 0x08 for unsigned bytes, the number of dimensions), the dimensions as big-endian
/// int32, then the data. Every defect is a <see cref="DataException"/> naming the file.</summary>
public static class Idx
{
    /// <summary>The most bytes an IDX array may hold (1 GiB: EMNIST's largest is 0.6 GB).</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>Reads <paramref name="path"/>; gzip is detected by its magic bytes, not by the name.</summary>
    public static IdxArray Read(string path)
    {
        string name = Path.GetFileName(path);
        if (Directory.Exists(path)) throw new DataException($"{path}: is a folder, not an IDX file.", path);
        if (!File.Exists(path)) throw new DataException($"{path}: no such file.", path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> head = stackalloc byte[2];
        int got = file.Read(head);
        file.Position = 0;
        bool gzip = got == 2 && head[0] == 0x1F && head[1] == 0x8B;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try { return Read(stream, name, gzip); }
        catch (InvalidDataException e) { throw new DataException($"{name}: the gzip data is corrupt ({e.Message}).", path); }
    }

    private static IdxArray Read(Stream stream, string name, bool gzip)
    {
        var magic = new byte[4];
        int got = ReadFully(stream, magic);
        if (got < 4) throw new DataException(gzip ? $"{name}: the gzip data is corrupt or truncated (no IDX header inside)." : $"{name}: {(got == 0 ? "empty" : "too short")}; an IDX file starts with a 4-byte magic number.", name);
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataException($"{name}: not an IDX file (the magic number starts {magic[0]:X2} {magic[1]:X2}, not 00 00).", name);
        if (magic[2] != 0x08)
            throw new DataException(string.Create(CultureInfo.InvariantCulture, $"{name}: IDX data type 0x{magic[2]:X2}; only 0x08 (unsigned bytes, as MNIST and Fashion-MNIST use) is read."), name);
        int rank = magic[3];
        if (rank is < 1 or > 4) throw new DataException($"{name}: {rank} dimensions; an IDX file of images or labels has 1 to 4.", name);
        var dimBytes = new byte[4 * rank];
        if (ReadFully(stream, dimBytes) < dimBytes.Length) throw new DataException($"{name}: truncated in its header (the {rank} dimensions).", name);
        var dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (d == 0 || d > int.MaxValue) throw new DataException(string.Create(CultureInfo.InvariantCulture, $"{name}: dimension {i + 1} is {d}; it must be 1 to {int.MaxValue:N0}."), name);
            dims[i] = (int)d;
            total *= d;
            if (total > MaxBytes)
                throw new DataException(string.Create(CultureInfo.InvariantCulture, $"{name}: dimensions {string.Join("×", dimBytes.Chunk(4).Take(i + 1).Select(c => BinaryPrimitives.ReadUInt32BigEndian(c)))} make more than {MaxBytes:N0} bytes."), name);
        }
        var data = new byte[total];
        long read = ReadFully(stream, data);
        if (read < total)
            throw new DataException(string.Create(CultureInfo.InvariantCulture, $"{name}: truncated: the header promises {total:N0} bytes of data ({string.Join("×", dims)}) but the file holds {read:N0}."), name);
        if (stream.ReadByte() >= 0) throw new DataException($"{name}: more data than its dimensions ({string.Join("×", dims)}) say; is it the right file?", name);
        return new IdxArray(dims, data);
    }

    private static int ReadFully(Stream s, byte[] buffer)
    {
        int done = 0;
        while (done < buffer.Length)
        {
            int n = s.Read(buffer, done, buffer.Length - done);
            if (n == 0) break;
            done += n;
        }
        return done;
    }
}
