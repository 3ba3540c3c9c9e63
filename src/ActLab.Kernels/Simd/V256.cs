using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActLab.Kernels.Simd;

/// <summary>8 float lanes (<see cref="Vector256{T}"/>).</summary>
public readonly struct F256 : IFloatVec<F256, D256>
{
    internal readonly Vector256<float> V;
    internal F256(Vector256<float> v) => V = v;
    /// <inheritdoc/>
    public static int Count => Vector256<float>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Create(float value) => new(Vector256.Create(value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Load(ref float source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(F256 value, ref float destination, nuint offset) => value.V.StoreUnsafe(ref destination, offset);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 operator +(F256 a, F256 b) => new(a.V + b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 operator -(F256 a, F256 b) => new(a.V - b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 operator *(F256 a, F256 b) => new(a.V * b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 operator /(F256 a, F256 b) => new(a.V / b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 operator -(F256 a) => new(-a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 operator &(F256 a, F256 b) => new(a.V & b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 operator |(F256 a, F256 b) => new(a.V | b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Fma(F256 a, F256 b, F256 c) => new(Vector256.FusedMultiplyAdd(a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 FmaNeg(F256 a, F256 b, F256 c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? new(System.Runtime.Intrinsics.X86.Fma.MultiplyAddNegated(a.V, b.V, c.V)) : new(Vector256.FusedMultiplyAdd(-a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 FmaSub(F256 a, F256 b, F256 c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? new(System.Runtime.Intrinsics.X86.Fma.MultiplySubtract(a.V, b.V, c.V)) : new(Vector256.FusedMultiplyAdd(a.V, b.V, -c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Min(F256 a, F256 b) => new(Vector256.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Max(F256 a, F256 b) => new(Vector256.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Abs(F256 a) => new(Vector256.Abs(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Sqrt(F256 a) => new(Vector256.Sqrt(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 CopySign(F256 magnitude, F256 sign) => new(Vector256.CopySign(magnitude.V, sign.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Round(F256 a) => new(Vector256.Round(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Floor(F256 a) => new(Vector256.Floor(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 LessThan(F256 a, F256 b) => new(Vector256.LessThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 LessThanOrEqual(F256 a, F256 b) => new(Vector256.LessThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 GreaterThan(F256 a, F256 b) => new(Vector256.GreaterThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 GreaterThanOrEqual(F256 a, F256 b) => new(Vector256.GreaterThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Equal(F256 a, F256 b) => new(Vector256.Equals(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 IsNaN(F256 a) => new(~Vector256.Equals(a.V, a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(F256 mask) => Vector256.EqualsAll(mask.V.AsUInt32(), Vector256<uint>.AllBitsSet);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Select(F256 mask, F256 a, F256 b) => new(Vector256.ConditionalSelect(mask.V, a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(F256 a) => Vector256.Sum(a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(F256 a) => F128.MaxAcross(new F128(Vector128.Max(a.V.GetLower(), a.V.GetUpper())));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static F256 ScaleB(F256 x, F256 n) => Avx512F.VL.IsSupported ? new(Avx512F.VL.Scale(x.V, n.V)) : ScaleBPortable(x, n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static F256 ScaleBPortable(F256 x, F256 n)
    {
        // 2^n = 2^a·2^b with a = ⌊n/2⌋ and b = n − a, both in [−76, 64]: each factor is a normal float built from its
        // exponent bits, and only the last product can round.
        var a = Vector256.Floor(n.V * Vector256.Create(0.5f));
        var pa = Vector256.ShiftLeft(Vector256.ConvertToInt32Native(a) + Vector256.Create(127), 23).AsSingle();
        var pb = Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n.V - a) + Vector256.Create(127), 23).AsSingle();
        return new(x.V * pa * pb);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 MaxPropagateSecond(F256 a, F256 b) => Avx.IsSupported ? new(Avx.Max(a.V, b.V)) : new(Vector256.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 MinPropagateSecond(F256 a, F256 b) => Avx.IsSupported ? new(Avx.Min(a.V, b.V)) : new(Vector256.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 MinNative(F256 a, F256 b) => new(Vector256.MinNative(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 MaxNative(F256 a, F256 b) => new(Vector256.MaxNative(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(F256 value, out D256 lower, out D256 upper)
    {
        lower = new D256(Vector256.WidenLower(value.V));
        upper = new D256(Vector256.WidenUpper(value.V));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F256 Narrow(D256 lower, D256 upper) => new(Vector256.Narrow(lower.V, upper.V));
}

/// <summary>4 double lanes (<see cref="Vector256{T}"/>).</summary>
public readonly struct D256 : IDoubleVec<D256>
{
    internal readonly Vector256<double> V;
    internal D256(Vector256<double> v) => V = v;
    /// <inheritdoc/>
    public static int Count => Vector256<double>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Create(double value) => new(Vector256.Create(value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Load(ref double source, nuint offset) => new(Vector256.LoadUnsafe(ref source, offset));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(D256 value, ref double destination, nuint offset) => value.V.StoreUnsafe(ref destination, offset);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 operator +(D256 a, D256 b) => new(a.V + b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 operator -(D256 a, D256 b) => new(a.V - b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 operator *(D256 a, D256 b) => new(a.V * b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 operator /(D256 a, D256 b) => new(a.V / b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 operator -(D256 a) => new(-a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 operator &(D256 a, D256 b) => new(a.V & b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 operator |(D256 a, D256 b) => new(a.V | b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Fma(D256 a, D256 b, D256 c) => new(Vector256.FusedMultiplyAdd(a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 FmaNeg(D256 a, D256 b, D256 c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? new(System.Runtime.Intrinsics.X86.Fma.MultiplyAddNegated(a.V, b.V, c.V)) : new(Vector256.FusedMultiplyAdd(-a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 FmaSub(D256 a, D256 b, D256 c) => System.Runtime.Intrinsics.X86.Fma.IsSupported ? new(System.Runtime.Intrinsics.X86.Fma.MultiplySubtract(a.V, b.V, c.V)) : new(Vector256.FusedMultiplyAdd(a.V, b.V, -c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Min(D256 a, D256 b) => new(Vector256.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Max(D256 a, D256 b) => new(Vector256.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Abs(D256 a) => new(Vector256.Abs(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Sqrt(D256 a) => new(Vector256.Sqrt(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 CopySign(D256 magnitude, D256 sign) => new(Vector256.CopySign(magnitude.V, sign.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Round(D256 a) => new(Vector256.Round(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Floor(D256 a) => new(Vector256.Floor(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 LessThan(D256 a, D256 b) => new(Vector256.LessThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 LessThanOrEqual(D256 a, D256 b) => new(Vector256.LessThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 GreaterThan(D256 a, D256 b) => new(Vector256.GreaterThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 GreaterThanOrEqual(D256 a, D256 b) => new(Vector256.GreaterThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Equal(D256 a, D256 b) => new(Vector256.Equals(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 IsNaN(D256 a) => new(~Vector256.Equals(a.V, a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(D256 mask) => Vector256.EqualsAll(mask.V.AsUInt64(), Vector256<ulong>.AllBitsSet);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Select(D256 mask, D256 a, D256 b) => new(Vector256.ConditionalSelect(mask.V, a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(D256 a) => Vector256.Sum(a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MaxAcross(D256 a) => D128.MaxAcross(new D128(Vector128.Max(a.V.GetLower(), a.V.GetUpper())));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Exp(D256 a) => new(Vector256.Exp(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Log(D256 a) => new(Vector256.Log(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static D256 ScaleB(D256 x, D256 n) => Avx512F.VL.IsSupported ? new(Avx512F.VL.Scale(x.V, n.V)) : ScaleBPortable(x, n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static D256 ScaleBPortable(D256 x, D256 n)
    {
        var a = Vector256.Floor(n.V * Vector256.Create(0.5));
        var pa = Vector256.ShiftLeft(Vector256.ConvertToInt64Native(a) + Vector256.Create(1023L), 52).AsDouble();
        var pb = Vector256.ShiftLeft(Vector256.ConvertToInt64Native(n.V - a) + Vector256.Create(1023L), 52).AsDouble();
        return new(x.V * pa * pb);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D256 Sin(D256 a) => new(Vector256.Sin(a.V));
}
