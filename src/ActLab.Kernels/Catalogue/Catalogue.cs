using System.Globalization;

namespace ActLab.Kernels.Catalogue;

/// <summary>A spec that names no activation, an unknown parameter, or a bad value. The message lists what is valid.</summary>
public sealed class SpecException(string message) : ArgumentException(message);

/// <summary>
/// The one table of activation names, aliases, parameters and properties, and the resolver of spec strings:
/// <c>name</c> or <c>name:key=value,key=value</c> (e.g. <c>leaky-relu:negative-slope=0.1</c>, <c>gelu:approximate=tanh</c>).
/// Names match case-insensitively with '-', '_' and spaces ignored, so PyTorch's class names work too (<c>LeakyReLU</c>).
/// </summary>
public static partial class Catalogue
{
    private static readonly Lazy<ActivationInfo[]> Entries = new(() => [.. TutorialEntries(), .. TorchEntries(), .. BeyondEntries()]);
    private static readonly Lazy<Dictionary<string, ActivationInfo>> ByName = new(BuildIndex);

    /// <summary>Every entry, tutorial functions first.</summary>
    public static IReadOnlyList<ActivationInfo> All => Entries.Value;

    /// <summary>The entry for a name or alias.</summary>
    /// <exception cref="SpecException">No such name; the message suggests the nearest and lists all.</exception>
    public static ActivationInfo Get(string name)
    {
        if (TryGet(name, out var info)) return info;
        throw new SpecException(UnknownNameMessage(name));
    }

    /// <summary>Looks up a name or alias.</summary>
    public static bool TryGet(string name, out ActivationInfo info) => ByName.Value.TryGetValue(Normalize(name), out info!);

    /// <summary>Resolves a spec to a callable activation with validated parameters.</summary>
    /// <exception cref="SpecException">Unknown name or parameter, a non-number, a value out of range, or a missing required value.</exception>
    public static Activation Resolve(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec = spec.Trim();
        if (spec.Length == 0) throw new SpecException("An activation spec is empty; write a name such as 'relu' or 'leaky-relu:negative-slope=0.1'.");
        int colon = spec.IndexOf(':');
        string name = colon < 0 ? spec : spec[..colon];
        var info = Get(name);
        var values = new double?[info.Parameters.Length];
        for (int i = 0; i < values.Length; i++) values[i] = info.Parameters[i].Default;
        if (colon >= 0)
        {
            foreach (var raw in spec[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries))
            {
                if (raw.Length == 0) continue;
                int eq = raw.IndexOf('=');
                if (eq <= 0)
                    throw new SpecException($"In '{spec}', '{raw}' is not key=value. {ParameterList(info)}");
                string key = raw[..eq].Trim(), text = raw[(eq + 1)..].Trim();
                int p = Array.FindIndex(info.Parameters, q => Normalize(q.Key) == Normalize(key) || Normalize(q.PyTorchName) == Normalize(key));
                if (p < 0)
                    throw new SpecException($"'{info.Key}' has no parameter '{key}'. {ParameterList(info)}");
                values[p] = ParseValue(info, info.Parameters[p], text);
            }
        }
        for (int i = 0; i < values.Length; i++)
            if (values[i] is null)
                throw new SpecException($"'{info.Key}' needs a value for '{info.Parameters[i].Key}' (PyTorch gives it no default). {ParameterList(info)} Example: {Example(info)}");
        var resolved = values.Select(v => v!.Value).ToArray();
        var activation = info.Factory(resolved);
        activation.Info = info;
        activation.Values = resolved;
        activation.Spec = Canonical(info, resolved);
        return activation;
    }

    /// <summary>Formats a number the way specs and tables show it (shortest round-trip, invariant culture).</summary>
    public static string Format(double v) =>
        double.IsPositiveInfinity(v) ? "∞" : double.IsNegativeInfinity(v) ? "−∞" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>All keys, comma-separated, for error messages.</summary>
    public static string KeyList => string.Join(", ", All.Select(e => e.Key));

    internal static string Normalize(string name) =>
        new(name.Where(c => c != '-' && c != '_' && c != ' ').Select(char.ToLowerInvariant).ToArray());

