using System.CommandLine;
using ActLab.Core.Localization;

namespace ActLab.Cli.Output;

/// <summary>
/// The help of every command and option in the chosen language. The English is where System.CommandLine keeps it
/// (the command definitions); other languages hold one text per command, option and argument under
/// <c>help.COMMAND[.SUB].OPTION</c>, and a test checks that the Korean catalogue has every one.
/// </summary>
internal static class HelpLanguage
{
    /// <summary>Each help text of the tree: its key, its English and how to replace it.</summary>
    public static IEnumerable<(string Key, string English, Action<string> Set)> Entries(Command root)
    {
        var seen = new HashSet<Option>();
        foreach (var (command, path) in Commands(root, "actlab"))
        {
            yield return ($"help.{path}", command.Description ?? "", v => command.Description = v);
            foreach (var option in command.Options)
            {
                if (option is System.CommandLine.Help.HelpOption or VersionOption || !seen.Add(option)) continue;
                yield return ($"help.{path}.{option.Name.TrimStart('-')}", option.Description ?? "", v => option.Description = v);
            }
            foreach (var argument in command.Arguments)
                yield return ($"help.{path}.<{argument.Name}>", argument.Description ?? "", v => argument.Description = v);
        }
    }

    /// <summary>Puts <paramref name="texts"/>' help into the tree (English leaves it as it is).</summary>
    public static void Apply(Command root, Texts texts)
    {
        // The library's own help and version options, in every language (their English is in the catalogue).
        foreach (var (command, _) in Commands(root, "actlab"))
            foreach (var o in command.Options)
            {
                if (o is System.CommandLine.Help.HelpOption) o.Description = texts["helpText.helpOption"];
                else if (o is VersionOption) o.Description = texts["helpText.versionOption"];
            }
        if (texts.Language == Language.En) return;
        foreach (var (key, _, set) in Entries(root))
            if (texts.Has(key)) set(texts[key]);
    }

    private static IEnumerable<(Command Command, string Path)> Commands(Command c, string path)
    {
        yield return (c, path);
        foreach (var s in c.Subcommands)
            foreach (var x in Commands(s, $"{path}.{s.Name}")) yield return x;
    }
}
