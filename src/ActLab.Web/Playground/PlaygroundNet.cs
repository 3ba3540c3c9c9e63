using ActLab.Core.Analysis;
using ActLab.Core.Data;
using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels.Activations;
using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Simd;
using ActLab.Kernels.Softmax;

namespace ActLab.Web.Playground;

/// <summary>What one hidden layer does on the training points, measured for the live panel.</summary>
/// <param name="GradientNorm">‖∂L/∂W‖ over the whole training set (vanishing gradients show as a slope toward the input).</param>
/// <param name="Dead">Fraction of the layer's units that output exactly 0 on every training point (dead ReLUs).</param>
/// <param name="Saturated">Fraction of (point, unit) pairs where |f′(pre-activation)| &lt; 0.01.</param>
/// <param name="Mean">Mean activation (zero-centring).</param>
public readonly record struct LayerHealth(double GradientNorm, double Dead, double Saturated, double Mean);

/// <summary>
/// One network of a session, trained by the engine's <see cref="Trainer"/> on the session's points. It owns three
/// evaluation copies with the same weights (training points, test points, the map's grid), so that pictures and the
/// panel never disturb training and no buffer changes shape between frames.
/// </summary>
public sealed class PlaygroundNet
{
    /// <summary>Cells per side of the output map.</summary>
    public const int Grid = 60;
    /// <summary>Cells per side of a neuron's map (every third cell of the output grid).</summary>
    public const int NeuronGrid = 20;

    private readonly Sequential _model, _viewTrain, _viewTest, _viewGrid;
    private readonly Trainer _trainer;
    private readonly Optimizer _optimizer;
    private readonly DataLoader _loader;
    private readonly Loss _evalLoss;
    private readonly Tensor _trainX, _trainY, _testX, _testY, _gridX;
    private readonly int _outputs;
    private readonly bool _regression;
    private readonly float[] _ones, _deriv;

