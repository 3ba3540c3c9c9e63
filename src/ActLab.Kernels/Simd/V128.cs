using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActLab.Kernels.Simd;

/// <summary>4 float lanes (<see cref="Vector128{T}"/>).</summary>
public readonly struct F128 : IFloatVec<F128, D128>
{
    internal readonly Vector128<float> V;
    internal F128(Vector128<float> v) => V = v;
    /// <inheritdoc/>
    public static int Count => Vector128<float>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Create(float value) => new(Vector128.Create(value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Load(ref float source, nuint offset) => new(Vector128.LoadUnsafe(ref source, offset));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(F128 value, ref float destination, nuint offset) => value.V.StoreUnsafe(ref destination, offset);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 operator +(F128 a, F128 b) => new(a.V + b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 operator -(F128 a, F128 b) => new(a.V - b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 operator *(F128 a, F128 b) => new(a.V * b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 operator /(F128 a, F128 b) => new(a.V / b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 operator -(F128 a) => new(-a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 operator &(F128 a, F128 b) => new(a.V & b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 operator |(F128 a, F128 b) => new(a.V | b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Fma(F128 a, F128 b, F128 c) => new(Vector128.FusedMultiplyAdd(a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 FmaNeg(F128 a, F128 b, F128 c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? new(System.Runtime.Intrinsics.X86.Fma.MultiplyAddNegated(a.V, b.V, c.V)) : new(Vector128.FusedMultiplyAdd(-a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 FmaSub(F128 a, F128 b, F128 c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? new(System.Runtime.Intrinsics.X86.Fma.MultiplySubtract(a.V, b.V, c.V)) : new(Vector128.FusedMultiplyAdd(a.V, b.V, -c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Min(F128 a, F128 b) => new(Vector128.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Max(F128 a, F128 b) => new(Vector128.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Abs(F128 a) => new(Vector128.Abs(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Sqrt(F128 a) => new(Vector128.Sqrt(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 CopySign(F128 magnitude, F128 sign) => new(Vector128.CopySign(magnitude.V, sign.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Round(F128 a) => new(Vector128.Round(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Floor(F128 a) => new(Vector128.Floor(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 LessThan(F128 a, F128 b) => new(Vector128.LessThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 LessThanOrEqual(F128 a, F128 b) => new(Vector128.LessThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 GreaterThan(F128 a, F128 b) => new(Vector128.GreaterThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 GreaterThanOrEqual(F128 a, F128 b) => new(Vector128.GreaterThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Equal(F128 a, F128 b) => new(Vector128.Equals(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 IsNaN(F128 a) => new(~Vector128.Equals(a.V, a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(F128 mask) => Vector128.EqualsAll(mask.V.AsUInt32(), Vector128<uint>.AllBitsSet);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Select(F128 mask, F128 a, F128 b) => new(Vector128.ConditionalSelect(mask.V, a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(F128 a) => Vector128.Sum(a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(F128 a) => MaxLanes(MaxLanes(a.V[0], a.V[1]), MaxLanes(a.V[2], a.V[3]));
    private static float MaxLanes(float a, float b) => float.IsNaN(a) || float.IsNaN(b) ? float.NaN : Math.Max(a, b);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static F128 ScaleB(F128 x, F128 n) => Avx512F.VL.IsSupported ? new(Avx512F.VL.Scale(x.V, n.V)) : ScaleBPortable(x, n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static F128 ScaleBPortable(F128 x, F128 n)
    {
        // 2^n = 2^a·2^b with a = ⌊n/2⌋ and b = n − a, both in [−76, 64]: each factor is a normal float built from its
        // exponent bits, and only the last product can round.
        var a = Vector128.Floor(n.V * Vector128.Create(0.5f));
        var pa = Vector128.ShiftLeft(Vector128.ConvertToInt32Native(a) + Vector128.Create(127), 23).AsSingle();
        var pb = Vector128.ShiftLeft(Vector128.ConvertToInt32Native(n.V - a) + Vector128.Create(127), 23).AsSingle();
        return new(x.V * pa * pb);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 MaxPropagateSecond(F128 a, F128 b) => Sse.IsSupported ? new(Sse.Max(a.V, b.V)) : new(Vector128.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 MinPropagateSecond(F128 a, F128 b) => Sse.IsSupported ? new(Sse.Min(a.V, b.V)) : new(Vector128.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 MinNative(F128 a, F128 b) => new(Vector128.MinNative(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 MaxNative(F128 a, F128 b) => new(Vector128.MaxNative(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(F128 value, out D128 lower, out D128 upper)
    {
        lower = new D128(Vector128.WidenLower(value.V));
        upper = new D128(Vector128.WidenUpper(value.V));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F128 Narrow(D128 lower, D128 upper) => new(Vector128.Narrow(lower.V, upper.V));
}

/// <summary>2 double lanes (<see cref="Vector128{T}"/>).</summary>
public readonly struct D128 : IDoubleVec<D128>
{
    internal readonly Vector128<double> V;
    internal D128(Vector128<double> v) => V = v;
    /// <inheritdoc/>
    public static int Count => Vector128<double>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Create(double value) => new(Vector128.Create(value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Load(ref double source, nuint offset) => new(Vector128.LoadUnsafe(ref source, offset));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(D128 value, ref double destination, nuint offset) => value.V.StoreUnsafe(ref destination, offset);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 operator +(D128 a, D128 b) => new(a.V + b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 operator -(D128 a, D128 b) => new(a.V - b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 operator *(D128 a, D128 b) => new(a.V * b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 operator /(D128 a, D128 b) => new(a.V / b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 operator -(D128 a) => new(-a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 operator &(D128 a, D128 b) => new(a.V & b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 operator |(D128 a, D128 b) => new(a.V | b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Fma(D128 a, D128 b, D128 c) => new(Vector128.FusedMultiplyAdd(a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 FmaNeg(D128 a, D128 b, D128 c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? new(System.Runtime.Intrinsics.X86.Fma.MultiplyAddNegated(a.V, b.V, c.V)) : new(Vector128.FusedMultiplyAdd(-a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 FmaSub(D128 a, D128 b, D128 c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? new(System.Runtime.Intrinsics.X86.Fma.MultiplySubtract(a.V, b.V, c.V)) : new(Vector128.FusedMultiplyAdd(a.V, b.V, -c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Min(D128 a, D128 b) => new(Vector128.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Max(D128 a, D128 b) => new(Vector128.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Abs(D128 a) => new(Vector128.Abs(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Sqrt(D128 a) => new(Vector128.Sqrt(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 CopySign(D128 magnitude, D128 sign) => new(Vector128.CopySign(magnitude.V, sign.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Round(D128 a) => new(Vector128.Round(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Floor(D128 a) => new(Vector128.Floor(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 LessThan(D128 a, D128 b) => new(Vector128.LessThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 LessThanOrEqual(D128 a, D128 b) => new(Vector128.LessThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 GreaterThan(D128 a, D128 b) => new(Vector128.GreaterThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 GreaterThanOrEqual(D128 a, D128 b) => new(Vector128.GreaterThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Equal(D128 a, D128 b) => new(Vector128.Equals(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 IsNaN(D128 a) => new(~Vector128.Equals(a.V, a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(D128 mask) => Vector128.EqualsAll(mask.V.AsUInt64(), Vector128<ulong>.AllBitsSet);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Select(D128 mask, D128 a, D128 b) => new(Vector128.ConditionalSelect(mask.V, a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(D128 a) => Vector128.Sum(a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MaxAcross(D128 a) => double.IsNaN(a.V[0]) || double.IsNaN(a.V[1]) ? double.NaN : Math.Max(a.V[0], a.V[1]);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Exp(D128 a) => new(Vector128.Exp(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Log(D128 a) => new(Vector128.Log(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static D128 ScaleB(D128 x, D128 n) => Avx512F.VL.IsSupported ? new(Avx512F.VL.Scale(x.V, n.V)) : ScaleBPortable(x, n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static D128 ScaleBPortable(D128 x, D128 n)
    {
        var a = Vector128.Floor(n.V * Vector128.Create(0.5));
        var pa = Vector128.ShiftLeft(Vector128.ConvertToInt64Native(a) + Vector128.Create(1023L), 52).AsDouble();
        var pb = Vector128.ShiftLeft(Vector128.ConvertToInt64Native(n.V - a) + Vector128.Create(1023L), 52).AsDouble();
        return new(x.V * pa * pb);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D128 Sin(D128 a) => new(Vector128.Sin(a.V));
}
