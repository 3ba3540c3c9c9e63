using System.Globalization;

namespace ActLab.Core.Data;

/// <summary>Reading a whole text file safely: a regular file of known size under a limit, never a device or a pipe
/// read to its end.</summary>
public static class TextFiles
{
    /// <summary>The text of <paramref name="path"/> (UTF-8, a byte-order mark honoured).</summary>
    /// <exception cref="DataException">A device or pipe (its size is unknown), or a file over <paramref name="maxBytes"/>.</exception>
    public static string ReadAll(string path, long maxBytes)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        // A device (/dev/zero) reports length 0 yet yields bytes; that is how it is told from an empty file.
        long length = fs.CanSeek ? fs.Length : -1;
        if (length <= 0)
        {
            Span<byte> probe = stackalloc byte[1];
            if (fs.Read(probe) > 0)
                throw new DataException($"{path}: not a regular file (a device or a pipe, whose size is unknown); save the data to a file first.", path);
            return "";
        }
        if (length > maxBytes)
            throw new DataException(string.Create(CultureInfo.InvariantCulture, $"{path}: {length:N0} bytes, over the limit of {maxBytes:N0} bytes for this file."), path);
        using var reader = new StreamReader(fs, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
