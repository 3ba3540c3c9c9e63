using ActLab.Core.Model;
using ActLab.Core.Training;

namespace ActLab.Core.Tests.Training;

/// <summary>Optimizers split their update across threads by element ranges: every optimizer gives the same bits on one
/// thread and on several.</summary>
public class ParallelOptimizerTests
{
    public static TheoryData<string> Kinds => ["sgd-momentum", "adam", "adamw", "adam-amsgrad", "rmsprop", "adagrad"];

    private static Optimizer Create(string kind, IReadOnlyList<Parameter> ps) => kind switch
    {
        "sgd-momentum" => new Sgd(ps, 0.01, momentum: 0.9, weightDecay: 1e-4, nesterov: true),
        "adam" => new Adam(ps, 1e-3, weightDecay: 1e-4),
        "adamw" => new Adam(ps, 1e-3, weightDecay: 1e-2, decoupledWeightDecay: true),
        "adam-amsgrad" => new Adam(ps, 1e-3, amsgrad: true),
        "rmsprop" => new RmsProp(ps, 1e-3),
        _ => new Adagrad(ps, 1e-2),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_same_bits_on_one_two_and_three_threads(string kind)
    {
        float[][] Run(int threads)
        {
            // 300 × 257 weights (77,100 elements: over the parallel threshold, and not a multiple of the vector width).
            var model = ModelDefinition.Parse("linear(257,300) tanh linear(300,3)").Build(9);
            var opt = Create(kind, model.Parameters);
            opt.Parallelism = threads;
            var rng = new ActLab.Kernels.Random.Pcg32(4);
            for (int step = 0; step < 5; step++)
            {
                foreach (var p in model.Parameters)
                    for (int i = 0; i < p.Grad.Length; i++) p.Grad[i] = (float)(rng.NextDouble() - 0.5);
                opt.Step();
            }
            return [.. model.Parameters.Select(p => (float[])p.Value.Clone())];
        }
        var one = Run(1);
        Assert.Equal(one, Run(2));
        Assert.Equal(one, Run(3));
        Assert.Throws<ActLab.Kernels.InputException>(() => Create(kind, []).Parallelism = 0);
    }
}
