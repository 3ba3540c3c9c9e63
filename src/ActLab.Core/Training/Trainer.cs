using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Tensors;

namespace ActLab.Core.Training;

/// <summary>One epoch's numbers.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean of the batch losses (the seed's cost / len(train_dataloader)).</param>
/// <param name="ValidationLoss">Mean batch loss on the validation split, or NaN if there is none.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split, or NaN.</param>
public readonly record struct EpochResult(int Epoch, double TrainLoss, double ValidationLoss, double ValidationAccuracy);

/// <summary>Training stopped because the loss or a weight became NaN or infinite; the model holds the last good weights.</summary>
public sealed class DivergedException(string message) : Exception(message);

/// <summary>How predictions are read from outputs for accuracy.</summary>
public enum TaskKind
{
    /// <summary>One output: a probability (after sigmoid) or a logit, thresholded.</summary>
    Binary,
    /// <summary>One output per class: the arg-max.</summary>
    MultiClass,
    /// <summary>A float target: no accuracy.</summary>
    Regression,
}

/// <summary>The training loop: batches, forward, loss, backward, optimizer step; validation after each epoch;
/// divergence detection with rollback to the last good weights.</summary>
public sealed class Trainer(Sequential model, Loss loss, Optimizer optimizer, TaskKind task, bool outputsAreLogits, double threshold = 0.5)
{
    private float[][]? _good;

    /// <summary>The model.</summary>
    public Sequential Model { get; } = model;

    /// <summary>Runs one epoch over <paramref name="train"/> and evaluates on <paramref name="validation"/> if given.</summary>
    /// <exception cref="DivergedException">A batch loss or a weight became NaN or infinite.</exception>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public EpochResult RunEpoch(int epoch, DataLoader train, DataLoader? validation)
    {
        _good ??= [.. Model.Parameters.Select(p => (float[])p.Value.Clone())];
        train.StartEpoch();
        double cost = 0;
        int batches = train.BatchCount;
        for (int b = 0; b < batches; b++)
        {
            var (x, y) = train.Batch(b);
            var output = Model.Forward(x, training: true);
            float l = loss.Forward(output, y);
            if (!float.IsFinite(l)) Diverged(epoch, b, $"the loss is {l}");
            Model.Backward(loss.Backward());
            optimizer.Update();
            cost += l;
        }
        foreach (var p in Model.Parameters)
            foreach (var v in p.Value)
                if (!float.IsFinite(v)) Diverged(epoch, batches - 1, $"a weight of {p.Name} is {v}");
        for (int i = 0; i < _good.Length; i++) Model.Parameters[i].Value.CopyTo(_good[i], 0);
        var (vl, va) = validation is null ? (double.NaN, double.NaN) : Evaluate(validation);
        return new EpochResult(epoch, batches == 0 ? double.NaN : cost / batches, vl, va);
    }

    /// <summary>Mean batch loss and accuracy over a loader, in evaluation mode.</summary>
    public (double Loss, double Accuracy) Evaluate(DataLoader data)
    {
        double total = 0;
        int correct = 0, seen = 0, batches = data.BatchCount;
        data.StartEpoch();
        for (int b = 0; b < batches; b++)
        {
            var (x, y) = data.Batch(b);
            var output = Model.Forward(x, training: false);
            total += loss.Forward(output, y);
            for (int i = 0; i < x.Rows; i++)
            {
                if (task == TaskKind.Regression) continue;
                correct += Predict(output, i) == (int)y.Data[i] ? 1 : 0;
                seen++;
            }
        }
        return (batches == 0 ? double.NaN : total / batches, task == TaskKind.Regression || seen == 0 ? double.NaN : (double)correct / seen);
    }

    /// <summary>The predicted class of row <paramref name="i"/> of a model output.</summary>
    public int Predict(Tensor output, int i)
    {
        if (task == TaskKind.Binary)
        {
            float o = output[i, 0];
            return outputsAreLogits ? (o >= Math.Log(threshold / (1 - threshold)) ? 1 : 0) : (o >= threshold ? 1 : 0);
        }
        var row = output.Row(i);
        int best = 0;
        for (int k = 1; k < row.Length; k++) if (row[k] > row[best]) best = k;
        return best;
    }

    private void Diverged(int epoch, int batch, string what)
    {
        for (int i = 0; i < _good!.Length; i++) _good[i].CopyTo(Model.Parameters[i].Value, 0);
        throw new DivergedException($"training diverged in epoch {epoch}, batch {batch + 1}: {what}. The model keeps the weights of epoch {epoch - 1}; try a smaller learning rate.");
    }
}
