using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ActLab.Cli.Output;

internal static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write(Io io, JsonNode node) => io.Out.WriteLine(node.ToJsonString(Options));

    /// <summary>A float as JSON: the shortest text that round-trips, or null where JSON has no number (NaN, ±∞); every
    /// number ActLab writes is a JSON number or null (the same rule as the run files).</summary>
    public static JsonNode? Number(float v) => float.IsFinite(v) ? JsonValue.Create(v) : null;

    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    public static JsonArray Array(IEnumerable<float> values) => new([.. values.Select(Number)]);

    /// <summary>Where <paramref name="o"/>'s arrays hold null for a non-finite value, the reason beside them:
    /// <c>"nonFinite": { "y": { "1": "Infinity", "2": "NaN" } }</c>.</summary>
    public static void NoteNonFinite(JsonObject o, params (string Field, IReadOnlyList<float> Values)[] arrays)
    {
        var notes = new JsonObject();
        foreach (var (field, values) in arrays)
        {
            var f = new JsonObject();
            for (int i = 0; i < values.Count; i++)
                if (!float.IsFinite(values[i])) f[i.ToString(System.Globalization.CultureInfo.InvariantCulture)] = float.IsNaN(values[i]) ? "NaN" : values[i] > 0 ? "Infinity" : "-Infinity";
            if (f.Count > 0) notes[field] = f;
        }
        if (notes.Count > 0) o["nonFinite"] = notes;
    }
}
