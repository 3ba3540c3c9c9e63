namespace ActLab.Kernels.Random;

/// <summary>
/// PCG-XSH-RR 64/32 (M. E. O'Neill, "PCG: A Family of Simple Fast Space-Efficient Statistically Good Algorithms
/// for Random Number Generation", 2014; pcg-random.org, Apache-2.0): a 64-bit LCG state with a permuted 32-bit
/// output. Documented here so that a seed replays the same stream bit for bit on every machine and .NET version,
/// which <see cref="System.Random"/> does not promise.
/// </summary>
public struct Pcg32
{
    private const ulong Multiplier = 6364136223846793005UL;
    private ulong _state;
    private readonly ulong _increment;

    /// <summary>Seeds the generator as the reference <c>pcg32_srandom_r(seed, stream)</c> does.</summary>
    public Pcg32(ulong seed, ulong stream = 54)
    {
        _state = 0;
        _increment = (stream << 1) | 1UL;
        NextUInt();
        _state += seed;
        NextUInt();
    }

    /// <summary>The next 32 random bits.</summary>
    public uint NextUInt()
    {
        ulong old = _state;
        _state = unchecked(old * Multiplier + _increment);
        uint xorShifted = (uint)(((old >> 18) ^ old) >> 27);
        int rot = (int)(old >> 59);
        return (xorShifted >> rot) | (xorShifted << (-rot & 31));
    }

    /// <summary>A float uniform on [0, 1): the top 24 bits scaled by 2^−24, every value equally likely.</summary>
    public float NextFloat() => (NextUInt() >> 8) * (1f / 16777216f);

    /// <summary>A double uniform on [0, 1) from 53 bits (two draws).</summary>
    public double NextDouble() => (((ulong)NextUInt() << 21) ^ (NextUInt() >> 11)) * (1.0 / 9007199254740992.0);
}
