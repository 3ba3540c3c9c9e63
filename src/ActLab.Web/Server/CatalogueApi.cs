using System.Text.Json.Nodes;
using ActLab.Core.Model;
using ActLab.Core.Training;
using ActLab.Kernels;
using ActLab.Kernels.Catalogue;
using ActLab.Web.Playground;
using Microsoft.AspNetCore.Http;

namespace ActLab.Web.Server;

/// <summary>Read-only answers the page needs before it trains: the choices and limits, and an activation's curve and
/// derivative computed by the real kernels.</summary>
internal static class CatalogueApi
{
    /// <summary>The activations a playground layer can take: the elementwise ones (vector functions change what a
    /// neuron is).</summary>
    public static IEnumerable<ActivationInfo> HiddenActivations => Catalogue.All.Where(a => a.Kind == ActivationKind.Elementwise);

    public static IResult Meta() => Results.Text(new JsonObject
    {
        ["activations"] = new JsonArray([.. HiddenActivations.Select(a => (JsonNode?)new JsonObject
        {
            ["key"] = a.Key, ["name"] = a.DisplayName, ["formula"] = a.Formula, ["derivative"] = a.Derivative,
            ["zeroCentred"] = a.ZeroCentred, ["range"] = a.Range,
            ["parameters"] = new JsonArray([.. a.Parameters.Select(p => (JsonNode?)new JsonObject { ["key"] = p.Key, ["default"] = p.DefaultText, ["description"] = p.Description })]),
        })]),
        ["datasets"] = new JsonArray([.. PlaygroundSettings.DataSets.Select(d => (JsonNode?)d)]),
        ["features"] = new JsonArray([.. FeatureMap.Names.Select(d => (JsonNode?)d)]),
        ["optimizers"] = new JsonArray([.. Objectives.OptimizerNames.Select(d => (JsonNode?)d)]),
        ["inits"] = new JsonArray([.. Initializers.Names.Select(d => (JsonNode?)d)]),
        ["limits"] = new JsonObject
        {
            ["layers"] = Limits.Layers, ["neurons"] = Limits.Neurons, ["minPoints"] = Limits.MinPoints, ["points"] = Limits.Points,
            ["classes"] = Limits.Classes, ["noise"] = Limits.Noise, ["minTrainPercent"] = Limits.MinTrainPercent, ["maxTrainPercent"] = Limits.MaxTrainPercent,
            ["minLearningRate"] = Limits.MinLearningRate, ["maxLearningRate"] = Limits.MaxLearningRate, ["regularizationRate"] = Limits.RegularizationRate,
            ["batchSize"] = Limits.BatchSize, ["epochsPerFrame"] = Limits.EpochsPerFrame, ["uploadBytes"] = Limits.UploadBytes, ["weight"] = Limits.Weight,
        },
    }.ToJsonString(), "application/json");

    /// <summary>The page's texts in <paramref name="lang"/> (en or ko): the playground's labels and the activations'
    /// names in the tutorials' words, English where a text is untranslated.</summary>
    public static IResult Texts(string? lang)
    {
        if (Core.Localization.Texts.Parse(lang) is not { } language) return Problem($"lang must be en or ko; got '{InputException.Show(lang ?? "")}'.");
        var t = Core.Localization.Texts.For(language);
        var o = new JsonObject();
        foreach (var prefix in new[] { "playground.", "activation." })
            foreach (var (k, v) in t.WithPrefix(prefix)) o[k] = v;
        return Results.Text(o.ToJsonString(), "application/json");
    }

    private static IResult Problem(string message) => Results.Text(new JsonObject { ["message"] = message }.ToJsonString(), "application/json", statusCode: 400);

    /// <summary>f and f′ of <paramref name="spec"/> at 201 points of [−5, 5].</summary>
    public static IResult Curve(string? spec)
    {
        Activation a;
        try { a = Catalogue.Resolve(spec ?? ""); }
        catch (InputException e) { return Problem(e.Message); }
        if (a.Info.Kind != ActivationKind.Elementwise)
            return Problem($"'{a.Info.Key}' is a vector function; its curve depends on the whole vector.");
        const int n = 201;
        var x = new float[n];
        var y = new float[n];
        var ones = new float[n];
        var dx = new float[n];
        for (int i = 0; i < n; i++) { x[i] = -5f + 10f * i / (n - 1); ones[i] = 1; }
        a = a.NewInstance();
        a.Forward(x, y);
        a.Backward(x, y, ones, dx);
        static JsonArray Arr(float[] v) => [.. v.Select(f => float.IsFinite(f) ? (JsonNode?)JsonValue.Create(Math.Round(f, 6)) : null)];
        return Results.Text(new JsonObject { ["spec"] = a.Spec, ["name"] = a.Info.DisplayName, ["x"] = Arr(x), ["y"] = Arr(y), ["dy"] = Arr(dx) }.ToJsonString(), "application/json");
    }
}
