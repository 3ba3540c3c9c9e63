using System.Globalization;

namespace ActLab.Kernels.Catalogue;

/// <summary>A spec that names no activation, an unknown parameter, or a bad value. The message lists what is valid.</summary>
public sealed class SpecException(string message, string? value = null) : InputException("spec", value, message);

/// <summary>
/// The one table of activation names, aliases, parameters and properties, and the resolver of spec strings:
/// <c>name</c> or <c>name:key=value,key=value</c> (e.g. <c>leaky-relu:negative-slope=0.1</c>, <c>gelu:approximate=tanh</c>).
/// Names match case-insensitively with '-', '_' and spaces ignored, so PyTorch's class names work too (<c>LeakyReLU</c>).
/// </summary>
public static partial class Catalogue
{
    private static readonly object Gate = new();
    private static readonly Lazy<ActivationInfo[]> BuiltIn = new(() => [.. TutorialEntries(), .. TorchEntries(), .. BeyondEntries()]);
    // Replaced as a whole (copy on write) when an application registers an entry, so readers never lock.
    private static volatile ActivationInfo[]? _entries;
    private static volatile Dictionary<string, ActivationInfo>? _byName;

    // First use initialises under the lock: an unguarded `??=` let a reader that started before a Register store the
    // built-in index after it, dropping the registered entry from lookups (a parallel test run caught it).
    private static ActivationInfo[] EntriesNow => _entries ?? Initialise().Entries;
    private static Dictionary<string, ActivationInfo> ByNameNow => _byName ?? Initialise().ByName;

    private static (ActivationInfo[] Entries, Dictionary<string, ActivationInfo> ByName) Initialise()
    {
        lock (Gate)
        {
            var entries = _entries ??= BuiltIn.Value;
            return (entries, _byName ??= BuildIndex(entries));
        }
    }

    /// <summary>Every entry, tutorial functions first, registered ones last.</summary>
    public static IReadOnlyList<ActivationInfo> All => EntriesNow;

    /// <summary>Adds an activation of your own: it can then be named in specs and model specs, described, listed and
    /// plotted like the built-in ones. Its key must be kebab-case and, like its aliases, not clash with any name
    /// already taken.</summary>
    /// <exception cref="SpecException">The key is malformed or taken.</exception>
    public static void Register(ActivationInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(info.Factory);
        if (info.Key.Length == 0 || !info.Key.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || !char.IsAsciiLetterLower(info.Key[0]))
            throw new SpecException($"The key '{InputException.Show(info.Key)}' is not kebab-case (lower-case letters, digits and '-', starting with a letter).", info.Key) { Key = "error.spec.kebab", Args = [InputException.Show(info.Key)] };
        lock (Gate)
        {
            var index = ByNameNow;
            foreach (var n in info.Aliases.Prepend(info.Key))
                if (index.TryGetValue(Normalize(n), out var taken))
                    throw new SpecException($"The name '{InputException.Show(n)}' is taken by '{taken.Key}'.", n) { Key = "error.spec.taken", Args = [InputException.Show(n), taken.Key] };
            ActivationInfo[] next = [.. EntriesNow, info];
            _byName = BuildIndex(next);
            _entries = next;
        }
    }

    /// <summary>The entry for a name or alias.</summary>
    /// <exception cref="SpecException">No such name; the message suggests the nearest and lists all.</exception>
    public static ActivationInfo Get(string name)
    {
        if (TryGet(name, out var info)) return info;
        throw UnknownName(name);
    }

    /// <summary>Looks up a name or alias.</summary>
    public static bool TryGet(string name, out ActivationInfo info) => ByNameNow.TryGetValue(Normalize(name), out info!);

