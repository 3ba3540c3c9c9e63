using ActLab.Core.Model;
using ActLab.Core.Runs;
using ActLab.Kernels;

namespace ActLab.Web.Playground;

/// <summary>
/// Takes a run folder trained with <c>actlab train</c> (or exported by the playground) into a session: its MLP, its
/// weights and its own data file, when the model is one the page can draw: two input coordinates (or playground
/// features of x1 and x2), hidden Linear + elementwise-activation layers, and an output of logits, sigmoid or softmax.
/// </summary>
public static class RunImport
{
    /// <summary>Files of a run folder the page may send (nothing else is written).</summary>
    public static readonly string[] Files = ["config.json", "model.safetensors", "summary.json"];

    /// <summary>Loads the run in <paramref name="folder"/> into <paramref name="session"/>.</summary>
    /// <exception cref="SettingsException">A run the playground cannot show, with the reason.</exception>
    public static void Into(PlaygroundSession session, string folder)
    {
        TrainedRun run;
        try { run = TrainedRun.Load(folder); }
        catch (InputException e) { throw Bad($"The run cannot be read: {e.Message}", "playground.import.unreadable", Core.Localization.Texts.Nested(e)); }
        if (run.Config.Standardize is not null)
            throw Bad("The run was trained on standardised inputs; the playground feeds the raw coordinates. Train it without --standardize.", "playground.import.standardized");
        var layers = run.Definition.Layers.ToList();
        if (layers.Any(l => l is DropoutDefinition)) throw Bad("The run's model has dropout, which the playground does not draw.", "playground.import.dropout");
        if (layers[^1] is ActivationDefinition last)
        {
            if (last.Activation.Info.Key is not ("sigmoid" or "softmax" or "log-softmax"))
                throw Bad($"The run's model ends in {last.Token}; the playground's output is logits, sigmoid or softmax.", "playground.import.outputEnd", last.Token);
            layers.RemoveAt(layers.Count - 1); // the same weights give the same probabilities: the page applies sigmoid or softmax itself
        }
        var hidden = new List<int>();
        var activations = new List<string>();
        for (int i = 0; i < layers.Count - 1; i += 2)
        {
            if (layers[i] is not LinearDefinition lin || layers[i + 1] is not ActivationDefinition act)
                throw Bad($"The run's model '{run.Definition.Canonical}' is not linear layers each followed by an activation.", "playground.import.shape", run.Definition.Canonical);
            hidden.Add(lin.Out);
            activations.Add(act.Token);
        }
        if (layers.Count % 2 == 0 || layers[^1] is not LinearDefinition output) throw Bad($"The run's model '{run.Definition.Canonical}' does not end in a linear layer.", "playground.import.noLinearEnd", run.Definition.Canonical);

        var names = run.Features.ToArray();
        bool playgroundFeatures = names.All(FeatureMap.Names.Contains) && names.Contains("x1") && names.Contains("x2");
        if (!playgroundFeatures && names.Length != 2)
            throw Bad($"The run's model takes {names.Length} features ({InputException.Show(string.Join(", ", names))}); the playground draws models of two coordinates.", "playground.import.features", names.Length, InputException.Show(string.Join(", ", names)));
        int classes = run.Classes.Count;
        if (classes == 2 && output.Out != 1) throw Bad("The run is binary with two outputs; the playground's binary networks have one output (train with bce or bce-logits).", "playground.import.binaryTwo");
        if (classes > Limits.Classes) throw Bad($"The run has {classes} classes; the playground shows at most {Limits.Classes}.", "playground.import.classes", classes, Limits.Classes);

        Core.Data.Dataset data;
        try { data = run.ReadData(); }
        catch (InputException e) { throw Bad($"The run's own data is needed for the picture: {e.Message}", "playground.import.data", Core.Localization.Texts.Nested(e)); }
        int xi = playgroundFeatures ? Array.IndexOf(names, "x1") : 0, yi = playgroundFeatures ? Array.IndexOf(names, "x2") : 1;
        var points = PointSet.FromDataset(data, xi, yi, Path.GetFileName(run.DataPath ?? "run data"));
        var sizes = run.Config.SplitSizes;
        int trainPercent = Math.Clamp((int)Math.Round(100.0 * sizes[0] / Math.Max(1, sizes.Sum())), Limits.MinTrainPercent, Limits.MaxTrainPercent);
        var s = session.Settings with
        {
            Dataset = "upload", Problem = classes == 0 ? "regression" : "classification", Classes = Math.Max(2, classes),
            Features = playgroundFeatures ? names : ["x1", "x2"], Hidden = [.. hidden], Activations = [.. activations],
            Optimizer = Core.Training.Objectives.OptimizerNames.Contains(run.Config.Optimizer.Name) ? run.Config.Optimizer.Name : session.Settings.Optimizer,
            LearningRate = Math.Clamp(run.Config.Optimizer.Lr, Limits.MinLearningRate, Limits.MaxLearningRate),
            Momentum = run.Config.Optimizer.Name == "sgd" ? Math.Clamp(run.Config.Optimizer.Momentum, 0, 0.999) : 0,
            BatchSize = Math.Clamp(run.Config.BatchSize, 1, Limits.BatchSize), Seed = Math.Min(run.Config.Seed, Limits.Seed),
            TrainPercent = trainPercent, Init = Initializers.Names.Contains(run.Config.Init) ? run.Config.Init : session.Settings.Init, Compare = null,
        };
        session.Adopt(points, s);
        var target = session.Nets[0].Model.Parameters;
        var source = run.Model.Parameters;
        if (target.Count != source.Count) throw Bad("The run's parameters do not match the network built from it.", "playground.import.parameters");
        for (int i = 0; i < target.Count; i++)
        {
            if (!target[i].Shape.SequenceEqual(source[i].Shape)) throw Bad($"The run's {source[i].Name} has shape [{string.Join(",", source[i].Shape)}], not [{string.Join(",", target[i].Shape)}].", "playground.import.tensorShape", source[i].Name, string.Join(",", source[i].Shape), string.Join(",", target[i].Shape));
            source[i].Value.CopyTo(target[i].Value, 0);
        }
    }

    private static SettingsException Bad(string message, string? key = null, params object?[] args) => new("import", message) { Key = key, Args = args };
}
