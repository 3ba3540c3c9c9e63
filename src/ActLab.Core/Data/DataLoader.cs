using ActLab.Core.Tensors;
using ActLab.Kernels.Random;

namespace ActLab.Core.Data;

/// <summary>Mini-batches over a subset of a data set, as torch's DataLoader: a fresh shuffle each epoch when asked,
/// and the last short batch dropped when asked. Batch tensors are reused (a full batch allocates nothing).</summary>
public sealed class DataLoader
{
    private readonly float[] _flat; // row-major copy of this split's features: a batch is a gather of short rows, no call per row
    private readonly float[][]? _rows; // wide rows, by reference
    private readonly float[] _targets;

    /// <summary>Rows at least this wide are referenced rather than copied.</summary>
    public const int WideRow = 64;
    private readonly int[] _order;      // positions in this split's copy, shuffled each epoch
    private readonly int[] _indices;    // position → index into the data set
    private int[] _indexBuffer = [];
    private readonly int _featureCount;
    private Pcg32 _rng;
    private Tensor? _x, _y;
    private readonly (float[] Mean, float[] Std)? _standardize; // wide rows only: applied to each batch

    /// <summary>Batches of <paramref name="batchSize"/> over the examples <paramref name="indices"/>; with
    /// <paramref name="standardize"/>, each feature as (x − mean)/std (<see cref="Standardization"/>), formed as the
    /// batch is, so that the data set is never held twice.</summary>
    public DataLoader(float[][] features, float[] targets, int[] indices, int batchSize, bool shuffle, bool dropLast, ulong seed, bool targetsAsColumn = true,
        (float[] Mean, float[] Std)? standardize = null)
    {
        if (batchSize < 1) throw ActLab.Core.Localization.Texts.Error("batchSize", batchSize, "error.train.batchSize", batchSize);
        if (dropLast && batchSize > indices.Length)
            throw ActLab.Core.Localization.Texts.Error("batchSize", batchSize, "error.train.dropLast", batchSize, indices.Length);
        // Narrow rows (the tutorials' 2 features) are copied into one row-major buffer, so a batch is a gather without
        // a call per row; wide rows (images) are referenced, not copied, and each is one vectorised copy: a loader
        // per split would otherwise double the data set's memory. Only this split's rows either way; the order holds
        // positions, so shuffles draw the same rows as they would by index.
        _featureCount = features.Length == 0 ? 0 : features[0].Length;
        bool wide = _featureCount >= WideRow;
        _flat = wide ? [] : new float[(long)indices.Length * _featureCount];
        _rows = wide ? new float[indices.Length][] : null;
        _targets = new float[indices.Length];
        if (standardize is { } st && (st.Mean.Length != _featureCount || st.Std.Length != _featureCount))
            throw new ArgumentException($"Standardisation has {st.Mean.Length} means and {st.Std.Length} deviations for {_featureCount} features.", nameof(standardize));
        // Narrow rows are standardised once, in this split's own copy; wide rows (referenced) in each batch.
        if (wide) _standardize = standardize;
        for (int i = 0; i < indices.Length; i++)
        {
            if (wide) _rows![i] = features[indices[i]];
            else
            {
                features[indices[i]].CopyTo(_flat, (long)i * _featureCount);
                if (standardize is { } s) Standardization.ApplyInPlace(_flat.AsSpan((int)((long)i * _featureCount), _featureCount), s.Mean, s.Std);
            }
            _targets[i] = targets[indices[i]];
        }
        _order = [.. Enumerable.Range(0, indices.Length)];
        _indices = (int[])indices.Clone();
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
        if (_rows is not null)
            for (int i = 0; i < n; i++)
            {
                int e = _order[start + i];
                _rows[e].CopyTo(xs, i * d);
                if (_standardize is { } st) Standardization.ApplyInPlace(xs.AsSpan(i * d, d), st.Mean, st.Std);
                _y.Data[i] = _targets[e];
            }
        else
            for (int i = 0; i < n; i++)
            {
                int e = _order[start + i];
                for (int j = 0; j < d; j++) xs[i * d + j] = _flat[e * d + j];
                _y.Data[i] = _targets[e];
            }
        return (_x, _y);
    }

    /// <summary>The examples of batch <paramref name="b"/> (indices into the data set), in a buffer reused by the next call.</summary>
    public ReadOnlySpan<int> BatchIndices(int b)
    {
        int start = b * BatchSize, n = Math.Min(BatchSize, Count - start);
        if (_indexBuffer.Length < n) _indexBuffer = new int[n];
        for (int i = 0; i < n; i++) _indexBuffer[i] = _indices[_order[start + i]];
        return _indexBuffer.AsSpan(0, n);
    }
}
