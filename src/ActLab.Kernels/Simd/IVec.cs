namespace ActLab.Kernels.Simd;

/// <summary>
/// The lane arithmetic every kernel formula is written against, once, for any width. A formula written over
/// <typeparamref name="TSelf"/> runs at 512, 256 or 128 bits, chosen by the driver; masks are vectors whose lanes
/// are all-ones (true) or all-zeros (false), as the hardware compares produce them.
/// </summary>
/// <remarks>
/// .NET's own <c>ISimdVector</c> is internal, so this is the small public subset the kernels need.
/// <see cref="Min"/> and <see cref="Max"/> propagate NaN (IEEE 754-2019 minimum/maximum), like PyTorch.
/// </remarks>
public interface IVec<TSelf, T>
    where TSelf : struct, IVec<TSelf, T>
    where T : unmanaged
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }
    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TSelf Create(T value);
    /// <summary>Loads <see cref="Count"/> lanes from <paramref name="source"/> at <paramref name="offset"/>.</summary>
    static abstract TSelf Load(ref T source, nuint offset);
    /// <summary>Stores <see cref="Count"/> lanes to <paramref name="destination"/> at <paramref name="offset"/>.</summary>
    static abstract void Store(TSelf value, ref T destination, nuint offset);

    /// <summary>Lane-wise addition.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);
    /// <summary>Lane-wise subtraction.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);
    /// <summary>Lane-wise multiplication.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);
    /// <summary>Lane-wise division.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);
    /// <summary>Lane-wise negation.</summary>
    static abstract TSelf operator -(TSelf a);
    /// <summary>Bitwise and (for masks).</summary>
    static abstract TSelf operator &(TSelf a, TSelf b);
    /// <summary>Bitwise or (for masks).</summary>
    static abstract TSelf operator |(TSelf a, TSelf b);

    /// <summary>a·b + c with one rounding.</summary>
    static abstract TSelf Fma(TSelf a, TSelf b, TSelf c);
    /// <summary>c − a·b with one rounding: bit for bit <c>Fma(−a, b, c)</c>, in one instruction (vfnmadd). Written
    /// as <c>Fma(−a, b, c)</c> through the wrapper, the negation lands in a temporary the JIT does not fold, and costs
    /// an instruction of its own.</summary>
    static abstract TSelf FmaNeg(TSelf a, TSelf b, TSelf c);
    /// <summary>a·b − c with one rounding: bit for bit <c>Fma(a, b, −c)</c>, in one instruction (vfmsub).</summary>
    static abstract TSelf FmaSub(TSelf a, TSelf b, TSelf c);
    /// <summary>IEEE minimum: NaN if either lane is NaN.</summary>
    static abstract TSelf Min(TSelf a, TSelf b);
    /// <summary>IEEE maximum: NaN if either lane is NaN.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);
    /// <summary>Absolute value.</summary>
    static abstract TSelf Abs(TSelf a);
    /// <summary>Square root.</summary>
    static abstract TSelf Sqrt(TSelf a);
    /// <summary>The magnitude of <paramref name="magnitude"/> with the sign bit of <paramref name="sign"/>.</summary>
    static abstract TSelf CopySign(TSelf magnitude, TSelf sign);
    /// <summary>Rounds to the nearest integer, ties to even.</summary>
    static abstract TSelf Round(TSelf a);
    /// <summary>Rounds toward −∞.</summary>
    static abstract TSelf Floor(TSelf a);

    /// <summary>Mask of a &lt; b (false for NaN).</summary>
    static abstract TSelf LessThan(TSelf a, TSelf b);
    /// <summary>Mask of a ≤ b (false for NaN).</summary>
    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);
    /// <summary>Mask of a &gt; b (false for NaN).</summary>
    static abstract TSelf GreaterThan(TSelf a, TSelf b);
    /// <summary>Mask of a ≥ b (false for NaN).</summary>
    static abstract TSelf GreaterThanOrEqual(TSelf a, TSelf b);
    /// <summary>Mask of a = b (false for NaN).</summary>
    static abstract TSelf Equal(TSelf a, TSelf b);
    /// <summary>Mask of NaN lanes.</summary>
    static abstract TSelf IsNaN(TSelf a);
    /// <summary>Whether every lane of a comparison mask is set (for a branch to a rare slow path).</summary>
    static abstract bool AllTrue(TSelf mask);
    /// <summary>Lane-wise <c>mask ? a : b</c>.</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);

    /// <summary>Horizontal sum of the lanes.</summary>
    static abstract T Sum(TSelf a);
    /// <summary>Horizontal maximum of the lanes (NaN if any lane is NaN).</summary>
    static abstract T MaxAcross(TSelf a);
}

/// <summary>Float lanes, with the conversions to the double vector of the same register width.</summary>
public interface IFloatVec<TSelf, TDouble> : IVec<TSelf, float>
    where TSelf : struct, IFloatVec<TSelf, TDouble>
    where TDouble : struct, IDoubleVec<TDouble>
{
    /// <summary>x·2^n for integer-valued lanes n in [−152, 128], rounded once (subnormal results included);
    /// overflows to ±∞. One <c>vscalefps</c> where AVX-512 is available, else two exact power-of-two products.</summary>
    static abstract TSelf ScaleB(TSelf x, TSelf n);
    /// <summary>max(a, b) that returns <paramref name="b"/> when either is NaN, so a NaN in b propagates in one
    /// instruction (x86 <c>maxps</c> semantics; IEEE maximum elsewhere, which also propagates it).</summary>
    static abstract TSelf MaxPropagateSecond(TSelf a, TSelf b);
    /// <summary>min(a, b) that returns <paramref name="b"/> when either is NaN (x86 <c>minps</c> semantics; IEEE
    /// minimum elsewhere).</summary>
    static abstract TSelf MinPropagateSecond(TSelf a, TSelf b);
    /// <summary>Minimum without NaN handling (the hardware instruction; the result for a NaN lane is unspecified).</summary>
    static abstract TSelf MinNative(TSelf a, TSelf b);
    /// <summary>Maximum without NaN handling (the hardware instruction; the result for a NaN lane is unspecified).</summary>
    static abstract TSelf MaxNative(TSelf a, TSelf b);
    /// <summary>Widens the lower and upper halves to doubles (exact).</summary>
    static abstract void Widen(TSelf value, out TDouble lower, out TDouble upper);
    /// <summary>Rounds two double vectors to one float vector (round to nearest even).</summary>
    static abstract TSelf Narrow(TDouble lower, TDouble upper);
}

/// <summary>Double lanes, with the BCL's vector exp and log (both within 1 ULP of double).</summary>
public interface IDoubleVec<TSelf> : IVec<TSelf, double>
    where TSelf : struct, IDoubleVec<TSelf>
{
    /// <summary>e^x (the BCL's vectorised exp).</summary>
    static abstract TSelf Exp(TSelf a);
    /// <summary>ln x (the BCL's vectorised log).</summary>
    static abstract TSelf Log(TSelf a);
    /// <summary>x·2^n for integer-valued n in [−1100, 1100], rounded once; <c>vscalefpd</c> where AVX-512 is available.</summary>
    static abstract TSelf ScaleB(TSelf x, TSelf n);
    /// <summary>sin x (the BCL's vectorised sine).</summary>
    static abstract TSelf Sin(TSelf a);
}
