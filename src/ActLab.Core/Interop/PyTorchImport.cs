using System.Globalization;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Runs;
using ActLab.Core.Serialization;
using ActLab.Core.Training;
using ActLab.Kernels;

namespace ActLab.Core.Interop;

/// <summary>What <see cref="PyTorchImport.Import"/> makes a run folder from.</summary>
public sealed record ImportOptions
{
    /// <summary>A state_dict saved with <c>safetensors.torch.save_file</c> (F32 tensors named "0.weight", ...).</summary>
    public required string Weights { get; init; }
    /// <summary>The model spec whose <c>nn.Sequential</c> the state_dict is from (<c>linear(784,256) relu linear(256,10)</c>).</summary>
    public required string Model { get; init; }
    /// <summary>Class labels in output order; none for regression.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];
    /// <summary>Feature names in input order (default: the columns of <see cref="StandardizeFrom"/>, else feature1..n).</summary>
    public IReadOnlyList<string>? Features { get; init; }
    /// <summary>A CSV whose features give the standardisation constants (mean and population std of every row), for a
    /// model that was trained on standardised inputs.</summary>
    public string? StandardizeFrom { get; init; }
    /// <summary>The label column of <see cref="StandardizeFrom"/> (left out of the features).</summary>
    public string? Label { get; init; }
}

/// <summary>
/// A run folder from a PyTorch state_dict: the weights are checked against the spec's <c>nn.Sequential</c> (every
/// tensor present, named and shaped as that module's state_dict, F32, finite, nothing extra), and written with a
/// config and summary marked <c>import</c>, after which evaluate, predict, inspect and plot work on it as on a
/// trained run. The task follows from the labels: none is regression, two binary, more multi-class.
/// </summary>
public static class PyTorchImport
{
    /// <summary>Checks everything, then writes the run folder (whole, or not at all).</summary>
    /// <exception cref="InputException">A bad spec, weights that do not match it (naming the tensor and both shapes),
    /// labels that do not fit the outputs, features that do not fit the inputs, or an existing folder without force.</exception>
    /// <exception cref="InvalidDataException">A file that is not safetensors, or a tensor that is not F32.</exception>
    public static TrainedRun Import(ImportOptions o, string outDir, bool force = false)
    {
        var definition = ModelDefinition.Parse(o.Model);
        RunWriter.Check(outDir, force);
        var (tensors, _) = Safetensors.Read(o.Weights, ModelDefinition.MaxParameters);
        string file = Path.GetFileName(o.Weights);
        if (TrainedRun.TensorMismatch(definition, tensors.Values.Select(t => (t.Name, t.Shape))) is { } why)
            throw ActLab.Core.Localization.Texts.Error("weights", o.Weights, "error.import.tensors", file, why, Names(tensors.Keys));

        int classes = o.Labels.Count;
        if (classes == 1) throw ActLab.Core.Localization.Texts.Error("labels", o.Labels[0], "error.import.oneLabel");
        if (o.Labels.Distinct().Count() != classes) throw ActLab.Core.Localization.Texts.Error("labels", string.Join(",", o.Labels), "error.import.labelTwice");
        var task = Objectives.TaskFor(classes);
        var loss = Objectives.ChooseLoss(task, classes, definition);

        StandardizationRecord? standardize = null;
        IReadOnlyList<string>? columns = null;
        if (o.StandardizeFrom is { } csv)
        {
            var data = CsvTable.Read(csv, o.Label, featuresOnly: true, features: o.Features);
            if (data.FeatureNames.Length != definition.Inputs)
                throw ActLab.Core.Localization.Texts.Error("standardizeFrom", csv, "error.import.featureColumns", Path.GetFileName(csv), data.FeatureNames.Length, Names(data.FeatureNames), definition.Inputs);
            var (mean, std) = Standardization.Fit(data.Features, [.. Enumerable.Range(0, data.Count)]);
            standardize = new StandardizationRecord { Mean = mean, Std = std };
            columns = data.FeatureNames;
        }
        var features = o.Features ?? columns ?? [.. Enumerable.Range(1, definition.Inputs).Select(i => $"feature{i}")];
        if (features.Count != definition.Inputs)
            throw ActLab.Core.Localization.Texts.Error("features", string.Join(",", features), "error.import.featureNames", features.Count, definition.Inputs);
        if (features.Distinct().Count() != features.Count) throw ActLab.Core.Localization.Texts.Error("features", string.Join(",", features), "error.import.featureTwice");

        var model = definition.Build(0);
        foreach (var p in model.Parameters)
        {
            var data = tensors[p.Name].Data;
            for (int i = 0; i < data.Length; i++)
                if (!float.IsFinite(data[i])) throw ActLab.Core.Localization.Texts.Error("weights", o.Weights, "error.import.notFinite", file, p.Name, data[i].ToString(CultureInfo.InvariantCulture), i);
            data.CopyTo(p.Value, 0);
        }

        var config = new RunConfig
        {
            Experiment = "import",
            Data = new DataRecord { Path = null, Rows = 0, Features = [.. features], Label = o.Label ?? "label", Classes = [.. o.Labels] },
            Task = Objectives.Name(task),
            Model = definition.Canonical,
            Init = "pytorch",
            Loss = Objectives.Name(loss),
            // Unknown; PyTorch Adam's defaults are recorded because inspect sizes its update estimates with them.
            Optimizer = new OptimizerRecord { Name = "adam", Lr = 1e-3 },
            SplitSizes = [],
            Standardize = standardize,
        };
        using (var writer = RunWriter.Create(outDir, force))
        {
            writer.WriteConfig(config);
            writer.WriteModel(model, config);
            writer.WriteSummary(new RunSummary
            {
                Status = "imported",
                Message = $"Imported from {Path.GetFullPath(o.Weights)}; not trained by ActLab (the optimizer recorded is Adam's default lr 0.001, which inspect uses to size its update estimates).",
            });
            writer.Commit();
        }
        return TrainedRun.Load(outDir);
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Take(6).Select(n => $"'{InputException.Show(n)}'").ToList();
        return list.Count == 0 ? "no tensors" : string.Join(", ", list) + (names.Count() > 6 ? ", …" : "");
    }
}
