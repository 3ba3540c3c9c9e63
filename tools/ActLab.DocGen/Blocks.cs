using System.Runtime.CompilerServices;
using ActLab.Kernels.Simd;

namespace Blocks;

// The building blocks of FMath as elementwise kernels, so the driver can run them over the sample (forward only).
internal readonly struct Exp : IUnaryKernel
{
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => FMath.Exp<TF, TD>(x);
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => dy;
}
internal readonly struct Expm1 : IUnaryKernel
{
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => FMath.Expm1NonPositive<TF, TD>(x);
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => dy;
}
internal readonly struct Log1p : IUnaryKernel
{
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => FMath.Log1pUnit<TF, TD>(x);
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => dy;
}
internal readonly struct Sigmoid : IUnaryKernel
{
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => FMath.Sigmoid<TF, TD>(x);
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => dy;
}
internal readonly struct SigmoidDerivative : IUnaryKernel
{
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => FMath.SigmoidDerivative<TF, TD>(x);
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => dy;
}
internal readonly struct Tanh : IUnaryKernel
{
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => FMath.Tanh<TF, TD>(x);
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => dy;
}
internal readonly struct XSigmoid : IUnaryKernel
{
    public TF Forward<TF, TD>(TF x) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => FMath.XSigmoid<TF, TD>(x, x, TF.Create(0f));
    public TF Backward<TF, TD>(TF x, TF y, TF dy) where TF : struct, IFloatVec<TF, TD> where TD : struct, IDoubleVec<TD> => dy;
}
