using System.Runtime.InteropServices;

namespace ActLab.Core.Runs;

// The few POSIX calls .NET does not expose: fsync of a directory (so a rename is durable) and renameat2's
// RENAME_EXCHANGE (so a run folder is replaced in one atomic step). Linux only; callers fall back elsewhere.
internal static partial class Native
{
    private const int AtFdCwd = -100;
    private const uint RenameExchange = 2;
    private const int ORdOnly = 0, ODirectory = 0x10000;

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int RenameAt2(int olddirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string oldpath, int newdirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string newpath, uint flags);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int FSync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    /// <summary>Swaps two paths atomically; false if the system cannot (then the caller falls back).</summary>
    public static bool TryExchange(string a, string b)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try { return RenameAt2(AtFdCwd, a, AtFdCwd, b, RenameExchange) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }

    /// <summary>Flushes a directory's entries to disk (best effort).</summary>
    public static void SyncDirectory(string dir)
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            int fd = Open(dir, ORdOnly | ODirectory);
            if (fd < 0) return;
            FSync(fd);
            Close(fd);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { }
    }
}
