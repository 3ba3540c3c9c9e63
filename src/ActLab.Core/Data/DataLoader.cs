using ActLab.Core.Tensors;
using ActLab.Kernels.Random;

namespace ActLab.Core.Data;

/// <summary>Mini-batches over a subset of a data set, as torch's DataLoader: a fresh shuffle each epoch when asked,
/// and the last short batch dropped when asked. Batch tensors are reused (a full batch allocates nothing).</summary>
public sealed class DataLoader
{
    private readonly float[] _flat; // row-major copy of the features: a batch is a gather of short rows, no call per row
    private readonly float[] _targets;
    private readonly int[] _order;
    private readonly int _featureCount;
    private Pcg32 _rng;
    private Tensor? _x, _y;

    /// <summary>Batches of <paramref name="batchSize"/> over the examples <paramref name="indices"/>.</summary>
    public DataLoader(float[][] features, float[] targets, int[] indices, int batchSize, bool shuffle, bool dropLast, ulong seed, bool targetsAsColumn = true)
    {
        if (batchSize < 1) throw new ActLab.Kernels.InputException("batchSize", batchSize, $"The batch size must be at least 1; got {batchSize}.");
        if (dropLast && batchSize > indices.Length)
            throw new ActLab.Kernels.InputException("batchSize", batchSize, $"The batch size {batchSize} is larger than the {indices.Length} examples of this split, and drop_last would leave no batch.");
        _flat = new float[features.Length * (features.Length == 0 ? 0 : features[0].Length)];
        for (int i = 0; i < features.Length; i++) features[i].CopyTo(_flat, i * features[i].Length);
        _targets = targets;
        _order = (int[])indices.Clone();
        _featureCount = features.Length == 0 ? 0 : features[0].Length;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        TargetsAsColumn = targetsAsColumn;
        _rng = new Pcg32(seed, 13);
    }

    /// <summary>Examples per batch.</summary>
    public int BatchSize { get; }
    /// <summary>Whether each epoch reshuffles.</summary>
    public bool Shuffle { get; }
    /// <summary>Whether a final short batch is dropped.</summary>
    public bool DropLast { get; }
    /// <summary>Targets as [batch, 1] (binary and regression) rather than [batch] (class indices).</summary>
    public bool TargetsAsColumn { get; }
    /// <summary>Examples in this subset.</summary>
    public int Count => _order.Length;
    /// <summary>Batches per epoch (len(dataloader)).</summary>
    public int BatchCount => DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize;

    /// <summary>Starts an epoch: reshuffles if asked.</summary>
    public void StartEpoch()
    {
        if (Shuffle) Split.Shuffle(_order, ref _rng);
    }

    /// <summary>Batch <paramref name="b"/> of the current epoch: (x [n, features], y). Reused between calls.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public (Tensor X, Tensor Y) Batch(int b)
    {
        int start = b * BatchSize, n = Math.Min(BatchSize, Count - start);
        _x = Tensor.Reuse(_x, n, _featureCount);
        _y = TargetsAsColumn ? Tensor.Reuse(_y, n, 1) : (_y is not null && _y.Shape.Length == 1 && _y.Shape[0] == n ? _y : new Tensor(n));
        int d = _featureCount;
        var xs = _x.Data;
        for (int i = 0; i < n; i++)
        {
            int e = _order[start + i];
            for (int j = 0; j < d; j++) xs[i * d + j] = _flat[e * d + j];
            _y.Data[i] = _targets[e];
        }
        return (_x, _y);
    }

    /// <summary>The examples of batch <paramref name="b"/> (indices into the data set).</summary>
    public ReadOnlySpan<int> BatchIndices(int b) => _order.AsSpan(b * BatchSize, Math.Min(BatchSize, Count - b * BatchSize));
}
