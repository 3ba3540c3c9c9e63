using ActLab.Kernels.Random;

namespace ActLab.Core.Model;

/// <summary>Weight initialisers (torch.nn.init), drawing from a seeded <see cref="Pcg32"/>.</summary>
public enum Initializer
{
    /// <summary>PyTorch's Linear default: W, b ~ U(±1/√fan_in) (kaiming_uniform with a = √5).</summary>
    PyTorch,
    /// <summary>Glorot uniform: U(±√(6/(fan_in + fan_out))).</summary>
    XavierUniform,
    /// <summary>Glorot normal: N(0, 2/(fan_in + fan_out)).</summary>
    XavierNormal,
    /// <summary>He uniform (ReLU gain √2): U(±√(6/fan_in)).</summary>
    KaimingUniform,
    /// <summary>He normal: N(0, 2/fan_in).</summary>
    KaimingNormal,
    /// <summary>LeCun normal (for SELU): N(0, 1/fan_in).</summary>
    LecunNormal,
    /// <summary>All zeros.</summary>
    Zeros,
    /// <summary>N(0, 1): Deep Learning from Scratch ch. 6's first experiment (saturates sigmoid layers).</summary>
    NormalStd1,
    /// <summary>N(0, 0.01²): its second (activations collapse toward one value).</summary>
    NormalStd001,
}

/// <summary>Initialiser names on the command line.</summary>
public static class Initializers
{
    /// <summary>The accepted names, in order.</summary>
    public static readonly string[] Names = ["pytorch", "xavier-uniform", "xavier-normal", "kaiming-uniform", "kaiming-normal", "lecun-normal", "zeros", "normal-1", "normal-0.01"];

    /// <summary>The command-line name of an initialiser (the inverse of <see cref="Parse"/>).</summary>
    public static string Name(Initializer init) => Names[(int)init];

    /// <summary>Parses a name (he-uniform and he-normal are accepted for kaiming).</summary>
    public static Initializer Parse(string name) => name.ToLowerInvariant() switch
    {
        "pytorch" => Initializer.PyTorch, "xavier-uniform" => Initializer.XavierUniform, "xavier-normal" => Initializer.XavierNormal,
        "kaiming-uniform" or "he-uniform" => Initializer.KaimingUniform, "kaiming-normal" or "he-normal" => Initializer.KaimingNormal,
        "lecun-normal" => Initializer.LecunNormal, "zeros" => Initializer.Zeros, "normal-1" => Initializer.NormalStd1, "normal-0.01" => Initializer.NormalStd001,
        _ => throw ActLab.Core.Localization.Texts.Error("init", name, "error.model.init", ActLab.Kernels.InputException.Show(name), string.Join(", ", Names)),
    };
}

internal static class Init
{
    /// <summary>Fills weight [out, in] then bias [out] (biases are U(±1/√fan_in) for PyTorch, zero otherwise).</summary>
    public static void Fill(Initializer kind, float[] weight, float[] bias, int fanIn, int fanOut, ref Pcg32 rng)
    {
        double bound = 1 / Math.Sqrt(fanIn);
        switch (kind)
        {
            case Initializer.PyTorch: Uniform(weight, bound, ref rng); Uniform(bias, bound, ref rng); return;
            case Initializer.XavierUniform: Uniform(weight, Math.Sqrt(6.0 / (fanIn + fanOut)), ref rng); break;
            case Initializer.XavierNormal: Normal(weight, Math.Sqrt(2.0 / (fanIn + fanOut)), ref rng); break;
            case Initializer.KaimingUniform: Uniform(weight, Math.Sqrt(6.0 / fanIn), ref rng); break;
            case Initializer.KaimingNormal: Normal(weight, Math.Sqrt(2.0 / fanIn), ref rng); break;
            case Initializer.LecunNormal: Normal(weight, Math.Sqrt(1.0 / fanIn), ref rng); break;
            case Initializer.Zeros: Array.Clear(weight); break;
            case Initializer.NormalStd1: Normal(weight, 1, ref rng); break;
            case Initializer.NormalStd001: Normal(weight, 0.01, ref rng); break;
        }
        Array.Clear(bias);
    }

    private static void Uniform(float[] a, double bound, ref Pcg32 rng)
    {
        for (int i = 0; i < a.Length; i++) a[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
    }

    private static void Normal(float[] a, double std, ref Pcg32 rng)
    {
        for (int i = 0; i < a.Length; i++)
        {
            // Box–Muller (one value per pair, so each element uses two fresh uniforms and replay is positional).
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            a[i] = (float)(std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }
}
