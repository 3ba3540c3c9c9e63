using System.Text.RegularExpressions;
using ActLab.Core.Localization;
using ActLab.Kernels.Catalogue;

namespace ActLab.Core.Tests.Localization;

public class TextsTests
{
    private static readonly Texts En = Texts.For(Language.En), Ko = Texts.For(Language.Ko);

    [Fact]
    public void Every_key_is_in_both_languages()
    {
        // activation.* and help.* texts are Korean only: their English is the catalogue's own and the command
        // definitions' own (checked below, and by the CLI's HelpLanguageTests).
        var en = En.Keys.ToHashSet();
        var ko = Ko.Keys.Where(k => !k.StartsWith("activation.", StringComparison.Ordinal) && !k.StartsWith("help.", StringComparison.Ordinal)).ToHashSet();
        Assert.True(en.SetEquals(ko), $"Only in en.json: {string.Join(", ", en.Except(ko))}. Only in ko.json: {string.Join(", ", ko.Except(en))}. Add the key to the other catalogue.");
    }

    [Fact]
    public void Korean_activation_texts_name_catalogue_functions_and_cover_every_one()
    {
        var keys = Ko.Keys.Where(k => k.StartsWith("activation.", StringComparison.Ordinal)).Select(k => k.Split('.')).ToList();
        foreach (var parts in keys)
        {
            Assert.True(Catalogue.TryGet(parts[1], out var info), $"ko.json has texts for '{parts[1]}', which is not in the catalogue.");
            Assert.Contains(parts[2], new[] { "name", "summary", "problems", "formula", "derivative", "range", "maxSlopeAt", "param" });
            if (parts[2] == "param")
                Assert.True(info!.Parameters.Any(p => p.Key == string.Join('.', parts[3..])), $"ko.json describes parameter '{string.Join('.', parts[3..])}' of '{parts[1]}', which has no such parameter.");
        }
        foreach (var e in Catalogue.All)
            foreach (var field in new[] { "name", "summary", "problems" })
                Assert.True(Ko.Has($"activation.{e.Key}.{field}"), $"ko.json lacks activation.{e.Key}.{field}: every function of the catalogue is described in Korean.");
    }

    [Fact]
    public void Holes_match_between_languages()
    {
        // An empty English text is an explanation only Korean readers get (the tutorial's notes around the seed's lines).
        foreach (var key in En.Keys.Where(k => En[k].Length > 0))
        {
            var holes = (string s) => Regex.Matches(s, @"\{\d+[^}]*\}").Select(m => m.Value).Distinct().Order().ToList();
            Assert.True(holes(En[key]).SequenceEqual(holes(Ko[key])), $"'{key}': the English has holes {string.Join(",", holes(En[key]))}, the Korean {string.Join(",", holes(Ko[key]))}.");
        }
    }

