using ActLab.Core.Model;

namespace ActLab.Core.Training;

/// <summary>Which norm of the weights a <see cref="Penalty"/> adds to the loss.</summary>
public enum PenaltyKind
{
    /// <summary>No penalty.</summary>
    None,
    /// <summary>rate·Σ|w|: its gradient rate·sign(w) pushes small weights to exactly zero (sparse networks).</summary>
    L1,
    /// <summary>rate·½Σw²: its gradient rate·w shrinks every weight in proportion (the TensorFlow Playground's L2;
    /// the same as SGD's weight_decay = rate).</summary>
    L2,
}

/// <summary>
/// A regularisation penalty on the weights, added to the gradients after backward and before the optimizer step (as
/// the TensorFlow Playground applies its L1 and L2). Biases and parameters without decay (a PReLU slope) are left
/// alone. The reported loss stays the data loss, as the Playground reports it.
/// </summary>
public sealed record Penalty(PenaltyKind Kind, double Rate)
{
    /// <summary>Adds the penalty's gradient to every weight's gradient.</summary>
    public void AddGradient(IReadOnlyList<Parameter> parameters)
    {
        if (Kind == PenaltyKind.None || Rate == 0) return;
        float rate = (float)Rate;
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!p.Decay || p.Shape.Length < 2) continue; // weights only: a bias is one-dimensional
            var w = p.Value;
            var g = p.Grad;
            if (Kind == PenaltyKind.L2)
                for (int j = 0; j < w.Length; j++) g[j] += rate * w[j];
            else
                for (int j = 0; j < w.Length; j++) g[j] += w[j] > 0 ? rate : w[j] < 0 ? -rate : 0f; // sign(0) = 0, as torch.sign
        }
    }
}
