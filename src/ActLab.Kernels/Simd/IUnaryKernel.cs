namespace ActLab.Kernels.Simd;

/// <summary>
/// An elementwise activation as an operator struct: its parameters are fields, its formulas are written once over
/// any vector width, and <see cref="Elementwise"/> drives it over spans.
/// </summary>
public interface IUnaryKernel
{
    /// <summary>y = f(x) on every lane.</summary>
    TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>;

    /// <summary>dx = f′(x)·dy on every lane (the vector-Jacobian product). <paramref name="y"/> is f(x); the
    /// kernels here compute f′ from x, which is more exact than from y, and read y only where noted.</summary>
    TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>;
}

/// <summary>Marks an <see cref="IUnaryKernel"/> whose backward never reads y (every built-in kernel: each derives f′
/// from x). The driver then passes x in y's place, so a backward pass streams three arrays instead of four; kernels
/// without the marker get the y they are given.</summary>
public interface IBackwardIgnoresOutput;