    private static string Root()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "ActLab.slnx"))) d = d.Parent;
        return d?.FullName ?? throw new InvalidOperationException("Run the tests from inside the repository.");
    }

    private static IEnumerable<(string File, string Text)> Sources() =>
        Directory.EnumerateFiles(Path.Combine(Root(), "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(Root(), f), File.ReadAllText(f)));

    [Fact]
    public void Every_error_worded_in_the_code_has_a_catalogue_key()
    {
        // A user's mistake is said in the user's language: an error thrown with a message written in the code (a string
        // or an interpolated string) must also carry its key (Key = "...", a TextKey, UsageException.Of, Texts.Error).
        var throwSite = new Regex(@"throw new (?:[\w.]+\.)?(UsageException|DataException|RunFormatException|RunFolderException|ModelSpecException|InputException|SpecException|SettingsException)\(");
        var unkeyed = new List<string>();
        foreach (var (file, text) in Sources())
            foreach (Match m in throwSite.Matches(text))
            {
                // The statement: up to the first ';' outside a string literal (nested literals in holes balance out).
                int end = m.Index;
                for (bool inString = false; end < text.Length && (inString || text[end] != ';'); end++)
                    if (text[end] == '"' && text[end - 1] != '\\') inString = !inString;
                string statement = text[m.Index..end];
                bool worded = statement.Contains("$\"", StringComparison.Ordinal) || Regex.IsMatch(statement, @"""[^""]* [^""]*""");
                bool keyed = statement.Contains("Key =", StringComparison.Ordinal) || statement.Contains("TextKey(", StringComparison.Ordinal);
                if (worded && !keyed) unkeyed.Add($"{file}:{text[..m.Index].Count(c => c == '\n') + 1}");
            }
        Assert.True(unkeyed.Count == 0, $"Errors without a catalogue key (add one to en.json and ko.json): {string.Join(", ", unkeyed)}.");
    }

    [Fact]
    public void Every_key_the_code_names_is_in_the_catalogue()
    {
        // A mistyped key would print itself; every "error.…", "compare.…" (and so on) literal must be a catalogue key.
        var literal = new Regex(@"""((?:error|settings|compare|inspect|chart|plot|csv|generate|eval|train|report|status|split|task|table|predict|describe|list|tutorial|use|field|playground|cli|progress|export|import)\.[A-Za-z0-9.]+)""");
        var files = new[] { ".json", ".csv", ".md", ".png", ".svg", ".jsonl", ".html", ".js", ".css", ".safetensors", ".txt" };
        static string Code(string text) => string.Join('\n', text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
        var missing = Sources().SelectMany(s => literal.Matches(Code(s.Text)).Select(m => (s.File, Key: m.Groups[1].Value)))
            .Where(x => !files.Any(e => x.Key.EndsWith(e, StringComparison.Ordinal)) && !x.Key.EndsWith('.') && !En.Has(x.Key))
            .Select(x => $"{x.File}: {x.Key}").Distinct().ToList();
        Assert.True(missing.Count == 0, $"Keys named in the code but not in en.json: {string.Join(", ", missing)}.");
    }

    [Fact]
    public void A_missing_key_falls_back_to_english_then_to_the_key()
    {
        Assert.Equal("yes", En["yes"]);
        Assert.Equal("예", Ko["yes"]);
        Assert.Equal("Sigmoid", Ko.Or("activation.nonexistent.name", "Sigmoid"));
        Assert.Equal("no.such.key", Ko["no.such.key"]);
        Assert.Equal("함수 3개. 'actlab describe 이름'으로 하나를 자세히 봅니다. 매개변수는 leaky-relu:negative-slope=0.1 처럼 씁니다.", Ko.Format("list.footer", 3));
    }

    [Theory]
    [InlineData("ko_KR.UTF-8", null, null, Language.Ko)]
    [InlineData("en_US.UTF-8", null, null, Language.En)]
    [InlineData("en_US.UTF-8", null, "ko_KR.UTF-8", Language.Ko)] // LC_ALL wins over LANG
    [InlineData("ko_KR.UTF-8", "en_GB.UTF-8", null, Language.En)] // and LC_MESSAGES too
    [InlineData("fr_FR.UTF-8", null, null, Language.En)]          // untranslated languages read English
    public void The_default_language_comes_from_the_environment(string? lang, string? messages, string? all, Language expected)
    {
        var env = new Dictionary<string, string?> { ["LANG"] = lang, ["LC_MESSAGES"] = messages, ["LC_ALL"] = all };
        Assert.Equal(expected, Texts.FromEnvironment(n => env.GetValueOrDefault(n)));
    }

    [Fact]
    public void The_glossary_and_the_korean_catalogue_agree()
    {
        string glossary = File.ReadAllText(Path.Combine(Root(), "docs", "glossary.md"));
        int rows = 0;
        foreach (Match m in Regex.Matches(glossary, @"^\| (?<ko>[^|]+) \| (?<en>[^|]+) \| [^|]* \| `(?<key>[a-z-]+)` \|$", RegexOptions.Multiline))
        {
            rows++;
            string key = m.Groups["key"].Value, ko = m.Groups["ko"].Value.Trim();
            Assert.True(Catalogue.TryGet(key, out _), $"docs/glossary.md names '{key}', which is not in the catalogue.");
            Assert.True(Ko[$"activation.{key}.name"].Contains(ko, StringComparison.Ordinal),
                $"ko.json calls {key} '{Ko[$"activation.{key}.name"]}', but the glossary says '{ko}'; use the tutorials' word.");
        }
        Assert.Equal(10, rows); // the ten functions the tutorials teach
    }

}
