namespace ActLab.Cli.Commands;

/// <summary>Output folders: refuse to mix a new run into an existing one unless --force.</summary>
internal static class RunFolders
{
    public static void CheckWritable(string dir, bool force)
    {
        if (File.Exists(dir)) throw new UsageException($"--out '{dir}' is a file, not a folder.");
        if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any() && !force)
            throw new UsageException($"--out '{dir}' already holds files; choose a new folder or add --force to overwrite.");
        // Probe the folder, or its nearest existing parent, without leaving anything behind: bad input later must
        // not leave an empty run folder.
        var probeDir = new DirectoryInfo(Path.GetFullPath(dir));
        while (!probeDir.Exists) probeDir = probeDir.Parent ?? throw new UsageException($"--out '{dir}': no existing parent folder.");
        try
        {
            string probe = Path.Combine(probeDir.FullName, $".actlab-write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out '{dir}' is not writable: {e.Message}");
        }
    }
}
