using System.Numerics.Tensors;
using ActLab.Kernels.Catalogue;
using BenchmarkDotNet.Attributes;

namespace ActLab.Benchmarks;

/// <summary>BenchmarkDotNet view of the headline kernels against TensorPrimitives and a copy, at 1M floats.</summary>
[MemoryDiagnoser]
public class HeadlineBenchmarks
{
    private float[] _x = [], _y = [];
    private Activation _sigmoid = null!, _tanh = null!, _relu = null!, _gelu = null!;

    [Params(1 << 20)]
    public int N;

    [GlobalSetup]
    public void Setup()
    {
        var r = new ActLab.Kernels.Random.Pcg32(7);
        _x = new float[N];
        _y = new float[N];
        for (int i = 0; i < N; i++) _x[i] = (float)(r.NextDouble() * 20 - 10);
        _sigmoid = Catalogue.Resolve("sigmoid");
        _tanh = Catalogue.Resolve("tanh");
        _relu = Catalogue.Resolve("relu");
        _gelu = Catalogue.Resolve("gelu:approximate=tanh");
    }

    [Benchmark(Baseline = true)] public void Copy() => _x.AsSpan().CopyTo(_y);
    [Benchmark] public void Relu() => _relu.Forward(_x, _y);
    [Benchmark] public void Sigmoid() => _sigmoid.Forward(_x, _y);
    [Benchmark] public void SigmoidTensorPrimitives() => TensorPrimitives.Sigmoid(_x, _y);
    [Benchmark] public void Tanh() => _tanh.Forward(_x, _y);
    [Benchmark] public void TanhTensorPrimitives() => TensorPrimitives.Tanh(_x, _y);
    [Benchmark] public void GeluTanh() => _gelu.Forward(_x, _y);
}
