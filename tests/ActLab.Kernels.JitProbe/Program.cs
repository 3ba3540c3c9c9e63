using ActLab.Kernels.Catalogue;
using ActLab.Kernels.Simd;

// Runs every elementwise kernel through every path of the driver (the padded head and tail, the loop's odd last
// vector, the two-vector body, a split over two threads), forward and backward, at offsets 0, 3, …, 15 floats, so
// that JitKernelInliningTests can read the JIT's summary of this process: in a healthy build no vector primitive is
// ever compiled on its own, because every one is inlined into the kernel that uses it.
string[] extra = ["gelu:approximate=tanh", "swish:beta=2", "softplus:beta=2,threshold=10", "celu:alpha=2", "rrelu:mode=train",
    "leaky-relu:negative-slope=0.1", "hardtanh:min-val=-2,max-val=3", "squareplus:b=1", "elu:alpha=0.5"];
var specs = Catalogue.All.Where(e => e.Kind == ActivationKind.Elementwise)
    .Select(e => e.Key == "threshold" ? "threshold:threshold=0.5,value=-1" : e.Key).Concat(extra).ToList();
var rng = new Random(3);
int[] lengths = [1, 5, 16, 17, 8 * 16 + 3, 9 * 16 + 5, 20 * 16, 3 * Elementwise.Grain + 37];
int longest = lengths.Max() + 16;
var x = new float[longest];
var dy = new float[longest];
for (int i = 0; i < longest; i++) { x[i] = (float)(rng.NextDouble() * 40 - 20); dy[i] = (float)(rng.NextDouble() * 2 - 1); }
var y = new float[longest];
var dx = new float[longest];
Elementwise.MaxThreads = 2;
foreach (var spec in specs)
{
    var act = Catalogue.Resolve(spec);
    for (int round = 0; round < 3; round++)
        foreach (int n in lengths)
            for (int offset = 0; offset < 16; offset += n > 1000 ? 16 : 3)
            {
                act.Forward(x.AsSpan(offset, n), y.AsSpan(offset, n));
                act.Backward(x.AsSpan(offset, n), y.AsSpan(offset, n), dy.AsSpan(offset, n), dx.AsSpan(offset, n));
                act.Backward(x.AsSpan(offset, n), default, dy.AsSpan(offset, n), dx.AsSpan(offset, n));
            }
}
Console.WriteLine($"probed {specs.Count} specs");
return 0;
