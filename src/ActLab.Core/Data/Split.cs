using ActLab.Kernels.Random;

namespace ActLab.Core.Data;

/// <summary>torch.utils.data.random_split and DataLoader semantics over example indices.</summary>
public static class Split
{
    /// <summary>
    /// Sizes for fractions as PyTorch computes them: each floor(n·f), then the remainder handed out one by one
    /// round-robin from the first subset. Fractions must be in [0, 1] and sum to 1 (within 1e-6).
    /// </summary>
    public static int[] Sizes(int n, IReadOnlyList<double> fractions)
    {
        if (fractions.Count == 0) throw ActLab.Core.Localization.Texts.Error("split", "", "error.split.empty");
        foreach (var f in fractions)
            if (!(f >= 0 && f <= 1)) throw ActLab.Core.Localization.Texts.Error("split", f, "error.split.fraction", f);
        double total = fractions.Sum();
        if (Math.Abs(total - 1) > 1e-6)
            throw ActLab.Core.Localization.Texts.Error("split", string.Join(",", fractions), "error.split.sum", string.Join(",", fractions), total);
        var sizes = fractions.Select(f => (int)Math.Floor(n * f)).ToArray();
        int remainder = n - sizes.Sum();
        for (int i = 0; i < remainder; i++) sizes[i % sizes.Length]++;
        return sizes;
    }

    /// <summary>A random permutation of 0..n−1 cut into consecutive pieces of the given sizes (random_split).</summary>
    public static int[][] Random(int n, int[] sizes, ulong seed)
    {
        if (sizes.Sum() != n) throw ActLab.Core.Localization.Texts.Error("split", n, "error.split.sizes", sizes.Sum(), n);
        var perm = Enumerable.Range(0, n).ToArray();
        var rng = new Pcg32(seed, 11);
        Shuffle(perm, ref rng);
        var parts = new int[sizes.Length][];
        for (int i = 0, start = 0; i < sizes.Length; start += sizes[i], i++) parts[i] = perm[start..(start + sizes[i])];
        return parts;
    }

    /// <summary>Fisher–Yates with unbiased bounded draws (Lemire's method with rejection).</summary>
    public static void Shuffle(Span<int> a, ref Pcg32 rng)
    {
        for (int i = a.Length - 1; i >= 1; i--)
        {
            uint bound = (uint)i + 1;
            ulong m = (ulong)rng.NextUInt() * bound;
            if ((uint)m < bound)
            {
                uint threshold = (uint)(-(int)bound) % bound;
                while ((uint)m < threshold) m = (ulong)rng.NextUInt() * bound;
            }
            int j = (int)(m >> 32);
            (a[i], a[j]) = (a[j], a[i]);
        }
    }
}
