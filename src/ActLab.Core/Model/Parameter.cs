namespace ActLab.Core.Model;

/// <summary>A learnable tensor and its gradient, named as in PyTorch's <c>state_dict</c> (<c>0.weight</c>).</summary>
public sealed class Parameter(string name, int[] shape, float[] value)
{
    /// <summary>The state_dict name.</summary>
    public string Name { get; internal set; } = name;
    /// <summary>The shape (a Linear weight is [out, in], as in PyTorch).</summary>
    public int[] Shape { get; } = shape;
    /// <summary>The values.</summary>
    public float[] Value { get; } = value;
    /// <summary>∂loss/∂value, written by the last backward.</summary>
    public float[] Grad { get; } = new float[value.Length];
    /// <summary>Whether weight decay applies (PyTorch advises none for a PReLU slope; the optimizer honours this).</summary>
    public bool Decay { get; init; } = true;
}
