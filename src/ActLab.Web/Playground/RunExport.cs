using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ActLab.Core.Runs;
using ActLab.Core.Training;

namespace ActLab.Web.Playground;

/// <summary>
/// Writes a session's first network as an ActLab run folder (config.json, model.safetensors, summary.json, and the
/// points as data.csv with the features the network takes), so that <c>actlab evaluate</c>, <c>inspect</c>,
/// <c>plot</c> and <c>export</c> work on it. The run's split is the page's: its test split is the page's test points.
/// </summary>
public static partial class RunExport
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")]
    private static partial Regex SafeName();

    /// <summary>Writes the run into <paramref name="directory"/>/<paramref name="name"/> (never over an existing run)
    /// and returns its full path.</summary>
    /// <exception cref="SettingsException">A name that is not a plain folder name, or one already taken.</exception>
    public static string Write(PlaygroundSession session, string directory, string name)
    {
        // Only a plain name: the page must not choose where on the disk the server writes.
        if (!SafeName().IsMatch(name) || name.Contains(".."))
            throw new SettingsException("exportName", $"'{Kernels.InputException.Show(name)}' is not a run name: use 1 to 64 letters, digits, '-', '_' or '.', starting with a letter or digit.") { Key = "settings.runName", Args = [Kernels.InputException.Show(name)] };
        string folder = Path.Combine(Path.GetFullPath(directory), name);
        var net = session.Nets[0];
        var s = session.Settings;
        var p = session.Points;
        var features = s.Features;
        var featureIndices = FeatureMap.Indices(features);
        var csv = new StringBuilder();
        csv.Append(string.Join(',', features.Select(Quote))).Append(",label\n");
        var row = new float[features.Length];
        for (int i = 0; i < p.Count; i++)
        {
            FeatureMap.Compute(p.X1[i], p.X2[i], featureIndices, row);
            foreach (var v in row) csv.Append(v.ToString("R", CultureInfo.InvariantCulture)).Append(',');
            csv.Append(p.IsRegression ? p.Targets[i].ToString("R", CultureInfo.InvariantCulture) : p.Classes[(int)p.Targets[i]]).Append('\n');
        }
        var task = p.IsRegression ? TaskKind.Regression : p.Classes.Length == 2 ? TaskKind.Binary : TaskKind.MultiClass;
        double trainFraction = (double)session.SplitSizes[0] / p.Count;
        RunWriter writer;
        // Create checks, under the folder's lock, that no run is there (never overwritten).
        try { writer = RunWriter.Create(folder, force: false); }
        catch (RunFolderException e) when (e.Problem is RunFolderProblem.Exists or RunFolderProblem.NotAFolder)
        {
            throw new SettingsException("exportName", $"A run named '{name}' already exists in {directory}; choose another name.") { Key = "settings.runExists", Args = [name, directory] };
        }
        using var _ = writer;
        var config = new RunConfig
        {
            Experiment = "playground",
            Data = new DataRecord
            {
                Path = Path.Combine(folder, "data.csv"), Generator = s.Dataset == "upload" ? null : p.Source, Rows = p.Count,
                Bytes = Encoding.UTF8.GetByteCount(csv.ToString()), Features = features, Label = "label", Classes = p.Classes,
            },
            Task = Objectives.Name(task),
            Model = net.Definition.Canonical,
            Init = s.Init,
            Loss = Objectives.Name(net.Loss),
            Optimizer = new OptimizerRecord { Name = s.Optimizer, Lr = s.LearningRate, Momentum = s.Momentum, WeightDecay = s.Optimizer == "adamw" ? 0.01 : 0 },
            Epochs = net.Epoch,
            BatchSize = s.BatchSize,
            Split = [trainFraction, 0, 1 - trainFraction],
            SplitSizes = session.SplitSizes,
            Seed = s.Seed,
            WeightSeed = s.Seed,
        };
        writer.WriteFile("data.csv", csv.ToString());
        writer.WriteConfig(config);
        writer.WriteModel(net.Model, config);
        var f = net.Measure();
        writer.WriteSummary(new RunSummary
        {
            Status = "completed", Epochs = net.Epoch, FinalTrainLoss = RunSummary.Finite(f.TrainLoss), FinalTrainAccuracy = RunSummary.Finite(f.TrainAccuracy),
            TestLoss = RunSummary.Finite(f.TestLoss), TestAccuracy = RunSummary.Finite(f.TestAccuracy),
        });
        writer.Commit();
        return folder;
    }

    private static string Quote(string name) => name.Contains(',') || name.Contains('"') ? $"\"{name.Replace("\"", "\"\"")}\"" : name;
}
