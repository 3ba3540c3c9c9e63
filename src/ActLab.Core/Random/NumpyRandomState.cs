namespace ActLab.Core.Random;

/// <summary>
/// NumPy's legacy <c>numpy.random.RandomState</c> stream, re-implemented so that ActLab can write byte for byte the
/// data a NumPy script writes (the seed tutorial's <c>np.random.seed(42)</c>, <c>randn</c>, <c>shuffle</c>).
/// </summary>
/// <remarks>
/// MT19937 (Matsumoto &amp; Nishimura 1998) seeded as <c>mt19937_seed</c> (init_genrand); doubles as NumPy's
/// <c>legacy_double</c> ((a·2^26 + b)/2^53 from two 32-bit draws); normals by the polar Box–Muller method of
/// <c>legacy_gauss</c>, which caches its second value; <c>shuffle</c> as the legacy Fisher–Yates with
/// <c>random_interval</c> (masked rejection). Checked against NumPy 1.24 output in the tests.
/// </remarks>
internal sealed class NumpyRandomState
{
    private const int N = 624, M = 397;
    private readonly uint[] _mt = new uint[N];
    private int _index = N;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Seeds as <c>np.random.seed(seed)</c> with an integer seed.</summary>
    public NumpyRandomState(uint seed)
    {
        _mt[0] = seed;
        for (int i = 1; i < N; i++) _mt[i] = unchecked(1812433253u * (_mt[i - 1] ^ (_mt[i - 1] >> 30)) + (uint)i);
    }

    /// <summary>The next 32-bit output of MT19937.</summary>
    public uint NextUInt32()
    {
        if (_index >= N) Twist();
        uint y = _mt[_index++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) with 53 random bits, as NumPy's <c>random_sample</c>.</summary>
    public double NextDouble()
    {
        uint a = NextUInt32() >> 5, b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>A standard normal, as NumPy's legacy <c>randn</c> (polar method, pairs cached).</summary>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }
        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary>A uniform integer in [0, max], as NumPy's <c>random_interval</c> (masked rejection sampling).</summary>
    public ulong NextInterval(ulong max)
    {
        if (max == 0) return 0;
        ulong mask = max;
        mask |= mask >> 1; mask |= mask >> 2; mask |= mask >> 4; mask |= mask >> 8; mask |= mask >> 16; mask |= mask >> 32;
        ulong value;
        if (max <= 0xffffffffUL)
            while ((value = NextUInt32() & mask) > max) { }
        else
            while ((value = (((ulong)NextUInt32() << 32) | NextUInt32()) & mask) > max) { }
        return value;
    }

    /// <summary>Shuffles in place as the legacy <c>RandomState.shuffle</c> of a 1-D array.</summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i >= 1; i--)
        {
            int j = (int)NextInterval((ulong)i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private void Twist()
    {
        for (int k = 0; k < N; k++)
        {
            uint y = (_mt[k] & 0x80000000u) | (_mt[(k + 1) % N] & 0x7fffffffu);
            _mt[k] = _mt[(k + M) % N] ^ (y >> 1) ^ ((y & 1u) != 0 ? 0x9908b0dfu : 0u);
        }
        _index = 0;
    }
}
