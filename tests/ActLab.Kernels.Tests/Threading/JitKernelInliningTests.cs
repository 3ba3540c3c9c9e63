using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ActLab.Kernels.Tests.Threading;

/// <summary>Every elementwise kernel, through every path of the driver (head, tail, odd last vector, two-vector body, two
/// threads), compiles with every vector primitive inlined: the JIT's own summary of a child process that runs them
/// (tests/ActLab.Kernels.JitProbe) lists none of F512/F256/D512/FMath/… compiled as a method of its own.</summary>
/// <remarks>When a kernel does not fit in what is left of a method's inlining budget, the primitives stay calls and the
/// JIT compiles them at tier 0: swish's forward ran 1.53 ns/element instead of 0.49 that way, and silu's backward on a
/// helper thread 12× slower (KernelLoopInliningTests). A timing assertion is not a unit test's business; the JIT's list
/// of what it compiled is exact. Checked at the widest width and at AVX2's; the SSE-only fallback (no AVX) still leaves
/// some primitives as calls, which costs speed, not bits, on machines without AVX.</remarks>
[Collection("workers")] // not beside the threaded tests: its child process takes both cores while they count allocations
public class JitKernelInliningTests
{
    private static readonly Regex Primitive = new(@"ActLab\.Kernels\.Simd\.(F512|F256|F128|D512|D256|D128|FMath|DMath):", RegexOptions.Compiled);

    [Theory]
    [InlineData("widest")]
    [InlineData("avx2")]
    public void No_vector_primitive_is_compiled_on_its_own(string width)
    {
        string summary = Path.Combine(Path.GetTempPath(), $"actlab-jit-{Environment.ProcessId}-{width}.txt");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ActLab.Kernels.JitProbe.dll"));
        // The child chooses its width from these, whatever the leg of CI this test runs in sets for itself.
        psi.Environment.Remove("DOTNET_EnableAVX");
        psi.Environment.Remove("DOTNET_EnableAVX512");
        psi.Environment.Remove("DOTNET_EnableAVX512F");
        if (width == "avx2") psi.Environment["DOTNET_EnableAVX512"] = "0";
        psi.Environment["DOTNET_JitDisasmSummary"] = "1";
        psi.Environment["DOTNET_JitStdOutFile"] = summary;
        try
        {
            using var p = Process.Start(psi)!;
            string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
            Assert.True(p.WaitForExit(120_000), "the probe did not finish in 2 minutes");
            Assert.True(p.ExitCode == 0, $"the probe failed: {output}");
            var lines = File.ReadAllLines(summary);
            Assert.Contains(lines, l => l.Contains("Elementwise:ForwardOne[", StringComparison.Ordinal)); // the summary is real
            var compiled = lines.Where(l => Primitive.IsMatch(l)).ToList();
            Assert.True(compiled.Count == 0, $"{compiled.Count} vector primitives compiled on their own ({width}), first: " + string.Join(" | ", compiled.Take(3)));
        }
        finally
        {
            File.Delete(summary);
        }
    }
}
