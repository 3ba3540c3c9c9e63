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
        if (Directory.Exists(path)) throw new DataException(new ActLab.Kernels.TextKey("error.idx.folder", path), path);
        if (!File.Exists(path)) throw new DataException(new ActLab.Kernels.TextKey("error.file.none", path), path);
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        Span<byte> head = stackalloc byte[2];
        int got = file.Read(head);
        file.Position = 0;
        bool gzip = got == 2 && head[0] == 0x1F && head[1] == 0x8B;
        using Stream stream = gzip ? new GZipStream(file, CompressionMode.Decompress) : file;
        try { return Read(stream, name, gzip); }
        catch (InvalidDataException e) { throw new DataException(new ActLab.Kernels.TextKey("error.idx.gzip", name, e.Message), path); }
    }

    private static IdxArray Read(Stream stream, string name, bool gzip)
    {
        var magic = new byte[4];
        int got = ReadFully(stream, magic);
        if (got < 4) throw new DataException(new ActLab.Kernels.TextKey(gzip ? "error.idx.gzipShort" : got == 0 ? "error.idx.empty" : "error.idx.short", name), name);
        if (magic[0] != 0 || magic[1] != 0)
            throw new DataException(new ActLab.Kernels.TextKey("error.idx.magic", name, magic[0], magic[1]), name);
        if (magic[2] != 0x08)
            throw new DataException(new ActLab.Kernels.TextKey("error.idx.type", name, magic[2]), name);
        int rank = magic[3];
        if (rank is < 1 or > 4) throw new DataException(new ActLab.Kernels.TextKey("error.idx.rank", name, rank), name);
        var dimBytes = new byte[4 * rank];
        if (ReadFully(stream, dimBytes) < dimBytes.Length) throw new DataException(new ActLab.Kernels.TextKey("error.idx.header", name, rank), name);
        var dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++)
        {
            uint d = BinaryPrimitives.ReadUInt32BigEndian(dimBytes.AsSpan(4 * i));
            if (d == 0 || d > int.MaxValue) throw new DataException(new ActLab.Kernels.TextKey("error.idx.dimension", name, i + 1, d, int.MaxValue), name);
            dims[i] = (int)d;
            total *= d;
            if (total > MaxBytes)
                throw new DataException(new ActLab.Kernels.TextKey("error.idx.tooLarge", name, string.Join("×", dimBytes.Chunk(4).Take(i + 1).Select(c => BinaryPrimitives.ReadUInt32BigEndian(c))), MaxBytes), name);
        }
        var data = new byte[total];
        long read = ReadFully(stream, data);
        if (read < total)
            throw new DataException(new ActLab.Kernels.TextKey("error.idx.truncated", name, total, string.Join("×", dims), read), name);
        if (stream.ReadByte() >= 0) throw new DataException(new ActLab.Kernels.TextKey("error.idx.extra", name, string.Join("×", dims)), name);
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
