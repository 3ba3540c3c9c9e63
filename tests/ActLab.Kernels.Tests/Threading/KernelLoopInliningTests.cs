using System.Reflection;
using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace ActLab.Kernels.Tests.Threading;

/// <summary>Every vector kernel loop (a method generic over the float vector type and compiled fully optimised from its
/// first call) is also NoInlining, so it is always compiled as a method of its own with its own inlining budget.</summary>
/// <remarks>Without it, dynamic PGO let <c>Workers.RunPart</c>, when it tiered up, devirtualise and inline the first
/// job it had seen down to the kernel loop; the inlining budget ran out there and left calls to the vector primitives
/// (F512.op_Addition, FMath.TwoSum, …) in the loop, so the helper's half of that pass ran about 12× slower for the rest
/// of the process (the benchmark's two-thread column: silu's backward at 16M floats took 10.8 ns/element against 0.43;
/// DOTNET_JitDisasmSummary listed those primitives compiled at tier 0). That needs a long process and the right job
/// order to show, and timing is not a unit test's business, so this checks the attribute that prevents it.</remarks>
public class KernelLoopInliningTests
{
    private static bool IsVectorKernel(MethodInfo m) =>
        m.IsGenericMethodDefinition
        && m.GetGenericArguments().Any(a => a.GetGenericParameterConstraints().Any(c =>
            c.IsGenericType && c.GetGenericTypeDefinition() == typeof(IFloatVec<,>)));

    [Fact]
    public void Every_fully_optimised_vector_loop_is_compiled_on_its_own()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var loops = typeof(Elementwise).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(all))
            .Where(m => m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization) && IsVectorKernel(m))
            .ToList();
        // The elementwise drivers, the softmax family's rows, sparsemax, GLU and PReLU's fused backward at least.
        Assert.True(loops.Count >= 12, $"found only {loops.Count} vector loops: {string.Join(", ", loops.Select(m => m.Name))}");
        var inlinable = loops.Where(m => !m.MethodImplementationFlags.HasFlag(MethodImplAttributes.NoInlining))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}").ToList();
        Assert.True(inlinable.Count == 0, "AggressiveOptimization vector loops without NoInlining: " + string.Join(", ", inlinable));
    }
}