    /// <summary>Resolves a spec to a callable activation with validated parameters.</summary>
    /// <remarks>The grammar is strict: <c>name</c> or <c>name:key=value[,key=value...]</c> with no whitespace, no empty
    /// part, and no key given twice. Numbers must be finite in float32 (no overflow, no underflow of a non-zero value
    /// to 0), and the resolved function must stay finite, forward and backward, on a set of ordinary inputs
    /// (−10 … 10): a parameter that makes it non-finite there is refused.</remarks>
    /// <exception cref="SpecException">Unknown name or parameter, a malformed spec, a non-number, a value out of range,
    /// or a missing required value; the message names the token.</exception>
    public static Activation Resolve(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Length == 0 || spec.All(char.IsWhiteSpace))
            throw new SpecException("An activation spec is empty; write a name such as 'relu' or 'leaky-relu:negative-slope=0.1'.", spec) { Key = "error.spec.empty" };
        int ws = Array.FindIndex(spec.ToCharArray(), char.IsWhiteSpace);
        if (ws >= 0)
            throw new SpecException($"The activation spec '{InputException.Show(spec)}' has whitespace at character {ws + 1}; write it without spaces, e.g. 'leaky-relu:negative-slope=0.1'.", spec) { Key = "error.spec.whitespace", Args = [InputException.Show(spec), ws + 1] };
        int colon = spec.IndexOf(':');
        string name = colon < 0 ? spec : spec[..colon];
        var info = Get(name);
        var values = new double?[info.Parameters.Length];
        for (int i = 0; i < values.Length; i++) values[i] = info.Parameters[i].Default;
        if (colon >= 0)
        {
            string rest = spec[(colon + 1)..];
            if (rest.Length == 0) throw new SpecException($"In '{InputException.Show(spec)}', nothing follows ':'. {ParameterList(info)}", spec) { Key = "error.spec.nothingAfterColon", Args = [InputException.Show(spec), ParameterListText(info)] };
            var given = new bool[values.Length];
            foreach (var raw in rest.Split(','))
            {
                if (raw.Length == 0) throw new SpecException($"In '{InputException.Show(spec)}', there is an empty parameter (a stray ','). {ParameterList(info)}", spec) { Key = "error.spec.emptyParameter", Args = [InputException.Show(spec), ParameterListText(info)] };
                int eq = raw.IndexOf('=');
                if (eq <= 0 || eq == raw.Length - 1)
                    throw new SpecException($"In '{InputException.Show(spec)}', '{InputException.Show(raw)}' is not key=value. {ParameterList(info)}", spec) { Key = "error.spec.notKeyValue", Args = [InputException.Show(spec), InputException.Show(raw), ParameterListText(info)] };
                string key = raw[..eq], text = raw[(eq + 1)..];
                int p = Array.FindIndex(info.Parameters, q => Normalize(q.Key) == Normalize(key) || Normalize(q.PyTorchName) == Normalize(key));
                if (p < 0)
                    throw new SpecException($"'{info.Key}' has no parameter '{InputException.Show(key)}'. {ParameterList(info)}", spec) { Key = "error.spec.noParameter", Args = [info.Key, InputException.Show(key), ParameterListText(info)] };
                if (given[p]) throw new SpecException($"In '{InputException.Show(spec)}', '{info.Parameters[p].Key}' is given twice.", spec) { Key = "error.spec.twice", Args = [InputException.Show(spec), info.Parameters[p].Key] };
                given[p] = true;
                values[p] = ParseValue(info, info.Parameters[p], text);
            }
        }
        for (int i = 0; i < values.Length; i++)
            if (values[i] is null)
                throw new SpecException($"'{info.Key}' needs a value for '{info.Parameters[i].Key}' (PyTorch gives it no default). {ParameterList(info)} Example: {Example(info)}", spec) { Key = "error.spec.required", Args = [info.Key, info.Parameters[i].Key, ParameterListText(info), Example(info)] };
        var resolved = values.Select(v => v!.Value).ToArray();
        var activation = info.Factory(resolved);
        activation.Info = info;
        activation.Values = resolved;
        activation.Spec = Canonical(info, resolved);
        Probe(activation);
        return activation;
    }

    private static readonly float[] ProbePoints = [-10f, -3f, -1f, -0.5f, 0f, 0.5f, 1f, 3f, 10f];

    // A parameter can be finite and in range and still make the function overflow on ordinary inputs
    // (softplus:beta=1e-45 gives ln 2 / β = ∞ at 0). Elementwise functions are evaluated on a few points, forward and
    // backward; random (RReLU) and learnable (PReLU) ones are skipped so that probing draws no random numbers.
    private static void Probe(Activation a)
    {
        if (a.Info.Kind != ActivationKind.Elementwise || a is RreluActivation or PreluActivation) return;
        Span<float> y = stackalloc float[ProbePoints.Length];
        Span<float> dx = stackalloc float[ProbePoints.Length];
        Span<float> dy = stackalloc float[ProbePoints.Length];
        dy.Fill(1f);
        a.Forward(ProbePoints, y);
        a.Backward(ProbePoints, y, dy, dx);
        for (int i = 0; i < ProbePoints.Length; i++)
            if (!float.IsFinite(y[i]) || !float.IsFinite(dx[i]))
                throw new SpecException(string.Create(CultureInfo.InvariantCulture,
                    $"'{a.Spec}' is not finite at x = {ProbePoints[i]} (f = {y[i]}, f′ = {dx[i]}): its parameters make the function overflow on ordinary inputs."), a.Spec)
                { Key = "error.spec.overflow", Args = [a.Spec, ProbePoints[i].ToString(CultureInfo.InvariantCulture), y[i].ToString(CultureInfo.InvariantCulture), dx[i].ToString(CultureInfo.InvariantCulture)] };
    }

    /// <summary>Formats a number the way specs and tables show it (shortest round-trip, invariant culture).</summary>
    public static string Format(double v) =>
        double.IsPositiveInfinity(v) ? "∞" : double.IsNegativeInfinity(v) ? "−∞" : v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>All keys, comma-separated, for error messages.</summary>
    public static string KeyList => string.Join(", ", All.Select(e => e.Key));

    internal static string Normalize(string name) =>
        new(name.Where(c => c != '-' && c != '_' && c != ' ').Select(char.ToLowerInvariant).ToArray());

    private static Dictionary<string, ActivationInfo> BuildIndex(ActivationInfo[] entries)
    {
        var d = new Dictionary<string, ActivationInfo>();
        foreach (var e in entries)
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
            if (c < 0) throw new SpecException($"'{p.Key}' of '{info.Key}' must be one of {string.Join(", ", p.Choices)}; got '{text}'.") { Key = "error.spec.choice", Args = [p.Key, info.Key, string.Join(", ", p.Choices), text] };
            v = c;
        }
        else
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out v) || !double.IsFinite(v))
                throw new SpecException($"'{p.Key}' of '{info.Key}' must be a finite number; got '{InputException.Show(text)}'.", text) { Key = "error.spec.notNumber", Args = [p.Key, info.Key, InputException.Show(text)] };
            if (!float.IsFinite((float)v))
                throw new SpecException($"'{p.Key}' of '{info.Key}' is {InputException.Show(text)}, beyond float32's range (±3.4e38).", text) { Key = "error.spec.range", Args = [p.Key, info.Key, InputException.Show(text)] };
            if (v != 0 && (float)v == 0)
                throw new SpecException($"'{p.Key}' of '{info.Key}' is {InputException.Show(text)}, which rounds to 0 in float32.", text) { Key = "error.spec.underflow", Args = [p.Key, info.Key, InputException.Show(text)] };
        }
        var problem = p.Validate?.Invoke(v);
        if (problem is not null)
            throw new SpecException($"'{p.Key}' of '{info.Key}' {problem}; got {InputException.Show(text)}.", text)
            { Key = "error.spec.rule", Args = [p.Key, info.Key, RuleKeys.TryGetValue(problem, out var rule) ? new TextKey(rule) : problem, InputException.Show(text)] };
        return v;
    }

    private static string ParameterList(ActivationInfo info) => info.Parameters.Length == 0
        ? $"'{info.Key}' takes no parameters."
        : $"Its parameters: {string.Join(", ", info.Parameters.Select(q => q.Choices is null ? $"{q.Key} (default {q.DefaultText})" : $"{q.Key} = {string.Join("|", q.Choices)} (default {q.DefaultText})"))}.";

    // The same list as a catalogue text, for messages worded in another language.
    private static TextKey ParameterListText(ActivationInfo info) => info.Parameters.Length == 0
        ? new TextKey("error.spec.noParameters", info.Key)
        : new TextKey("error.spec.parameters", string.Join(", ", info.Parameters.Select(q => q.Choices is null ? $"{q.Key} ({q.DefaultText})" : $"{q.Key} = {string.Join("|", q.Choices)} ({q.DefaultText})")));

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

    private static SpecException UnknownName(string name)
    {
        string n0 = Normalize(name);
        string? nearest = null;
        if (n0.Length <= 64 && ByNameNow.Keys.Select(k => (k, d: Distance(n0, k))).OrderBy(t => t.d).First() is var best && best.d <= Math.Max(2, n0.Length / 3))
            nearest = ByNameNow[best.k].Key;
        return new SpecException(UnknownNameMessage(name), name)
        {
            Key = "error.spec.unknown",
            Args = [InputException.Show(name), nearest is null ? "" : new TextKey("error.spec.didYouMean", nearest), KeyList],
        };
    }

    private static string UnknownNameMessage(string name)
    {
        string n = Normalize(name);
        var index = ByNameNow;
        string hint = "";
        if (n.Length <= 64) // a suggestion for typos only; edit distances over huge strings would take seconds
        {
            var best = index.Keys.Select(k => (k, d: Distance(n, k))).OrderBy(t => t.d).First();
            if (best.d <= Math.Max(2, n.Length / 3)) hint = $" Did you mean '{index[best.k].Key}'?";
        }
        return $"Unknown activation '{InputException.Show(name)}'.{hint} Valid names: {KeyList}.";
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
    // The catalogue's wording of each rule below, for other languages.
    private static readonly Dictionary<string, string> RuleKeys = new()
    {
        ["must be ≥ 0"] = "error.spec.rule.nonNegative", ["must be > 0"] = "error.spec.rule.positive", ["must not be 0"] = "error.spec.rule.nonZero",
        ["must be a whole number ≥ 0"] = "error.spec.rule.nonNegativeInteger", ["must be a whole number ≥ 1"] = "error.spec.rule.positiveInteger",
        ["must be a whole number (an axis, negative from the end)"] = "error.spec.rule.integer", ["must be in [0, 1]"] = "error.spec.rule.probability",
    };

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
