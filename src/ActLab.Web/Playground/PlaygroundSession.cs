using System.Diagnostics;
using System.Text.Json.Nodes;
using ActLab.Core.Data;
using ActLab.Kernels;

namespace ActLab.Web.Playground;

/// <summary>
/// One browser tab's playground: its settings, points and one network (two in compare mode, same data and same
/// initial weights, different activation). Not thread-safe by itself: the server serialises calls per session.
/// </summary>
public sealed class PlaygroundSession
{
    private PointSet? _upload;
    private int[] _train = [], _test = [], _sizes = [];

    /// <summary>A session with the Playground's defaults (or <paramref name="settings"/>).</summary>
    public PlaygroundSession(PlaygroundSettings? settings = null) => Apply(settings ?? new PlaygroundSettings());

    /// <summary>The current settings.</summary>
    public PlaygroundSettings Settings { get; private set; } = new();
    /// <summary>The points.</summary>
    public PointSet Points { get; private set; } = null!;
    /// <summary>One network, or two in compare mode.</summary>
    public IReadOnlyList<PlaygroundNet> Nets { get; private set; } = [];
    /// <summary>Train indices into <see cref="Points"/>.</summary>
    public int[] TrainRows => _train;
    /// <summary>Test indices into <see cref="Points"/>.</summary>
    public int[] TestRows => _test;
    /// <summary>Split sizes [train, 0, test], as a run folder records them.</summary>
    public int[] SplitSizes => _sizes;
    /// <summary>Epochs trained (the first network's).</summary>
    public int Epoch => Nets.Count == 0 ? 0 : Nets[0].Epoch;

    /// <summary>Applies new settings. A change of the learning rate, the regularisation or the speed keeps the weights;
    /// any other change builds the networks again from their initial weights (and the points, if the data changed).
    /// Returns whether the networks were reset.</summary>
    /// <exception cref="SettingsException">A setting out of range; nothing changes.</exception>
    public bool Apply(PlaygroundSettings s) => Apply(s, force: false);

    /// <summary>Builds the networks again from their initial weights, with the same settings and points.</summary>
    public void Reset() => Apply(Settings, force: true);

    private bool Apply(PlaygroundSettings s, bool force)
    {
        s.Validate();
        if (s.Dataset == "upload" && _upload is null) throw new SettingsException("dataset", "No CSV has been uploaded in this tab yet; upload one first.") { Key = "settings.noUpload" };
        var old = Settings;
        bool first = Nets.Count == 0;
        if (!first && !force && Live(old) == Live(s))
        {
            Settings = s;
            return false;
        }
        bool newData = first || force || old.Dataset != s.Dataset || old.Noise != s.Noise || old.Points != s.Points || old.Classes != s.Classes
            || old.Seed != s.Seed || old.TrainPercent != s.TrainPercent || old.Problem != s.Problem
            || s.Dataset == "upload" && !ReferenceEquals(Points, _upload);
        var points = Points;
        if (newData)
        {
            points = s.Dataset == "upload" ? _upload! : PointSet.Generate(s);
            if (s.Dataset == "upload" && points.IsRegression != s.IsRegression)
                throw points.IsRegression
                    ? new SettingsException("problem", "The uploaded label has real values: choose the regression problem type.") { Key = "settings.uploadRegression" }
                    : new SettingsException("problem", "The uploaded label has classes: choose the classification problem type.") { Key = "settings.uploadClasses2" };
        }
        var parts = points.SplitSizesAndParts(s.TrainPercent, s.Seed, out var sizes);
        var nets = new List<PlaygroundNet> { new(s, points, parts[0], parts[2]) };
        if (!string.IsNullOrEmpty(s.Compare)) nets.Add(new PlaygroundNet(s, points, parts[0], parts[2], s.Compare));
        (Points, _train, _test, _sizes, Nets, Settings) = (points, parts[0], parts[2], sizes, nets, s);
        return true;
    }

    // The settings that can change while training goes on; everything else resets the networks.
    // (Compared as JSON: a record compares its arrays by reference.)
    private static string Live(PlaygroundSettings s) => System.Text.Json.JsonSerializer.Serialize(
        s with { LearningRate = 0, Regularization = "none", RegularizationRate = 0, EpochsPerFrame = 1 }, PlaygroundJson.Options);

    /// <summary>Puts the live settings into the networks' optimizers and penalties.</summary>
    private void ApplyLive()
    {
        // Rebuilt networks already have them; this covers the changes that keep the weights.
        foreach (var n in Nets) n.SetLive(Settings);
    }

    /// <summary>Trains up to <paramref name="epochs"/> epochs (each network), stopping early when
    /// <paramref name="budget"/> has passed. Returns the epochs trained.</summary>
    public int Train(int epochs, TimeSpan? budget = null)
    {
        ApplyLive();
        var clock = Stopwatch.StartNew();
        int done = 0;
        for (; done < epochs; done++)
        {
            bool any = false;
            foreach (var n in Nets) any |= n.TrainEpoch();
            if (!any) break;
            if (budget is { } b && clock.Elapsed >= b) { done++; break; }
        }
        return done;
    }

