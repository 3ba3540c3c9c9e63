namespace ActLab.Kernels.Simd;

/// <summary>
/// An elementwise activation as an operator struct: its parameters are fields, its formulas are written once over
/// any vector width, and <see cref="Elementwise"/> drives it over spans.
/// </summary>
public interface IUnaryKernel
{
    /// <summary>y = f(x) on every lane.</summary>
    TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>;

    /// <summary>dx = f′(x)·dy on every lane (the vector-Jacobian product). <paramref name="y"/> is f(x). Most
    /// kernels here compute f′ from x (<see cref="IBackwardIgnoresOutput"/>), which is more exact than from y where
    /// f′ is small; those marked <see cref="IBackwardFromOutput"/> read only y, where that is as exact.</summary>
    TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD>;
}

/// <summary>Marks an <see cref="IUnaryKernel"/> whose backward never reads y (every built-in kernel: each derives f′
/// from x). The driver then passes x in y's place, so a backward pass streams three arrays instead of four; kernels
/// without the marker get the y they are given.</summary>
public interface IBackwardIgnoresOutput;

/// <summary>Marks an <see cref="IUnaryKernel"/> whose backward reads only y = f(x) and dy, as PyTorch's does, because f′
/// is as exact from y as from x and cheaper (e^x: f′ = y; log σ: f′ = −expm1(y)). The driver passes y in x's place
/// (three streams); given no y, it computes f(x) lane by lane inside the backward loop.</summary>
public interface IBackwardFromOutput;
