using ActLab.Core.Data;
using ActLab.Core.Runs;
using ActLab.Core.Tensors;
using ActLab.Core.Training;

namespace ActLab.Core.Experiments;

/// <summary>Per-class precision, recall and F1.</summary>
public sealed record ClassReport(string Label, double Precision, double Recall, double F1, int Support);

/// <summary>Regression errors: mean squared and absolute error, their root, and R² = 1 − SSE/SST.</summary>
public sealed record RegressionReport(double Mse, double Rmse, double Mae, double R2);

/// <summary>The evaluation of a saved model on a data set. Classification fills the class metrics (and ROC AUC for
/// two classes); regression fills <see cref="Regression"/>.</summary>
public sealed record EvaluationReport(int Rows, double Loss, double Accuracy, IReadOnlyList<ClassReport> Classes, int[,] Confusion, int[] Predicted, Tensor Outputs,
    double MacroPrecision, double MacroRecall, double MacroF1, double RocAuc, RegressionReport? Regression);

/// <summary>Loss, accuracy, per-class and macro precision/recall/F1, ROC AUC, the confusion matrix (rows: true class,
/// columns: predicted), or regression errors.</summary>
public static class Evaluation
{
    /// <summary>Evaluates <paramref name="model"/> on <paramref name="data"/>; binary outputs are read with <paramref name="threshold"/>.</summary>
    public static EvaluationReport Run(TrainedRun model, Dataset data, double threshold = 0.5)
    {
        if (!(threshold > 0 && threshold < 1)) throw ActLab.Core.Localization.Texts.Error("threshold", threshold, "error.evaluate.threshold", threshold);
        var y = model.Predict(data.Features);
        int n = data.Count;
        var predicted = new int[n];
        if (model.Task == TaskKind.Regression)
        {
            double se = 0, ae = 0, mean = n == 0 ? double.NaN : data.Targets.Average(t => (double)t), st = 0;
            for (int i = 0; i < n; i++)
            {
                double d = y.Data[i] - (double)data.Targets[i];
                se += d * d;
                ae += Math.Abs(d);
                st += (data.Targets[i] - mean) * (data.Targets[i] - mean);
            }
            var r = new RegressionReport(se / n, Math.Sqrt(se / n), ae / n, st > 0 ? 1 - se / st : double.NaN);
            return new EvaluationReport(n, r.Mse, double.NaN, [], new int[0, 0], predicted, y, double.NaN, double.NaN, double.NaN, double.NaN, r);
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
        // Macro averages over the classes present in the data (scikit-learn's zero_division aside: a class never
        // predicted has no precision and is left out of that average).
        static double Macro(IEnumerable<double> v) => v.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Average();
        double auc = double.NaN;
        if (k == 2)
        {
            var score = new double[n];
            for (int i = 0; i < n; i++) score[i] = y.Cols == 1 ? y.Data[i] : y[i, 1];
            auc = RocAuc(score, [.. data.Targets.Select(t => (int)t)]);
        }
        return new EvaluationReport(n, loss / n, (double)correct / n, classes, confusion, predicted, y,
            Macro(classes.Select(c => c.Precision)), Macro(classes.Select(c => c.Recall)), Macro(classes.Select(c => c.F1)), auc, null);
    }

    /// <summary>Area under the ROC curve of scores for the positive class (label 1): the probability that a random
    /// positive scores above a random negative, ties counting one half (Mann–Whitney U over average ranks). NaN if a
    /// class is absent.</summary>
    public static double RocAuc(IReadOnlyList<double> score, IReadOnlyList<int> label)
    {
        int n = score.Count;
        var order = Enumerable.Range(0, n).OrderBy(i => score[i]).ToArray();
        var rank = new double[n];
        for (int i = 0; i < n;)
        {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) j++;
            double r = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) rank[order[t]] = r;
            i = j + 1;
        }
        long pos = label.Count(l => l == 1), neg = n - pos;
        if (pos == 0 || neg == 0) return double.NaN;
        double sum = 0;
        for (int i = 0; i < n; i++) if (label[i] == 1) sum += rank[i];
        return (sum - pos * (pos + 1) / 2.0) / ((double)pos * neg);
    }
}
