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

    /// <summary>A float as JSON: the shortest text that round-trips, or "NaN"/"Infinity" strings where JSON has no number.</summary>
    public static JsonNode? Number(float v) => float.IsFinite(v) ? JsonValue.Create(v) : NonFinite(v);

    public static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : NonFinite(v);

    // JSON has no NaN or infinity; these strings are what JavaScript's Number() reads back.
    private static JsonNode NonFinite(double v) => JsonValue.Create(double.IsNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity");

    public static JsonArray Array(IEnumerable<float> values) => new([.. values.Select(Number)]);
}