    private static Dictionary<string, ActivationInfo> BuildIndex()
    {
        var d = new Dictionary<string, ActivationInfo>();
        foreach (var e in Entries.Value)
            foreach (var n in e.Aliases.Prepend(e.Key))
                if (!d.TryAdd(Normalize(n), e) && d[Normalize(n)] != e)
                    throw new InvalidOperationException($"The catalogue names '{n}' twice ({d[Normalize(n)].Key} and {e.Key}).");
        return d;
    }

    private static double ParseValue(ActivationInfo info, ParameterInfo p, string text)
    {
        double v;
        if (p.Choices is not null)
        {
            int c = Array.FindIndex(p.Choices, ch => string.Equals(ch, text, StringComparison.OrdinalIgnoreCase));
            if (c < 0) throw new SpecException($"'{p.Key}' of '{info.Key}' must be one of {string.Join(", ", p.Choices)}; got '{text}'.");
            v = c;
        }
        else if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v) || !double.IsFinite(v))
            throw new SpecException($"'{p.Key}' of '{info.Key}' must be a finite number; got '{text}'.");
        var problem = p.Validate?.Invoke(v);
        if (problem is not null) throw new SpecException($"'{p.Key}' of '{info.Key}' {problem}; got {text}.");
        return v;
    }

    private static string ParameterList(ActivationInfo info) => info.Parameters.Length == 0
        ? $"'{info.Key}' takes no parameters."
        : $"Its parameters: {string.Join(", ", info.Parameters.Select(q => q.Choices is null ? $"{q.Key} (default {q.DefaultText})" : $"{q.Key} = {string.Join("|", q.Choices)} (default {q.DefaultText})"))}.";

    private static string Example(ActivationInfo info) =>
        $"{info.Key}:{string.Join(",", info.Parameters.Select(q => $"{q.Key}={(q.Default is null ? "1" : q.DefaultText)}"))}";

    private static string Canonical(ActivationInfo info, double[] values)
    {
        var parts = new List<string>();
        for (int i = 0; i < values.Length; i++)
        {
            var p = info.Parameters[i];
            if (p.Default is double d && d == values[i]) continue;
            parts.Add($"{p.Key}={(p.Choices is null ? Format(values[i]) : p.Choices[(int)values[i]])}");
        }
        return parts.Count == 0 ? info.Key : $"{info.Key}:{string.Join(",", parts)}";
    }

    private static string UnknownNameMessage(string name)
    {
        string n = Normalize(name);
        var best = ByName.Value.Keys.Select(k => (k, d: Distance(n, k))).OrderBy(t => t.d).First();
        string hint = best.d <= Math.Max(2, n.Length / 3) ? $" Did you mean '{ByName.Value[best.k].Key}'?" : "";
        return $"Unknown activation '{name}'.{hint} Valid names: {KeyList}.";
    }

    private static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) prev[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (prev, cur) = (cur, prev);
        }
        return prev[b.Length];
    }

    // Validators shared by the entries: each returns an error fragment or null.
    internal static string? NonNegative(double v) => v >= 0 ? null : "must be ≥ 0";
    internal static string? Positive(double v) => v > 0 ? null : "must be > 0";
    internal static string? NonZero(double v) => v != 0 ? null : "must not be 0";
    internal static string? NonNegativeInteger(double v) => v >= 0 && v == Math.Floor(v) && v <= ulong.MaxValue ? null : "must be a whole number ≥ 0";
    internal static string? PositiveInteger(double v) => v >= 1 && v == Math.Floor(v) && v <= 1 << 20 ? null : "must be a whole number ≥ 1";
    internal static string? Integer(double v) => v == Math.Floor(v) && Math.Abs(v) <= 64 ? null : "must be a whole number (an axis, negative from the end)";
    internal static string? Probability(double v) => v is >= 0 and <= 1 ? null : "must be in [0, 1]";

    internal static ParameterInfo Dim(double dflt = -1) =>
        new("dim", "dim", dflt, "the axis the function works along (negative counts from the end)", Integer);

    internal static Activation Elementwise<TOp>(TOp op) where TOp : struct, Simd.IUnaryKernel => new ElementwiseActivation<TOp>(op);
}
