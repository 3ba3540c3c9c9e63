#!/usr/bin/python3
"""PyTorch's own elementwise kernels, timed the way bench/ActLab.Benchmarks times ActLab's, for the side-by-side
columns of docs/benchmarks.md. The benchmark runs this script itself (when /usr/bin/python3 has torch: Debian's
python3-torch) so that both are measured in the same run on the same machine.

One thread; 1,048,576 float32 inputs uniform in [-10, 10] (rows of 1,024 for the softmax family); outputs preallocated
(out= / grad_input=) so no allocation is timed; backward through the aten *_backward kernels autograd calls, from the
tensors autograd would save (PyTorch's sigmoid, tanh and exp backward read the output y, the others x). Median of 7
rounds of >= 20 ms, ns per element. Writes JSON {spec: {"forward": ns, "backward": ns or null}}.

    /usr/bin/python3 tools/reference/torch_kernels.py OUT.json
"""
import json
import sys
import time

import torch

torch.set_num_threads(1)
N = 1 << 20
g = torch.Generator().manual_seed(0)
x = torch.rand(N, generator=g) * 20 - 10
dy = torch.rand(N, generator=g)
y = torch.empty(N)
dx = torch.empty(N)
buf = torch.empty(N)
A = torch.ops.aten
SELU_A, SELU_S = 1.6732632423543772, 1.0507009873554805


def ns_per_element(fn):
    fn()
    rounds = []
    for _ in range(7):
        k, t0 = 0, time.perf_counter()
        while True:
            fn()
            k += 1
            elapsed = time.perf_counter() - t0
            if elapsed > 0.02:
                break
        rounds.append(elapsed / k / N * 1e9)
    rounds.sort()
    return round(rounds[3], 4)


result = {}


def row(spec, forward, backward=None, prepare=None):
    if prepare:
        prepare()
    result[spec] = {"forward": ns_per_element(forward), "backward": ns_per_element(backward) if backward else None}
    print(spec, result[spec], file=sys.stderr, flush=True)


row("copy", lambda: y.copy_(x))
row("sigmoid", lambda: torch.sigmoid(x, out=y), lambda: A.sigmoid_backward(dy, y, grad_input=dx), lambda: torch.sigmoid(x, out=y))
row("tanh", lambda: torch.tanh(x, out=y), lambda: A.tanh_backward(dy, y, grad_input=dx), lambda: torch.tanh(x, out=y))
row("relu", lambda: torch.clamp_min(x, 0, out=y), lambda: A.threshold_backward(dy, x, 0, grad_input=dx))
row("leaky-relu", lambda: A.leaky_relu(x, 0.01, out=y), lambda: A.leaky_relu_backward(dy, x, 0.01, False, grad_input=dx))
row("elu", lambda: A.elu(x, 1.0, 1.0, 1.0, out=y), lambda: A.elu_backward(dy, 1.0, 1.0, 1.0, False, x, grad_input=dx))
row("selu", lambda: A.elu(x, SELU_A, SELU_S, 1.0, out=y), lambda: A.elu_backward(dy, SELU_A, SELU_S, 1.0, False, x, grad_input=dx))
row("celu", lambda: A.elu(x, 1.0, 1.0, 1.0, out=y), lambda: A.elu_backward(dy, 1.0, 1.0, 1.0, False, x, grad_input=dx))
row("gelu", lambda: A.gelu(x, out=y), lambda: A.gelu_backward(dy, x, grad_input=dx))
row("gelu:approximate=tanh", lambda: A.gelu(x, approximate="tanh", out=y), lambda: A.gelu_backward(dy, x, approximate="tanh", grad_input=dx))
row("silu", lambda: A.silu(x, out=y), lambda: A.silu_backward(dy, x, grad_input=dx))
row("mish", lambda: A.mish(x, out=y), lambda: A.mish_backward(dy, x))
row("softplus", lambda: A.softplus(x, 1, 20, out=y), lambda: A.softplus_backward(dy, x, 1, 20, grad_input=dx))
row("log-sigmoid", lambda: A.log_sigmoid_forward(x, output=y, buffer=buf), lambda: A.log_sigmoid_backward(dy, x, buf, grad_input=dx))
row("hardswish", lambda: A.hardswish(x, out=y), lambda: A.hardswish_backward(dy, x))
row("hardsigmoid", lambda: A.hardsigmoid(x, out=y), lambda: A.hardsigmoid_backward(dy, x, grad_input=dx))
row("hardtanh", lambda: A.hardtanh(x, -1.0, 1.0, out=y), lambda: A.hardtanh_backward(dy, x, -1.0, 1.0, grad_input=dx))
row("exponential", lambda: torch.exp(x, out=y), lambda: torch.mul(dy, y, out=dx))
x2, y2, dy2, dx2 = x.view(-1, 1024), y.view(-1, 1024), dy.view(-1, 1024), dx.view(-1, 1024)
row("softmax", lambda: torch.softmax(x2, 1, out=y2), lambda: A._softmax_backward_data(dy2, y2, 1, torch.float32, grad_input=dx2), lambda: torch.softmax(x2, 1, out=y2))
row("log-softmax", lambda: torch.log_softmax(x2, 1, out=y2), lambda: A._log_softmax_backward_data(dy2, y2, 1, torch.float32, out=dx2), lambda: torch.log_softmax(x2, 1, out=y2))
result["_about"] = {"torch": torch.__version__, "threads": torch.get_num_threads()}
with open(sys.argv[1], "w") as f:
    json.dump(result, f, indent=1)
