using System.Diagnostics;

namespace ActLab.Cli.Tests;

/// <summary>samples/Tutorial builds against the packed ActLab.Core and ActLab.Kernels from a local feed and trains.</summary>
[Collection("processes")]
public class SampleTests
{
    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ActLab.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("ActLab.slnx not found above the test folder.");
    }

    private static (int Code, string Output) Dotnet(string workingDir, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5))) { p.Kill(true); return (-1, output + "(timed out)"); }
        return (p.ExitCode, output + err.Result);
    }

    [Fact]
    public void The_tutorial_sample_builds_against_the_packages_from_a_local_feed_and_trains()
    {
        string root = RepoRoot(), tmp = Directory.CreateTempSubdirectory("actlab-sample-").FullName;
        string feed = Path.Combine(tmp, "feed"), app = Path.Combine(tmp, "app");
        foreach (var project in new[] { "src/ActLab.Kernels", "src/ActLab.Core" })
        {
            var (code, output) = Dotnet(root, "pack", project, "-c", "Release", "-o", feed);
            Assert.True(code == 0, output);
        }
        Assert.True(File.Exists(Path.Combine(feed, "ActLab.Core.0.1.0.nupkg")));
        Directory.CreateDirectory(app);
        foreach (var f in new[] { "Tutorial.csproj", "Program.cs" }) File.Copy(Path.Combine(root, "samples", "Tutorial", f), Path.Combine(app, f));
        // A private package folder, so the feed's fresh packages are used rather than a cached copy of the same version.
        var (runCode, run) = Dotnet(app, "run", "-c", "Release", $"-p:RestoreAdditionalProjectSources={feed}", $"-p:RestorePackagesPath={Path.Combine(tmp, "packages")}");
        Assert.True(runCode == 0, run);
        Assert.Contains("Epoch [1000], Cost: 0.18", run);
        Assert.Contains("Completed after 1000 epochs", run);
        Assert.Matches(@"test accuracy 0\.9\d\d", run);
        Assert.True(File.Exists(Path.Combine(app, "binary_data.csv")));
    }
}
