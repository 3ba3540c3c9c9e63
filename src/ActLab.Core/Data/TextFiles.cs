using System.Globalization;

namespace ActLab.Core.Data;

/// <summary>An input opened for one pass: a regular file, a FIFO or pipe, or standard input (<c>-</c>).</summary>
/// <param name="Stream">The bytes, read once from the start; reading more than the limit throws <see cref="DataException"/>.</param>
/// <param name="Name">What errors call it: the file's name, or <c>stdin</c>.</param>
/// <param name="Length">The size of a regular file; null for a pipe, whose size is known only at its end.</param>
public sealed record TextInput(Stream Stream, string Name, long? Length) : IDisposable
{
    /// <summary>The regular file's path, when the input is one (parts of it can then be read in parallel).</summary>
    public string? Path { get; init; }

    /// <summary>Closes the stream.</summary>
    public void Dispose() => Stream.Dispose();
}

/// <summary>Opening inputs safely: a regular file under a size limit, a FIFO or pipe read once up to the limit, and
/// never a device such as <c>/dev/zero</c> (its size is reported as 0 while it yields bytes without end).</summary>
public static class TextFiles
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>Opens <paramref name="path"/> (or standard input for <c>-</c>) for one pass.</summary>
    /// <exception cref="DataException">A folder, a missing file, a device, a terminal as standard input, or a file over <paramref name="maxBytes"/>.</exception>
    public static TextInput Open(string path, long maxBytes)
    {
        string name = Path.GetFileName(path);
        if (path == StandardInput)
        {
            // Through /dev/stdin (a library does not touch the console): a pipe streams, a redirected file is a file.
            string? target;
            try { target = new FileInfo("/proc/self/fd/0").LinkTarget; } // "pipe:[…]", "/dev/pts/1", a file's path
            catch (IOException) { throw new DataException(new ActLab.Kernels.TextKey("error.stdin.closed"), path); }
            if (target is not null && (target.StartsWith("/dev/pts/", StringComparison.Ordinal) || target.StartsWith("/dev/tty", StringComparison.Ordinal)))
                throw new DataException(new ActLab.Kernels.TextKey("error.stdin.terminal"), path);
            // A closed standard input (`<&-`) leaves descriptor 0 free, and the runtime may take it for a pipe of its
            // own, whose other end is this very process: reading it would wait for ever.
            if (target is not null && target.StartsWith("pipe:", StringComparison.Ordinal) && OwnPipe(target))
                throw new DataException(new ActLab.Kernels.TextKey("error.stdin.closed"), path);
            (path, name) = ("/dev/stdin", "stdin");
        }
        if (Directory.Exists(path)) throw new DataException(new ActLab.Kernels.TextKey("error.file.folder", path), path);
        if (!File.Exists(path)) throw new DataException(new ActLab.Kernels.TextKey("error.file.none", path), path);
        FileStream fs;
        try { fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new DataException(new ActLab.Kernels.TextKey("error.file.cannotRead", path, e.Message), path); }
        try
        {
            if (!fs.CanSeek) return new TextInput(new LimitedStream(fs, name, maxBytes), name, null); // a FIFO or a pipe
            long length = fs.Length;
            if (length == 0)
            {
                // A device (/dev/zero) reports length 0 yet yields bytes; that is how it is told from an empty file.
                Span<byte> probe = stackalloc byte[1];
                if (fs.Read(probe) > 0)
                    throw new DataException(new ActLab.Kernels.TextKey("error.file.device", path), path);
            }
            if (length > maxBytes)
                throw new DataException(new ActLab.Kernels.TextKey("error.file.tooLarge", path, length, maxBytes), path);
            return new TextInput(new LimitedStream(fs, name, maxBytes), name, length) { Path = path == "/dev/stdin" ? null : System.IO.Path.GetFullPath(path) };
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    // Whether this process itself holds the write end of the pipe (so no other process feeds it). The runtime may
    // also duplicate a real stdin's read end, so only a descriptor open for writing counts (/proc/self/fdinfo's
    // octal flags: access mode 1 is write-only, 2 read-write).
    private static bool OwnPipe(string target)
    {
        try
        {
            foreach (var f in new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos())
            {
                if (f.Name == "0") continue;
                string? link;
                try { link = f.LinkTarget; } catch (IOException) { continue; }
                if (link != target) continue;
                string info;
                try { info = File.ReadAllText($"/proc/self/fdinfo/{f.Name}"); } catch (IOException) { continue; }
                var flags = info.Split('\n').FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal));
                if (flags is not null && flags.Length > 0 && (flags.TrimEnd()[^1] - '0' & 3) is 1 or 2) return true;
            }
            return false;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>The text of <paramref name="path"/> (UTF-8, a byte-order mark honoured), read once: a FIFO or <c>-</c> works.</summary>
    /// <exception cref="DataException">A device, or more than <paramref name="maxBytes"/> bytes.</exception>
    public static string ReadAll(string path, long maxBytes)
    {
        using var input = Open(path, maxBytes);
        using var reader = new StreamReader(input.Stream, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        try { return reader.ReadToEnd(); }
        catch (IOException e) { throw new DataException(new ActLab.Kernels.TextKey("error.file.cannotRead", path, e.Message), path); }
    }

    /// <summary>A read-only stream that refuses to go past a byte limit (a pipe's size is unknown until its end).</summary>
    private sealed class LimitedStream(Stream inner, string name, long limit) : Stream
    {
        private long _read;
        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
        public override int Read(Span<byte> buffer)
        {
            int n = inner.Read(buffer);
            _read += n;
            if (_read > limit)
                throw new DataException(new ActLab.Kernels.TextKey("error.file.inputTooLarge", name, limit), name);
            return n;
        }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
