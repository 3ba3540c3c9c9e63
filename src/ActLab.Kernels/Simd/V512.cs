using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActLab.Kernels.Simd;

/// <summary>16 float lanes (<see cref="Vector512{T}"/>).</summary>
public readonly struct F512 : IFloatVec<F512, D512>
{
    internal readonly Vector512<float> V;
    internal F512(Vector512<float> v) => V = v;
    /// <inheritdoc/>
    public static int Count => Vector512<float>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Create(float value) => new(Vector512.Create(value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Load(ref float source, nuint offset) => new(Vector512.LoadUnsafe(ref source, offset));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(F512 value, ref float destination, nuint offset) => value.V.StoreUnsafe(ref destination, offset);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 operator +(F512 a, F512 b) => new(a.V + b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 operator -(F512 a, F512 b) => new(a.V - b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 operator *(F512 a, F512 b) => new(a.V * b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 operator /(F512 a, F512 b) => new(a.V / b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 operator -(F512 a) => new(-a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 operator &(F512 a, F512 b) => new(a.V & b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 operator |(F512 a, F512 b) => new(a.V | b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Fma(F512 a, F512 b, F512 c) => new(Vector512.FusedMultiplyAdd(a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 FmaNeg(F512 a, F512 b, F512 c) => Avx512F.IsSupported ? new(Avx512F.FusedMultiplyAddNegated(a.V, b.V, c.V)) : new(Vector512.FusedMultiplyAdd(-a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 FmaSub(F512 a, F512 b, F512 c) => Avx512F.IsSupported ? new(Avx512F.FusedMultiplySubtract(a.V, b.V, c.V)) : new(Vector512.FusedMultiplyAdd(a.V, b.V, -c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Min(F512 a, F512 b) => new(Vector512.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Max(F512 a, F512 b) => new(Vector512.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Abs(F512 a) => new(Vector512.Abs(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Sqrt(F512 a) => new(Vector512.Sqrt(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 CopySign(F512 magnitude, F512 sign) => new(Vector512.CopySign(magnitude.V, sign.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Round(F512 a) => new(Vector512.Round(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Floor(F512 a) => new(Vector512.Floor(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 LessThan(F512 a, F512 b) => new(Vector512.LessThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 LessThanOrEqual(F512 a, F512 b) => new(Vector512.LessThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 GreaterThan(F512 a, F512 b) => new(Vector512.GreaterThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 GreaterThanOrEqual(F512 a, F512 b) => new(Vector512.GreaterThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Equal(F512 a, F512 b) => new(Vector512.Equals(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 IsNaN(F512 a) => new(~Vector512.Equals(a.V, a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(F512 mask) => Vector512.EqualsAll(mask.V.AsUInt32(), Vector512<uint>.AllBitsSet);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Select(F512 mask, F512 a, F512 b) => new(Vector512.ConditionalSelect(mask.V, a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(F512 a) => Vector512.Sum(a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MaxAcross(F512 a) => F256.MaxAcross(new F256(Vector256.Max(a.V.GetLower(), a.V.GetUpper())));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static F512 ScaleB(F512 x, F512 n) => Avx512F.IsSupported ? new(Avx512F.Scale(x.V, n.V)) : ScaleBPortable(x, n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static F512 ScaleBPortable(F512 x, F512 n)
    {
        // 2^n = 2^a·2^b with a = ⌊n/2⌋ and b = n − a, both in [−76, 64]: each factor is a normal float built from its
        // exponent bits, and only the last product can round.
        var a = Vector512.Floor(n.V * Vector512.Create(0.5f));
        var pa = Vector512.ShiftLeft(Vector512.ConvertToInt32Native(a) + Vector512.Create(127), 23).AsSingle();
        var pb = Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n.V - a) + Vector512.Create(127), 23).AsSingle();
        return new(x.V * pa * pb);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 MaxPropagateSecond(F512 a, F512 b) => Avx512F.IsSupported ? new(Avx512F.Max(a.V, b.V)) : new(Vector512.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 MinPropagateSecond(F512 a, F512 b) => Avx512F.IsSupported ? new(Avx512F.Min(a.V, b.V)) : new(Vector512.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 MinNative(F512 a, F512 b) => new(Vector512.MinNative(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 MaxNative(F512 a, F512 b) => new(Vector512.MaxNative(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Widen(F512 value, out D512 lower, out D512 upper)
    {
        lower = new D512(Vector512.WidenLower(value.V));
        upper = new D512(Vector512.WidenUpper(value.V));
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F512 Narrow(D512 lower, D512 upper) => new(Vector512.Narrow(lower.V, upper.V));
}

/// <summary>8 double lanes (<see cref="Vector512{T}"/>).</summary>
public readonly struct D512 : IDoubleVec<D512>
{
    internal readonly Vector512<double> V;
    internal D512(Vector512<double> v) => V = v;
    /// <inheritdoc/>
    public static int Count => Vector512<double>.Count;
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Create(double value) => new(Vector512.Create(value));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Load(ref double source, nuint offset) => new(Vector512.LoadUnsafe(ref source, offset));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(D512 value, ref double destination, nuint offset) => value.V.StoreUnsafe(ref destination, offset);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 operator +(D512 a, D512 b) => new(a.V + b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 operator -(D512 a, D512 b) => new(a.V - b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 operator *(D512 a, D512 b) => new(a.V * b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 operator /(D512 a, D512 b) => new(a.V / b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 operator -(D512 a) => new(-a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 operator &(D512 a, D512 b) => new(a.V & b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 operator |(D512 a, D512 b) => new(a.V | b.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Fma(D512 a, D512 b, D512 c) => new(Vector512.FusedMultiplyAdd(a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 FmaNeg(D512 a, D512 b, D512 c) => Avx512F.IsSupported ? new(Avx512F.FusedMultiplyAddNegated(a.V, b.V, c.V)) : new(Vector512.FusedMultiplyAdd(-a.V, b.V, c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 FmaSub(D512 a, D512 b, D512 c) => Avx512F.IsSupported ? new(Avx512F.FusedMultiplySubtract(a.V, b.V, c.V)) : new(Vector512.FusedMultiplyAdd(a.V, b.V, -c.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Min(D512 a, D512 b) => new(Vector512.Min(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Max(D512 a, D512 b) => new(Vector512.Max(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Abs(D512 a) => new(Vector512.Abs(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Sqrt(D512 a) => new(Vector512.Sqrt(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 CopySign(D512 magnitude, D512 sign) => new(Vector512.CopySign(magnitude.V, sign.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Round(D512 a) => new(Vector512.Round(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Floor(D512 a) => new(Vector512.Floor(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 LessThan(D512 a, D512 b) => new(Vector512.LessThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 LessThanOrEqual(D512 a, D512 b) => new(Vector512.LessThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 GreaterThan(D512 a, D512 b) => new(Vector512.GreaterThan(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 GreaterThanOrEqual(D512 a, D512 b) => new(Vector512.GreaterThanOrEqual(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Equal(D512 a, D512 b) => new(Vector512.Equals(a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 IsNaN(D512 a) => new(~Vector512.Equals(a.V, a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static bool AllTrue(D512 mask) => Vector512.EqualsAll(mask.V.AsUInt64(), Vector512<ulong>.AllBitsSet);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Select(D512 mask, D512 a, D512 b) => new(Vector512.ConditionalSelect(mask.V, a.V, b.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(D512 a) => Vector512.Sum(a.V);
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double MaxAcross(D512 a) => D256.MaxAcross(new D256(Vector256.Max(a.V.GetLower(), a.V.GetUpper())));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Exp(D512 a) => new(Vector512.Exp(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Log(D512 a) => new(Vector512.Log(a.V));
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static D512 ScaleB(D512 x, D512 n) => Avx512F.IsSupported ? new(Avx512F.Scale(x.V, n.V)) : ScaleBPortable(x, n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static D512 ScaleBPortable(D512 x, D512 n)
    {
        var a = Vector512.Floor(n.V * Vector512.Create(0.5));
        var pa = Vector512.ShiftLeft(Vector512.ConvertToInt64Native(a) + Vector512.Create(1023L), 52).AsDouble();
        var pb = Vector512.ShiftLeft(Vector512.ConvertToInt64Native(n.V - a) + Vector512.Create(1023L), 52).AsDouble();
        return new(x.V * pa * pb);
    }
    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static D512 Sin(D512 a) => new(Vector512.Sin(a.V));
}
