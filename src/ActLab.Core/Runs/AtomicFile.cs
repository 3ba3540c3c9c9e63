using System.Security.Cryptography;

namespace ActLab.Core.Runs;

/// <summary>Writes go to a temporary file beside the target (a random name, created exclusively, so a planted
/// file or link is never followed), are flushed to disk, and are renamed over the target: a crash never leaves half
/// a file.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically. Without
    /// <paramref name="overwrite"/>, an existing target is an <see cref="IOException"/> (checked by the rename itself).</summary>
    public static void Write(string path, ReadOnlySpan<byte> bytes, bool overwrite = true)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        string tmp = TempName(full);
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite);
            Native.SyncDirectory(dir);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>Writes UTF-8 text atomically.</summary>
    public static void Write(string path, string text, bool overwrite = true) => Write(path, System.Text.Encoding.UTF8.GetBytes(text), overwrite);

    /// <summary>A hidden sibling with 96 random bits: <c>.name.XXXXXXXXXXXXXXXX.tmp</c>.</summary>
    internal static string TempName(string full) =>
        Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant()}.tmp");
}
