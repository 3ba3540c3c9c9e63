namespace ActLab.Core.Data;

/// <summary>A small in-memory data set: named feature columns (double, as read or generated) and integer class labels.</summary>
public sealed class Table(string[] featureNames, double[][] rows, int[] labels, string labelName = "label")
{
    /// <summary>Feature column names, in order.</summary>
    public string[] FeatureNames { get; } = featureNames;
    /// <summary>The label column's name.</summary>
    public string LabelName { get; } = labelName;
    /// <summary>One feature vector per example.</summary>
    public double[][] Rows { get; } = rows;
    /// <summary>One class index per example.</summary>
    public int[] Labels { get; } = labels;
    /// <summary>Number of examples.</summary>
    public int Count => Labels.Length;
}
