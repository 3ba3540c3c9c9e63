using System.CommandLine;
using System.Globalization;
using ActLab.Cli.Output;
using ActLab.Core.Data;
using ActLab.Cli.Experiments;
using ActLab.Core.Model;
using ActLab.Core.Runs;
using ActLab.Core.Tensors;
using ActLab.Core.Training;

namespace ActLab.Cli.Commands;

internal static class TutorialCommand
{
    public static Command Create(Io io)
    {
        var outDir = new Option<string?>("--out") { Description = "Write the run (config.json, metrics.csv, model.safetensors, summary.json) into this folder." };
        var force = new Option<bool>("--force") { Description = "Allow --out to be a folder that already holds files." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs (the seed's 10000).", DefaultValueFactory = _ => 10_000 };
        var printEvery = new Option<int>("--print-every") { Description = "Print the cost and parameters every N epochs (the seed's 1000).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the split, shuffles and initial weights (the data itself always uses NumPy's seed 42).", DefaultValueFactory = _ => 0 };
        var plain = new Option<bool>("--plain") { Description = "Plain lines, no progress bar (the default when output is redirected)." };
        var cmd = new Command("tutorial", "Run seed 000's experiment end to end, with its exact settings and data: the NumPy-identical two-Gaussian\n" +
            "CSV (500 per class, mean_diff 2, seed 42), an 80/10/10 split, batches of 32 (shuffled, drop_last), Linear(2,1) + Sigmoid,\n" +
            "BCELoss, Adam (lr 0.001), 10,000 epochs with the cost and parameters every 1,000; then the validation batches of 4 as\n" +
            "the seed prints them, and accuracy on validation and test.\n\n" +
            "Examples:\n  actlab tutorial\n  actlab tutorial --out runs/tutorial\n  actlab tutorial --epochs 2000 --print-every 200 --seed 1")
        { outDir, force, epochs, printEvery, seed, plain };
        cmd.SetAction(pr =>
        {
            int e = pr.GetValue(epochs), every = pr.GetValue(printEvery);
            if (e < 1) throw UsageException.Of("error.tutorial.epochs", e);
            if (every < 1) throw UsageException.Of("error.tutorial.printEvery", every);
            string? dir = pr.GetValue(outDir);
            if (dir is not null) RunWriter.Check(dir, pr.GetValue(force));
            using var writer = dir is null ? null : RunWriter.Create(dir, pr.GetValue(force));
            var settings = new TutorialSettings { Epochs = e, Seed = pr.GetValue(seed) };
            var printer = new Printer(io, e, every);
            TutorialResult result;
            if (io.IsTerminal && !pr.GetValue(plain))
            {
                // The seed's lines as it prints them, one status line below them redrawn in place.
                using var live = new LiveLine(io.Out);
                printer.Write = live.WriteLine;
                var progress = new TrainingProgress(live, e, io.Texts);
                printer.OnEpoch = r => progress.OnEpoch(r);
                printer.OnStep = (in StepProgress p) => progress.OnStep(p);
                result = SeedTutorial.Run(settings, printer, writer, io.Cancellation);
            }
            else result = SeedTutorial.Run(settings, printer, writer, io.Cancellation);
            var t = io.Texts;
            var inv = CultureInfo.InvariantCulture;
            io.Out.WriteLine(t.Format("tutorial.result", result.ValidationAccuracy.ToString("0.00", inv), result.TestAccuracy.ToString("0.00", inv), result.FinalCost.ToString("F6", inv)));
            io.Out.WriteLine(t.Format("tutorial.loop", result.Steps.ToString("N0", inv), result.LoopSeconds.ToString("0.###", inv), result.MicrosecondsPerStep.ToString("0.###", inv)));
            if (writer is not null)
            {
                ActLab.Plotting.RunReport.Write(writer.StagingPath, Path.GetFileName(writer.FinalPath), texts: io.Texts);
                writer.Commit();
                io.Out.WriteLine(t.Format("tutorial.written", Path.GetFullPath(dir!)));
            }
            if (result.Status == RunStatus.Interrupted) return io.Fail(Cli.Interrupted, dir is null ? t.Format("tutorial.interrupted", result.Metrics.Count) : t.Format("tutorial.interruptedFolder", result.Metrics.Count, dir));
            return Cli.Ok;
        });
        return cmd;
    }

    internal delegate void StepAction(in StepProgress p);

    private sealed class Printer(Io io, int epochs, int every) : ITutorialObserver
    {
        public Action<EpochResult>? OnEpoch { get; set; }
        public StepAction? OnStep { get; set; }
        public Action<string> Write { get; set; } = io.Out.WriteLine;

        public void Started(ActLab.Core.Data.Table data, int[] splitSizes, string modelSpec)
        {
            Write(io.Texts.Format("tutorial.data", data.Count, string.Join("/", splitSizes)));
            Write(io.Texts.Format("tutorial.model", modelSpec, epochs));
            Explain("tutorial.costEvery", every);
        }

        public void Step(in StepProgress p) => OnStep?.Invoke(p);

        public void Epoch(EpochResult r, IReadOnlyList<Parameter> parameters)
        {
            OnEpoch?.Invoke(r);
            if (r.Epoch % every != 0) return;
            var ps = string.Join(", ", parameters.Select(p => $"{p.Name} {Values(p)}"));
            Write(string.Create(CultureInfo.InvariantCulture, $"Epoch [{r.Epoch}/{epochs}], Cost: {r.TrainLoss:F6}, Model : [{ps}]"));
        }

        private bool _validationExplained;

        // Korean readers get a sentence around the seed's own lines; English ones get the seed's lines alone (an empty
        // explanation is not printed).
        private void Explain(string key, params object?[] args)
        {
            string text = io.Texts.Format(key, args);
            if (text.Length > 0) Write(text);
        }

        public void ValidationBatch(Tensor inputs, Tensor labels, float loss, Tensor outputs, float threshold)
        {
            if (!_validationExplained) { _validationExplained = true; Explain("tutorial.validationIntro"); }
            Write("inputs: " + TensorText.Format(inputs));
            Write("labels: " + TensorText.Format(new Tensor(labels.Data, labels.Rows)));
            Write(string.Create(CultureInfo.InvariantCulture, $"Validation Loss: {loss:F6}"));
            Write("outputs: " + TensorText.Format(outputs));
            Write(TensorText.Bools(outputs.Data.Select(o => o >= threshold), outputs.Cols));
            Write("---------------------------");
        }

        private static string Values(Parameter p)
        {
            var v = p.Value.Select(x => x.ToString("F4", CultureInfo.InvariantCulture));
            return p.Shape.Length == 2 ? "[[" + string.Join(", ", v) + "]]" : "[" + string.Join(", ", v) + "]";
        }
    }
}
