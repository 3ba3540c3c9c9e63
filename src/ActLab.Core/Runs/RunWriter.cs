using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ActLab.Core.Model;
using ActLab.Core.Serialization;
using ActLab.Core.Training;
using ActLab.Kernels;

namespace ActLab.Core.Runs;

/// <summary>Why a run folder can't be written.</summary>
public enum RunFolderProblem
{
    /// <summary>It already holds files (pass force to replace it).</summary>
    Exists,
    /// <summary>It is a file or cannot be a folder.</summary>
    NotAFolder,
    /// <summary>Another process holds its lock.</summary>
    Locked,
    /// <summary>The file system refuses.</summary>
    NotWritable,
}

/// <summary>The run folder can't be written: it exists, it is a file, or another process is writing it.</summary>
public sealed class RunFolderException : InputException
{
    /// <summary>A problem worded by the caller (English only).</summary>
    public RunFolderException(string path, RunFolderProblem problem, string message) : base("out", path, message) => Problem = problem;

    /// <summary>A problem worded by the text catalogue (<paramref name="text"/>'s English is the message).</summary>
    public RunFolderException(string path, RunFolderProblem problem, TextKey text) : base("out", path, text, Localization.Texts.English.Format(text)) => Problem = problem;

    /// <summary>What is wrong.</summary>
    public RunFolderProblem Problem { get; }
}

