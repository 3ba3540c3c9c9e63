namespace ActLab.Core.Tensors;

/// <summary>A float32 tensor: a row-major shape over one <c>float[]</c>. The engine's layers use rank 2
/// ([batch, features]); the storage is exposed so that kernels work on spans without copies.</summary>
public sealed class Tensor
{
    /// <summary>A zero tensor of the given shape.</summary>
    public Tensor(params int[] shape) : this(new float[Count(shape)], shape) { }

    /// <summary>Wraps existing storage (not copied).</summary>
    public Tensor(float[] data, params int[] shape)
    {
        if (Count(shape) != data.Length)
            throw new ArgumentException($"A shape of [{string.Join(", ", shape)}] needs {Count(shape)} values; the storage has {data.Length}.");
        Data = data;
        Shape = shape;
    }

    /// <summary>Row-major storage.</summary>
    public float[] Data { get; }
    /// <summary>The shape.</summary>
    public int[] Shape { get; }
    /// <summary>Number of elements.</summary>
    public int Length => Data.Length;
    /// <summary>Size of the first dimension.</summary>
    public int Rows => Shape.Length == 0 ? 1 : Shape[0];
    /// <summary>Product of the other dimensions (the row length).</summary>
    public int Cols => Shape.Length == 0 ? 1 : Data.Length / Math.Max(Shape[0], 1);
    /// <summary>The storage as a span.</summary>
    public Span<float> Span => Data;
    /// <summary>Row <paramref name="i"/> as a span.</summary>
    public Span<float> Row(int i) => Data.AsSpan(i * Cols, Cols);
    /// <summary>Element [i, j] of a rank-2 tensor.</summary>
    public float this[int i, int j] { get => Data[i * Cols + j]; set => Data[i * Cols + j] = value; }

    /// <summary>Whether the shape equals <paramref name="shape"/>.</summary>
    public bool HasShape(params int[] shape) => Shape.AsSpan().SequenceEqual(shape);

    /// <summary>Returns <paramref name="buffer"/> if it already has <paramref name="shape"/>, else a new zero tensor:
    /// layers keep their outputs across steps, so a fixed batch shape allocates only once.</summary>
    public static Tensor Reuse(Tensor? buffer, int[] shape) => buffer is not null && buffer.HasShape(shape) ? buffer : new Tensor((int[])shape.Clone());

    /// <summary><see cref="Reuse(Tensor?, int[])"/> for a rank-2 shape, without allocating a shape array.</summary>
    public static Tensor Reuse(Tensor? buffer, int rows, int cols) =>
        buffer is not null && buffer.Shape.Length == 2 && buffer.Shape[0] == rows && buffer.Shape[1] == cols ? buffer : new Tensor(rows, cols);

    private static int Count(int[] shape)
    {
        long n = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension {d} in shape [{string.Join(", ", shape)}].");
            n *= d;
        }
        return n > int.MaxValue ? throw new ArgumentException("Tensor too large.") : (int)n;
    }

    /// <inheritdoc/>
    public override string ToString() => $"Tensor[{string.Join(", ", Shape)}]";
}