    /// <summary>Builds the network of <paramref name="s"/> (hidden activations replaced by <paramref name="activation"/>
    /// in compare mode) on <paramref name="points"/>, split into <paramref name="train"/> and <paramref name="test"/>.</summary>
    public PlaygroundNet(PlaygroundSettings s, PointSet points, int[] train, int[] test, string? activation = null)
    {
        var features = FeatureMap.Indices(s.Features);
        _regression = points.IsRegression;
        _outputs = _regression || points.Classes.Length == 2 ? 1 : points.Classes.Length;
        var layers = new List<LayerDefinition>();
        int width = features.Length;
        for (int i = 0; i < s.Hidden.Length; i++)
        {
            layers.Add(new LinearDefinition(width, s.Hidden[i]));
            layers.Add(new ActivationDefinition(Catalogue.Resolve(activation ?? s.ActivationOf(i))));
            width = s.Hidden[i];
        }
        layers.Add(new LinearDefinition(width, _outputs));
        Definition = ModelDefinition.FromLayers(layers);
        Activation = activation ?? string.Join(", ", s.Activations);
        var init = Initializers.Parse(s.Init);
        // The same weight seed for both networks of compare mode: they start from the same weights.
        _model = Definition.Build(s.Seed, init);
        _viewTrain = Definition.Build(s.Seed, init);
        _viewTest = Definition.Build(s.Seed, init);
        _viewGrid = Definition.Build(s.Seed, init);
        foreach (var m in new[] { _model, _viewTrain, _viewTest, _viewGrid }) m.Parallelism = 1; // tiny products; sessions run side by side

        Loss = _regression ? LossKind.Mse : _outputs == 1 ? LossKind.BceWithLogits : LossKind.CrossEntropy;
        _optimizer = Objectives.CreateOptimizer(Objectives.ParseOptimizer(s.Optimizer), _model.Parameters, s.LearningRate, s.Momentum);
        _optimizer.Parallelism = 1;
        _trainer = new Trainer(_model, Objectives.CreateLoss(Loss), _optimizer);
        SetLive(s);
        _evalLoss = Objectives.CreateLoss(Loss);

        var rows = new float[points.Count][];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new float[features.Length];
            FeatureMap.Compute(points.X1[i], points.X2[i], features, rows[i]);
        }
        bool column = Objectives.TargetsAsColumn(Loss);
        _loader = new DataLoader(rows, points.Targets, train, Math.Min(s.BatchSize, train.Length), shuffle: true, dropLast: false, s.Seed, column);
        (_trainX, _trainY) = Gather(rows, points.Targets, train, column);
        (_testX, _testY) = Gather(rows, points.Targets, test, column);
        _gridX = new Tensor(Grid * Grid, features.Length);
        var (lo, hi) = points.Extent;
        for (int r = 0; r < Grid; r++)
            for (int c = 0; c < Grid; c++)
            {
                // Row 0 is the top of the picture: the largest x2.
                double x1 = lo + (c + 0.5) * (hi - lo) / Grid, x2 = hi - (r + 0.5) * (hi - lo) / Grid;
                FeatureMap.Compute(x1, x2, features, _gridX.Row(r * Grid + c));
            }
        int widest = Math.Max(1, s.Hidden.Length == 0 ? 1 : s.Hidden.Max()) * Math.Max(train.Length, 1);
        _ones = new float[widest];
        Array.Fill(_ones, 1f);
        _deriv = new float[widest];
        HiddenSizes = s.Hidden;
    }

    /// <summary>The architecture.</summary>
    public ModelDefinition Definition { get; }
    /// <summary>The hidden activation(s), as shown.</summary>
    public string Activation { get; }
    /// <summary>Neurons per hidden layer.</summary>
    public int[] HiddenSizes { get; }
    /// <summary>Outputs of the last layer (1 for binary and regression).</summary>
    public int Outputs => _outputs;
    /// <summary>The training loss.</summary>
    public LossKind Loss { get; }
    /// <summary>The trained model.</summary>
    public Sequential Model => _model;
    /// <summary>Epochs trained.</summary>
    public int Epoch { get; private set; }
    /// <summary>Why training stopped (divergence), or null.</summary>
    public string? Stopped { get; private set; }
    /// <summary>Mean batch loss of the last epoch.</summary>
    public double LastEpochLoss { get; private set; } = double.NaN;

    /// <summary>Takes the settings that change without a reset: the learning rate and the regularisation.</summary>
    public void SetLive(PlaygroundSettings s)
    {
        _optimizer.LearningRate = s.LearningRate;
        var kind = s.Regularization switch { "l1" => PenaltyKind.L1, "l2" => PenaltyKind.L2, _ => PenaltyKind.None };
        if (_trainer.Penalty is not { } p || p.Kind != kind || p.Rate != s.RegularizationRate) _trainer.Penalty = new Penalty(kind, s.RegularizationRate);
    }

    /// <summary>Trains one epoch (one pass over the training points in mini-batches). False if training has stopped.</summary>
    public bool TrainEpoch()
    {
        if (Stopped is not null) return false;
        try
        {
            LastEpochLoss = _trainer.RunEpoch(Epoch + 1, _loader, null).TrainLoss;
            Epoch++;
            return true;
        }
        catch (DivergedException e)
        {
            Stopped = e.Message;
            return false;
        }
    }

    /// <summary>Sets one weight (<paramref name="input"/> = −1: the bias) of Linear layer <paramref name="layer"/>.</summary>
    /// <exception cref="SettingsException">No such weight, or a value that is not finite or beyond ±<see cref="Limits.Weight"/>.</exception>
    public void SetWeight(int layer, int output, int input, float value)
    {
        var linears = _model.Layers.OfType<Linear>().ToList();
        if (layer < 0 || layer >= linears.Count) throw new SettingsException("weight", $"There is no layer {layer}; the network has {linears.Count} weight layers.") { Key = "settings.noLayer", Args = [layer, linears.Count] };
        var l = linears[layer];
        if (output < 0 || output >= l.Out || input < -1 || input >= l.In)
            throw new SettingsException("weight", $"Layer {layer} has weights [{l.Out}, {l.In}]; there is no ({output}, {input}).") { Key = "settings.noWeight", Args = [layer, l.Out, l.In, output, input] };
        if (!float.IsFinite(value) || Math.Abs(value) > Limits.Weight)
            throw new SettingsException("weight", $"A weight must be a number from -{Limits.Weight} to {Limits.Weight}; got {value}.") { Key = "settings.weightRange", Args = [Limits.Weight, Limits.Weight, value] };
        if (input < 0) l.Bias.Value[output] = value;
        else l.Weight.Value[output * l.In + input] = value;
        Stopped = null;
    }

    /// <summary>The numbers of one picture: losses, the output map, each neuron's map, the weights and the health of each
    /// hidden layer.</summary>
    public NetFrame Measure()
    {
        foreach (var view in new[] { _viewTrain, _viewTest, _viewGrid })
            for (int i = 0; i < view.Parameters.Count; i++) _model.Parameters[i].Value.CopyTo(view.Parameters[i].Value, 0);

        var (trainLoss, trainAcc, health) = MeasureTraining();
        var (testLoss, testAcc) = Score(_viewTest, _testX, _testY);

        var layers = _viewGrid.Layers;
        var a = _gridX;
        int hiddenUnits = HiddenSizes.Sum();
        var neurons = new float[hiddenUnits * NeuronGrid * NeuronGrid];
        int unitBase = 0;
        for (int i = 0; i < layers.Count; i++)
        {
            a = layers[i].Forward(a, training: false);
            if (layers[i] is not ActivationLayer) continue;
            int units = a.Cols;
            for (int u = 0; u < units; u++)
                for (int r = 0; r < NeuronGrid; r++)
                    for (int c = 0; c < NeuronGrid; c++)
                        neurons[((unitBase + u) * NeuronGrid + r) * NeuronGrid + c] = a[(3 * r + 1) * Grid + 3 * c + 1, u];
            unitBase += units;
        }
        var map = new float[Grid * Grid * _outputs];
        if (_regression) a.Data.AsSpan(0, map.Length).CopyTo(map);
        else if (_outputs == 1) Elementwise.Forward(new Sigmoid(), a.Data.AsSpan(0, map.Length), map);
        else
        {
            // Class-major planes (one Grid×Grid picture per class) of softmax probabilities.
            var p = new float[map.Length];
            SoftmaxKernels.Softmax(a.Data, p, a.Shape);
            for (int k = 0; k < Grid * Grid; k++)
                for (int j = 0; j < _outputs; j++) map[j * Grid * Grid + k] = p[k * _outputs + j];
        }
        var weights = new List<float>();
        foreach (var l in _model.Layers.OfType<Linear>())
        {
            weights.AddRange(l.Weight.Value);
            weights.AddRange(l.Bias.Value);
        }
        return new NetFrame(Epoch, trainLoss, testLoss, trainAcc, testAcc, Stopped, health, map, neurons, [.. weights]);
    }

    private (double Loss, double Accuracy) Score(Sequential view, Tensor x, Tensor y) =>
        x.Rows == 0 ? (double.NaN, double.NaN) : Score(view.Forward(x, training: false), y);

    private (double Loss, double Accuracy) Score(Tensor output, Tensor y)
    {
        double loss;
        try { loss = _evalLoss.Forward(output, y); }
        catch (LossDomainException) { return (double.NaN, double.NaN); }
        if (_regression) return (loss, double.NaN);
        int correct = 0;
        for (int i = 0; i < output.Rows; i++)
        {
            int predicted;
            if (_outputs == 1) predicted = output[i, 0] >= 0 ? 1 : 0;
            else
            {
                var row = output.Row(i);
                predicted = 0;
                for (int k = 1; k < row.Length; k++) if (row[k] > row[predicted]) predicted = k;
            }
            correct += predicted == (int)y.Data[i] ? 1 : 0;
        }
        return (loss, (double)correct / output.Rows);
    }

    // One forward of the training points through _viewTrain, keeping each layer's output (layers own them until their
    // next forward), then one backward of the loss: the full-batch gradient of every layer, without touching the
    // trained model or its optimizer.
    private (double Loss, double Accuracy, LayerHealth[] Health) MeasureTraining()
    {
        var result = new LayerHealth[HiddenSizes.Length];
        var layers = _viewTrain.Layers;
        if (_trainX.Rows == 0) return (double.NaN, double.NaN, result);
        var outputs = new Tensor[layers.Count];
        var a = _trainX;
        for (int i = 0; i < layers.Count; i++) outputs[i] = a = layers[i].Forward(a, training: false);
        var (loss, accuracy) = Score(a, _trainY);
        if (double.IsNaN(loss)) return (loss, accuracy, result);
        _viewTrain.Backward(_evalLoss.Backward());
        int h = 0;
        for (int i = 0; i + 1 < layers.Count && h < result.Length; i++)
        {
            if (layers[i] is not Linear lin || layers[i + 1] is not ActivationLayer act) continue;
            Tensor pre = outputs[i], post = outputs[i + 1];
            int n = pre.Length, units = lin.Out, rows = pre.Rows;
            act.Activation.Backward(pre.Data, post.Data, _ones.AsSpan(0, n), _deriv.AsSpan(0, n), pre.Shape);
            int saturated = 0, dead = 0;
            for (int j = 0; j < n; j++) if (!(Math.Abs(_deriv[j]) >= LayerInspector.SaturationThreshold)) saturated++;
            for (int u = 0; u < units; u++)
            {
                bool zero = true;
                for (int r = 0; r < rows && zero; r++) zero = post.Data[r * units + u] == 0;
                if (zero) dead++;
            }
            double sum = 0, g = 0;
            for (int j = 0; j < n; j++) sum += post.Data[j];
            foreach (var v in lin.Weight.Grad) g += (double)v * v;
            result[h++] = new LayerHealth(Math.Sqrt(g), (double)dead / units, (double)saturated / n, sum / n);
        }
        return (loss, accuracy, result);
    }

    private static (Tensor X, Tensor Y) Gather(float[][] rows, float[] targets, int[] indices, bool column)
    {
        int f = rows.Length == 0 ? 0 : rows[0].Length;
        var x = new Tensor(indices.Length, f);
        var y = column ? new Tensor(indices.Length, 1) : new Tensor(indices.Length);
        for (int i = 0; i < indices.Length; i++)
        {
            rows[indices[i]].CopyTo(x.Row(i));
            y.Data[i] = targets[indices[i]];
        }
        return (x, y);
    }
}

/// <summary>The numbers of one network in one frame.</summary>
public sealed record NetFrame(int Epoch, double TrainLoss, double TestLoss, double TrainAccuracy, double TestAccuracy, string? Stopped,
    LayerHealth[] Health, float[] Map, float[] Neurons, float[] Weights);
