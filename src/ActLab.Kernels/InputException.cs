using System.Globalization;
using System.Text;

namespace ActLab.Kernels;

/// <summary>
/// Bad input from the caller (a spec, a file, a setting), as opposed to a bug. It names the parameter in the
/// library's own vocabulary (<c>spec</c>, <c>batchSize</c>, a file path) and the offending value, shortened and with
/// control characters escaped so that it can be shown on one line. Front ends map <see cref="Parameter"/> to their
/// own names (a command-line option, a form field); the message never names a front end's flag.
/// </summary>
public class InputException : Exception
{
    /// <summary>Characters of a value kept in messages.</summary>
    public const int MaxValueLength = 80;

    /// <summary>Creates the exception.</summary>
    /// <param name="parameter">The library's name for the input (<c>batchSize</c>, <c>spec</c>, a file path).</param>
    /// <param name="value">The offending value (shortened for display), or null.</param>
    /// <param name="message">One sentence for people; use <see cref="Show"/> for values quoted in it.</param>
    public InputException(string parameter, object? value, string message) : base(message)
    {
        Parameter = parameter;
        Value = value is null ? null : Show(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
    }

    /// <summary>Creates the exception from a catalogue text: <paramref name="english"/> is its English wording (the
    /// message), <paramref name="text"/> its key and arguments for other languages.</summary>
    public InputException(string parameter, object? value, TextKey text, string english) : this(parameter, value, english)
    {
        Key = text.Key;
        Args = text.Args;
    }

    /// <summary>The library's name for the input.</summary>
    public string Parameter { get; }
    /// <summary>The offending value, as shown (at most <see cref="MaxValueLength"/> characters, control characters escaped).</summary>
    public string? Value { get; }

    /// <summary>The key of this message in ActLab's text catalogues (Core's <c>Localization</c>), so that a front end can
    /// word it in the user's language; null: the English <see cref="Exception.Message"/> only.</summary>
    public string? Key { get; init; }

    /// <summary>The values of the key's holes, in order; a <see cref="TextKey"/> among them is itself a catalogue text.</summary>
    public object?[] Args { get; init; } = [];

    /// <summary>A value made safe to print: control characters as \n, \t, \xNN or \uNNNN, and at most
    /// <see cref="MaxValueLength"/> characters (then "…" and the total length).</summary>
    public static string Show(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, MaxValueLength) + 16);
        int shown = 0;
        foreach (char c in text)
        {
            if (shown >= MaxValueLength) return sb.Append(CultureInfo.InvariantCulture, $"… ({text.Length:N0} characters)").ToString();
            switch (c)
            {
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\0': sb.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
                        sb.Append(c < 0x100 ? $"\\x{(int)c:X2}" : $"\\u{(int)c:X4}");
                    else sb.Append(c);
                    break;
            }
            shown++;
        }
        return sb.ToString();
    }
}

/// <summary>A text of the catalogues with its own arguments, used as an argument of another (a field's label, a hint).</summary>
public sealed record TextKey(string Key, params object?[] Args);
