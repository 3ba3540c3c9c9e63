namespace ActLab.Kernels.Softmax;

/// <summary>A row-major shape seen as [outer, n, inner] around one axis: the layout every vector function uses.</summary>
public readonly record struct AxisShape(int Outer, int N, int Inner)
{
    /// <summary>Total element count.</summary>
    public int Length => Outer * N * Inner;

    /// <summary>Splits <paramref name="shape"/> around <paramref name="axis"/> (negative counts from the end).
    /// An empty shape means one row holding all of <paramref name="length"/>.</summary>
    /// <exception cref="InputException">The axis is out of range or the shape does not hold <paramref name="length"/> elements.</exception>
    public static AxisShape Of(ReadOnlySpan<int> shape, int axis, int length)
    {
        if (shape.IsEmpty) return new AxisShape(1, length, 1);
        int rank = shape.Length;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
            throw new InputException("dim", axis, $"Axis {axis} is out of range for a shape of rank {rank}; use −{rank}..{rank - 1}.") { Key = "error.shape.axis", Args = [axis, rank, rank, rank - 1] };
        long outer = 1, inner = 1, total = 1;
        for (int i = 0; i < rank; i++)
        {
            if (shape[i] < 0) throw new InputException("shape", shape[i], $"Shape dimension {i} is negative ({shape[i]}).") { Key = "error.shape.negative", Args = [i, shape[i]] };
            total *= shape[i];
            if (i < a) outer *= shape[i];
            else if (i > a) inner *= shape[i];
        }
        if (total != length)
            throw new InputException("shape", string.Join(",", shape.ToArray()), $"Shape [{string.Join(", ", shape.ToArray())}] holds {total} elements but the input has {length}.") { Key = "error.shape.count", Args = [string.Join(", ", shape.ToArray()), total, length] };
        return new AxisShape((int)outer, shape[a], (int)inner);
    }
}