/// <summary>
/// Writes a run folder as a whole. The files go into a fresh hidden sibling (<c>.NAME.staging-RANDOM</c>); each is
/// flushed to disk; <see cref="Commit"/> then puts the folder in place in one step (an atomic exchange with the old
/// folder under <c>force</c>, deleted afterwards). A lock file (<c>.NAME.lock</c>, held exclusively for the writer's
/// life) makes a second writer to the same folder fail at once. Killed at any moment, the target holds the old run
/// or the new run, whole; disposed without a commit, nothing is left but the lock file.
/// </summary>
public sealed class RunWriter : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _lockPath;
    private FileStream? _metrics;
    private bool _committed;

    private RunWriter(string final, string staging, FileStream lockFile, string lockPath, bool force)
    {
        _lockPath = lockPath;
        FinalPath = final;
        StagingPath = staging;
        _lock = lockFile;
        Force = force;
    }

    /// <summary>The folder the run ends up in.</summary>
    public string FinalPath { get; }
    /// <summary>The folder being written (extra files such as a report go here before <see cref="Commit"/>).</summary>
    public string StagingPath { get; }
    /// <summary>Whether an existing run is replaced.</summary>
    public bool Force { get; }

    /// <summary>Checks, without touching anything, that <paramref name="outDir"/> may be written: so that a command can
    /// refuse at once, before reading its data, and take the lock only once its input is known to be good.</summary>
    /// <exception cref="RunFolderException">The target is a file, or holds files and <paramref name="force"/> is false.</exception>
    public static void Check(string outDir, bool force)
    {
        string final = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        if (Path.GetFileName(final).Length == 0) throw new RunFolderException(outDir, RunFolderProblem.NotAFolder, new ActLab.Kernels.TextKey("error.run.notFolder", InputException.Show(outDir)));
        if (File.Exists(final)) throw new RunFolderException(outDir, RunFolderProblem.NotAFolder, new ActLab.Kernels.TextKey("error.run.isFile", InputException.Show(outDir)));
        if (Directory.Exists(final) && Directory.EnumerateFileSystemEntries(final).Any() && !force)
            throw new RunFolderException(outDir, RunFolderProblem.Exists, new ActLab.Kernels.TextKey("error.run.exists", InputException.Show(outDir)));
    }

    /// <summary>Takes the folder's lock, checks it may be written, and creates the staging folder.</summary>
    /// <exception cref="RunFolderException">The target is a file, holds files and <paramref name="force"/> is false, or is locked.</exception>
    public static RunWriter Create(string outDir, bool force)
    {
        string final = Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar);
        string name = Path.GetFileName(final), parent = Path.GetDirectoryName(final)!;
        if (name.Length == 0) throw new RunFolderException(outDir, RunFolderProblem.NotAFolder, new ActLab.Kernels.TextKey("error.run.notFolder", InputException.Show(outDir)));
        if (File.Exists(final)) throw new RunFolderException(outDir, RunFolderProblem.NotAFolder, new ActLab.Kernels.TextKey("error.run.isFile", InputException.Show(outDir)));
        try { Directory.CreateDirectory(parent); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new RunFolderException(outDir, RunFolderProblem.NotWritable, new ActLab.Kernels.TextKey("error.run.cannotCreate", InputException.Show(outDir), e.Message)); }
        FileStream lockFile;
        string lockPath = Path.Combine(parent, $".{name}.lock");
        try { lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
        catch (UnauthorizedAccessException e) { throw new RunFolderException(outDir, RunFolderProblem.NotWritable, new ActLab.Kernels.TextKey("error.run.notWritable", InputException.Show(outDir), e.Message)); }
        catch (IOException) { throw new RunFolderException(outDir, RunFolderProblem.Locked, new ActLab.Kernels.TextKey("error.run.locked", InputException.Show(outDir), lockPath)); }
        try
        {
            if (Directory.Exists(final) && Directory.EnumerateFileSystemEntries(final).Any() && !force)
                throw new RunFolderException(outDir, RunFolderProblem.Exists, new ActLab.Kernels.TextKey("error.run.exists", InputException.Show(outDir)));
            // Staging folders left by a killed writer: the lock is ours, so no live writer owns them.
            foreach (var stale in Directory.EnumerateDirectories(parent, $".{name}.staging-*")) TryDelete(stale);
            string staging = Path.Combine(parent, $".{name}.staging-{Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant()}");
            Directory.CreateDirectory(staging);
            return new RunWriter(final, staging, lockFile, lockPath, force);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Appends one epoch to metrics.csv and flushes it to disk.</summary>
    public void AppendMetrics(EpochResult r)
    {
        if (_metrics is null)
        {
            _metrics = new FileStream(Path.Combine(StagingPath, "metrics.csv"), FileMode.CreateNew, FileAccess.Write, FileShare.Read);
            _metrics.Write("epoch,train_loss,train_accuracy,validation_loss,validation_accuracy\n"u8);
        }
        _metrics.Write(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{r.Epoch},{Num(r.TrainLoss)},{Num(r.TrainAccuracy)},{Num(r.ValidationLoss)},{Num(r.ValidationAccuracy)}\n")));
        _metrics.Flush(flushToDisk: true);
    }

    /// <summary>Writes config.json.</summary>
    public void WriteConfig(RunConfig config) => WriteFile("config.json", JsonSerializer.Serialize(config, RunSchema.Json) + "\n");

    /// <summary>Writes summary.json.</summary>
    public void WriteSummary(RunSummary summary) => WriteFile("summary.json", JsonSerializer.Serialize(summary, RunSchema.Json) + "\n");

    /// <summary>Writes model.safetensors: PyTorch's state_dict names and layouts, and in <c>__metadata__</c> the model's
    /// canonical spec, task, classes, features and schema version.</summary>
    public void WriteModel(Sequential model, RunConfig config)
    {
        var meta = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["actlab.model"] = config.Model,
            ["actlab.task"] = config.Task,
            ["actlab.labels"] = JsonSerializer.Serialize(config.Data.Classes),
            ["actlab.features"] = JsonSerializer.Serialize(config.Data.Features),
            ["actlab.schemaVersion"] = RunSchema.Version.ToString(CultureInfo.InvariantCulture),
            ["actlab.version"] = RunSchema.ActLabVersion,
        };
        WriteFile("model.safetensors", Safetensors.Serialize(model.Parameters.Select(p => new NamedTensor(p.Name, p.Shape, p.Value)), meta));
    }

    /// <summary>Writes a file into the staging folder (flushed to disk).</summary>
    public void WriteFile(string name, string text) => WriteFile(name, Encoding.UTF8.GetBytes(text));

    /// <summary>Writes a file into the staging folder (flushed to disk).</summary>
    public void WriteFile(string name, ReadOnlySpan<byte> bytes)
    {
        if (_committed) throw new InvalidOperationException("The run is already committed.");
        using var fs = new FileStream(Path.Combine(StagingPath, name), FileMode.Create, FileAccess.Write, FileShare.None);
        fs.Write(bytes);
        fs.Flush(flushToDisk: true);
    }

    /// <summary>Puts the staging folder in place of <see cref="FinalPath"/>, as one step.</summary>
    public void Commit()
    {
        if (_committed) return;
        _metrics?.Dispose();
        _metrics = null;
        Native.SyncDirectory(StagingPath);
        string parent = Path.GetDirectoryName(FinalPath)!;
        if (!Directory.Exists(FinalPath)) Directory.Move(StagingPath, FinalPath);
        else if (Native.TryExchange(StagingPath, FinalPath)) TryDelete(StagingPath); // the staging name now holds the old run
        else
        {
            string aside = StagingPath + ".old";
            Directory.Move(FinalPath, aside);
            Directory.Move(StagingPath, FinalPath);
            TryDelete(aside);
        }
        Native.SyncDirectory(parent);
        _committed = true;
    }

    /// <summary>Releases and removes the lock; without a commit, removes the staging folder.</summary>
    /// <remarks>Removing the lock file leaves one narrow race: a third writer that opened the old lock file just before
    /// it was removed can lock it while a fourth creates a new one. Both then write whole folders, and the atomic
    /// exchange still leaves one of the two runs whole; only the "fail at once" promise is lost in that case.</remarks>
    public void Dispose()
    {
        _metrics?.Dispose();
        if (!_committed) TryDelete(StagingPath);
        try { File.Delete(_lockPath); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _lock.Dispose();
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private static string Num(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