    /// <summary>Takes an uploaded CSV (at most <see cref="Limits.UploadBytes"/>): two feature columns, by name (default:
    /// the first two), and the label (default: a column named label, target, class or y, else the last).</summary>
    /// <exception cref="InputException">A malformed file, unknown columns, too many rows or classes.</exception>
    public PointSet Upload(byte[] csv, string name, string? x = null, string? y = null, string? label = null)
    {
        if (csv.Length > Limits.UploadBytes) throw new SettingsException("upload", $"{name} is {csv.Length:N0} bytes; the limit is {Limits.UploadBytes:N0} (10 MB).") { Key = "settings.uploadSize", Args = [name, csv.Length.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)] };
        Dataset d;
        using (var input = new TextInput(new MemoryStream(csv), name, csv.Length))
            d = CsvTable.Read(input, string.IsNullOrEmpty(label) ? null : label);
        int Column(string? wanted, int fallback, string field)
        {
            if (string.IsNullOrEmpty(wanted))
            {
                if (fallback >= d.FeatureNames.Length) throw new SettingsException(field, $"{name} has {d.FeatureNames.Length} feature column(s) besides the label '{d.LabelName}'; the playground needs two.") { Key = "settings.uploadFeatures", Args = [name, d.FeatureNames.Length, d.LabelName] };
                return fallback;
            }
            int i = Array.IndexOf(d.FeatureNames, wanted);
            return i >= 0 ? i : throw new SettingsException(field, $"{name} has no feature column '{InputException.Show(wanted)}'; its columns are {string.Join(", ", d.FeatureNames)} (label '{d.LabelName}').") { Key = "settings.uploadNoColumn", Args = [name, InputException.Show(wanted), string.Join(", ", d.FeatureNames), d.LabelName] };
        }
        int xi = Column(x, 0, "uploadX"), yi = Column(y, xi == 0 ? 1 : 0, "uploadY");
        if (xi == yi) throw new SettingsException("uploadY", $"Choose two different columns; both are '{d.FeatureNames[xi]}'.") { Key = "settings.sameColumn", Args = [d.FeatureNames[xi]] };
        _upload = PointSet.FromDataset(d, xi, yi, name);
        return _upload;
    }

    /// <summary>Takes <paramref name="points"/> as the session's uploaded data and builds <paramref name="s"/> on them
    /// (an imported run; its weights are copied in afterwards).</summary>
    public void Adopt(PointSet points, PlaygroundSettings s)
    {
        var previous = _upload;
        _upload = points;
        try { Apply(s, force: true); }
        catch { _upload = previous; throw; }
    }

    /// <summary>The page's description of the current networks and points (sent after every reset).</summary>
    public JsonObject Describe()
    {
        var p = Points;
        var train = new bool[p.Count];
        foreach (var i in _train) train[i] = true;
        static JsonArray Numbers(IEnumerable<double> v) => [.. v.Select(x => (JsonNode?)JsonValue.Create(Math.Round(x, 5)))];
        return new JsonObject
        {
            ["type"] = "reset",
            ["settings"] = System.Text.Json.JsonSerializer.SerializeToNode(Settings, PlaygroundJson.Options),
            ["classes"] = new JsonArray([.. p.Classes.Select(c => (JsonNode?)c)]),
            ["axes"] = new JsonArray([.. p.Axes.Select(c => (JsonNode?)c)]),
            ["source"] = p.Source,
            ["extent"] = new JsonArray(p.Extent.Lo, p.Extent.Hi),
            ["grid"] = PlaygroundNet.Grid,
            ["neuronGrid"] = PlaygroundNet.NeuronGrid,
            ["outputs"] = Nets[0].Outputs,
            ["nets"] = new JsonArray([.. Nets.Select(n => (JsonNode?)new JsonObject { ["activation"] = n.Activation, ["model"] = n.Definition.Canonical, ["loss"] = Core.Training.Objectives.Name(n.Loss) })]),
            ["points"] = new JsonObject
            {
                ["x1"] = Numbers(p.X1), ["x2"] = Numbers(p.X2), ["target"] = Numbers(p.Targets.Select(t => (double)t)),
                ["train"] = new JsonArray([.. train.Select(t => (JsonNode?)(t ? 1 : 0))]),
            },
        };
    }

    /// <summary>One frame: every network's numbers, encoded by <see cref="FrameEncoder"/>.</summary>
    public byte[] Frame(bool playing)
    {
        var header = new JsonObject { ["type"] = "frame", ["epoch"] = Epoch, ["playing"] = playing };
        var arrays = new List<(string, float[])>();
        var nets = new JsonArray();
        for (int k = 0; k < Nets.Count; k++)
        {
            var f = Nets[k].Measure();
            nets.Add(new JsonObject
            {
                ["epoch"] = f.Epoch,
                ["trainLoss"] = FrameEncoder.Number(f.TrainLoss), ["testLoss"] = FrameEncoder.Number(f.TestLoss),
                ["trainAccuracy"] = FrameEncoder.Number(f.TrainAccuracy), ["testAccuracy"] = FrameEncoder.Number(f.TestAccuracy),
                ["stopped"] = f.Stopped,
                ["health"] = new JsonArray([.. f.Health.Select(h => (JsonNode?)new JsonObject
                {
                    ["gradientNorm"] = FrameEncoder.Number(h.GradientNorm), ["dead"] = FrameEncoder.Number(h.Dead),
                    ["saturated"] = FrameEncoder.Number(h.Saturated), ["mean"] = FrameEncoder.Number(h.Mean),
                })]),
            });
            arrays.Add(($"map{k}", f.Map));
            arrays.Add(($"neurons{k}", f.Neurons));
            arrays.Add(($"weights{k}", f.Weights));
        }
        header["nets"] = nets;
        return FrameEncoder.Encode(header, arrays);
    }
}

/// <summary>The JSON conventions of the page's messages: camelCase names, strict numbers.</summary>
public static class PlaygroundJson
{
    /// <summary>The options.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };
}
