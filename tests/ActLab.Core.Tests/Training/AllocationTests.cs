using ActLab.Core.Model;
using ActLab.Core.Tensors;
using ActLab.Core.Training;
using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Random;

namespace ActLab.Core.Tests.Training;

/// <summary>A training step on a fixed batch shape allocates nothing after warm-up (allocated bytes are counted,
/// which is deterministic; no timing is asserted).</summary>
public class AllocationTests
{
    [Theory]
    [InlineData("sigmoid", "bce")]
    [InlineData("relu", "bce-logits")]
    [InlineData("gelu", "cross-entropy")]
    [InlineData("prelu", "mse")]
    public void A_training_step_allocates_nothing_after_warm_up(string activation, string lossName)
    {
        var rng = new Pcg32(1);
        int outputs = lossName == "cross-entropy" ? 3 : 1;
        var layers = new List<ILayer> { new Linear(2, 16, ref rng), new ActivationLayer(Catalogue.Resolve(activation)), new Linear(16, outputs, ref rng) };
        if (lossName == "bce") layers.Add(new ActivationLayer(Catalogue.Resolve("sigmoid")));
        var model = new Sequential(layers);
        Loss loss = lossName switch { "bce" => new BceLoss(), "bce-logits" => new BceWithLogitsLoss(), "mse" => new MseLoss(), _ => new CrossEntropyLoss() };
        var opt = new Adam(model.Parameters);
        var x = new Tensor(32, 2);
        for (int i = 0; i < x.Length; i++) x.Data[i] = i % 7 - 3;
        var y = lossName == "cross-entropy" ? new Tensor(32) : new Tensor(32, 1);
        for (int i = 0; i < y.Length; i++) y.Data[i] = i % (lossName == "cross-entropy" ? 3 : 2);
        void Step()
        {
            var o = model.Forward(x, training: true);
            loss.Forward(o, y);
            model.Backward(loss.Backward());
            opt.Step();
        }
        // Past tiered compilation's promotions (30 calls, then a background recompile): a full suite once caught one
        // mid-measurement after only 5 warm-up steps.
        for (int i = 0; i < 300; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"100 training steps allocated {allocated} bytes; the hot path must reuse its buffers.");
    }
}

/// <summary>With two threads the products run on the helper threads; posting them allocates nothing either
/// (Parallel.For, used before, allocated its bookkeeping on every product).</summary>
public class ThreadedAllocationTests
{
    [Fact]
    public void A_threaded_training_step_allocates_nothing_on_the_calling_thread_after_warm_up()
    {
        var model = ModelDefinition.Parse("linear(784,256) relu linear(256,64) relu linear(64,10)").Build(0);
        model.Parallelism = 2;
        var loss = new CrossEntropyLoss();
        var opt = new Adam(model.Parameters);
        var x = new Tensor(128, 784);
        for (int i = 0; i < x.Length; i++) x.Data[i] = (i % 13) / 13f;
        var y = new Tensor(128);
        for (int i = 0; i < y.Length; i++) y.Data[i] = i % 10;
        void Step()
        {
            var o = model.Forward(x, training: true);
            loss.Forward(o, y);
            model.Backward(loss.Backward());
            opt.Step();
        }
        for (int i = 0; i < 150; i++) Step(); // past tiered compilation
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 20; i++) Step();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"20 threaded training steps allocated {allocated} bytes on the calling thread.");
    }
}

/// <summary>The training loop around the step allocates nothing per step either.</summary>
public class LoopAllocationTests
{
    [Fact]
    public void An_epoch_of_the_training_loop_allocates_nothing_per_step_after_warm_up()
    {
        var t = ActLab.Core.Data.PlaygroundGenerators.Generate("circle", 1600, 0.1, 1);
        var f = t.Rows.Select(r => r.Select(v => (float)v).ToArray()).ToArray();
        var y = t.Labels.Select(l => (float)l).ToArray();
        var loader = new ActLab.Core.Data.DataLoader(f, y, [.. Enumerable.Range(0, 1600)], 16, true, false, 1);
        var model = ModelDefinition.Parse("linear(2,16) relu linear(16,1)").Build(0);
        var trainer = new Trainer(model, new BceWithLogitsLoss(), new Adam(model.Parameters));
        for (int e = 1; e <= 3; e++) trainer.RunEpoch(e, loader, null);
        long before = GC.GetAllocatedBytesForCurrentThread();
        trainer.RunEpoch(4, loader, null); // 100 steps
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(bytes < 1024, $"an epoch of 100 steps allocated {bytes} bytes; the per-epoch bookkeeping should stay under 1 KB and nothing per step");
    }
}
