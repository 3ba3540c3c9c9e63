using ActLab.Core.Data;
using ActLab.Core.Runs;
using ActLab.Core.Tensors;
using ActLab.Core.Training;

namespace ActLab.Core.Experiments;

/// <summary>Per-class precision, recall and F1.</summary>
public sealed record ClassReport(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>The evaluation of a saved model on a data set.</summary>
public sealed record EvaluationReport(int Rows, double Loss, double Accuracy, IReadOnlyList<ClassReport> Classes, int[,] Confusion, int[] Predicted, Tensor Outputs);

/// <summary>Loss, accuracy, per-class precision/recall/F1 and the confusion matrix (rows: true class, columns: predicted).</summary>
public static class Evaluation
{
    /// <summary>Evaluates <paramref name="model"/> on <paramref name="data"/>; binary outputs are read with <paramref name="threshold"/>.</summary>
    public static EvaluationReport Run(TrainedRun model, Dataset data, double threshold = 0.5)
    {
        if (!(threshold > 0 && threshold < 1)) throw new ActLab.Kernels.InputException("threshold", threshold, $"The threshold must be between 0 and 1; got {threshold}.");
        var y = model.Predict(data.Features);
        int n = data.Count;
        var predicted = new int[n];
        if (model.Task == TaskKind.Regression)
        {
            double se = 0;
            for (int i = 0; i < n; i++) se += Math.Pow(y.Data[i] - data.Targets[i], 2);
            return new EvaluationReport(n, se / n, double.NaN, [], new int[0, 0], predicted, y);
        }
        int k = model.Classes.Count;
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            int t = (int)data.Targets[i];
            if (y.Cols == 1)
            {
                double p = y.Data[i];
                predicted[i] = p >= threshold ? 1 : 0;
                loss -= t == 1 ? Math.Max(Math.Log(p), -100) : Math.Max(Math.Log(1 - p), -100);
            }
            else
            {
                var row = y.Row(i);
                int best = 0;
                for (int c = 1; c < row.Length; c++) if (row[c] > row[best]) best = c;
                predicted[i] = best;
                loss -= Math.Max(Math.Log(row[t]), -100);
            }
        }
        var confusion = new int[k, k];
        for (int i = 0; i < n; i++) confusion[(int)data.Targets[i], predicted[i]]++;
        var classes = new List<ClassReport>();
        for (int c = 0; c < k; c++)
        {
            int tp = confusion[c, c], fp = 0, fn = 0;
            for (int o = 0; o < k; o++) { if (o != c) { fp += confusion[o, c]; fn += confusion[c, o]; } }
            double precision = tp + fp == 0 ? double.NaN : (double)tp / (tp + fp);
            double recall = tp + fn == 0 ? double.NaN : (double)tp / (tp + fn);
            double f1 = double.IsNaN(precision) || double.IsNaN(recall) || precision + recall == 0 ? double.NaN : 2 * precision * recall / (precision + recall);
            classes.Add(new ClassReport(model.Classes[c], precision, recall, f1, tp + fn));
        }
        int correct = Enumerable.Range(0, n).Count(i => predicted[i] == (int)data.Targets[i]);
        return new EvaluationReport(n, loss / n, (double)correct / n, classes, confusion, predicted, y);
    }
}
