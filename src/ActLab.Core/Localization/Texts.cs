using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace ActLab.Core.Localization;

/// <summary>The languages ActLab's texts come in.</summary>
public enum Language
{
    /// <summary>English (the fallback for anything untranslated).</summary>
    En,
    /// <summary>Korean, in the tutorials' own terms (docs/glossary.md).</summary>
    Ko,
}

/// <summary>
/// The texts a learner reads, by key, from one JSON catalogue per language embedded in this assembly
/// (<c>Localization/en.json</c>, <c>Localization/ko.json</c>): flat objects of key → text, with
/// <see cref="string.Format(IFormatProvider, string, object[])"/> holes ({0}) where values go. Both catalogues hold
/// every key (a test checks it); a key missing at run time falls back to English, then to the key itself.
/// </summary>
public sealed class Texts
{
    private static readonly Lazy<Texts> EnglishTexts = new(() => Load(Language.En, null));
    private static readonly Lazy<Texts> KoreanTexts = new(() => Load(Language.Ko, EnglishTexts.Value));
    private readonly FrozenDictionary<string, string> _texts;
    private readonly Texts? _fallback;

    private Texts(Language language, FrozenDictionary<string, string> texts, Texts? fallback)
    {
        Language = language;
        _texts = texts;
        _fallback = fallback;
    }

    /// <summary>The language of this catalogue.</summary>
    public Language Language { get; }

    /// <summary>The keys this catalogue holds.</summary>
    public IEnumerable<string> Keys => _texts.Keys;

    /// <summary>The catalogue of <paramref name="language"/>.</summary>
    public static Texts For(Language language) => language == Language.Ko ? KoreanTexts.Value : EnglishTexts.Value;

    /// <summary>The text of <paramref name="key"/>: this language's, else English's, else the key.</summary>
    public string this[string key] => _texts.TryGetValue(key, out var t) ? t : _fallback?[key] ?? key;

    /// <summary>The English catalogue (the wording of every exception's own message).</summary>
    public static Texts English => EnglishTexts.Value;

    /// <summary>An <see cref="ActLab.Kernels.InputException"/> worded by the catalogue: its message is the English text of
    /// <paramref name="key"/>, and a front end words it in the user's language.</summary>
    public static ActLab.Kernels.InputException Error(string parameter, object? value, string key, params object?[] args)
    {
        var text = new ActLab.Kernels.TextKey(key, args);
        return new ActLab.Kernels.InputException(parameter, value, text, English.Format(text));
    }

    /// <summary>The text of <paramref name="e"/> as an argument of another text: its key and arguments when it has them,
    /// else its English message.</summary>
    public static object Nested(ActLab.Kernels.InputException e) => e.Key is { } key ? new ActLab.Kernels.TextKey(key, e.Args) : e.Message;

    /// <summary><paramref name="text"/> worded in this language, its <see cref="ActLab.Kernels.TextKey"/> arguments in turn.</summary>
    public string Format(ActLab.Kernels.TextKey text) => Format(text.Key, [.. text.Args.Select(Word)]);

    /// <summary>The text of <paramref name="key"/> with its holes filled (invariant number formatting).</summary>
    public string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, this[key], args);

    /// <summary>The message of <paramref name="e"/> in this language: its catalogue text with its arguments (each
    /// <see cref="ActLab.Kernels.TextKey"/> worded in turn), or its English message when it has no key this catalogue holds.</summary>
    /// <remarks>English is always the exception's own message, worded where it was thrown; the English catalogue's
    /// error texts only keep the keys complete.</remarks>
    public string Message(ActLab.Kernels.InputException e) =>
        Language != Language.En && e.Key is { } key && Has(key) ? Format(key, [.. e.Args.Select(Word)]) : e.Message;

    private object? Word(object? a) => a is ActLab.Kernels.TextKey k ? Format(k.Key, [.. k.Args.Select(Word)]) : a;

    /// <summary>Whether this language has its own text for <paramref name="key"/>.</summary>
    public bool Has(string key) => _texts.ContainsKey(key);

    /// <summary>The text of <paramref name="key"/> if this language has one, else <paramref name="otherwise"/> (for texts
    /// whose English lives elsewhere, such as the catalogue's descriptions).</summary>
    public string Or(string key, string otherwise) => _texts.TryGetValue(key, out var t) ? t : otherwise;

    /// <summary>Every text whose key starts with <paramref name="prefix"/> (the playground's page takes its own).</summary>
    public IReadOnlyDictionary<string, string> WithPrefix(string prefix)
    {
        var result = new Dictionary<string, string>();
        foreach (var (k, v) in _fallback?._texts ?? _texts) if (k.StartsWith(prefix, StringComparison.Ordinal)) result[k] = v;
        foreach (var (k, v) in _texts) if (k.StartsWith(prefix, StringComparison.Ordinal)) result[k] = v;
        return result;
    }

    /// <summary>"en" or "ko".</summary>
    public static string Code(Language language) => language == Language.Ko ? "ko" : "en";

    /// <summary>Parses "en" or "ko" (also "ko-KR", "en_US.UTF-8"); null for anything else.</summary>
    public static Language? Parse(string? code)
    {
        if (string.IsNullOrWhiteSpace(code)) return null;
        string c = code.Trim().ToLowerInvariant();
        return c.StartsWith("ko", StringComparison.Ordinal) ? Language.Ko : c.StartsWith("en", StringComparison.Ordinal) ? Language.En : null;
    }

    /// <summary>The user's language from the environment (LC_ALL, LC_MESSAGES, LANG, as POSIX orders them), else the UI
    /// culture, else English.</summary>
    public static Language FromEnvironment(Func<string, string?>? getenv = null)
    {
        getenv ??= Environment.GetEnvironmentVariable;
        foreach (var name in new[] { "LC_ALL", "LC_MESSAGES", "LANG" })
            if (getenv(name) is { Length: > 0 } v && v is not ("C" or "POSIX") && !v.StartsWith("C.", StringComparison.Ordinal)) return Parse(v) ?? Language.En;
        return Parse(CultureInfo.CurrentUICulture.Name) ?? Language.En;
    }

    private static Texts Load(Language language, Texts? fallback)
    {
        string name = $"ActLab.Core.Localization.{Code(language)}.json";
        using var stream = typeof(Texts).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException($"The text catalogue {name} is missing from the assembly.");
        var texts = JsonSerializer.Deserialize<Dictionary<string, string>>(stream) ?? [];
        return new Texts(language, texts.ToFrozenDictionary(), fallback);
    }
}
