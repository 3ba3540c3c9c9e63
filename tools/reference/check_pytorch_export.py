"""Checks `actlab export --format pytorch` against PyTorch itself, and writes the golden file the .NET tests read
(tests/ActLab.Cli.Tests/Golden/pytorch_export.json), so `dotnet test` needs no Python.

For every activation of the catalogue (with non-default parameters where it has them) it trains a small run with
actlab (3 standardised features, 3 classes, 2 epochs: deterministic), exports it, loads model.py in PyTorch, predicts
a fixed set of rows, and compares with `actlab predict --json` on the same rows. The golden file records, per model,
PyTorch's probabilities and the SHA-256 of the model.py that produced them: the .NET test retrains the same run,
checks its model.py is still that file, and compares ActLab's predictions with PyTorch's.

Run with Debian's python3-torch, from the repository root, after a Release build:
    /usr/bin/python3 tools/reference/check_pytorch_export.py
"""
import hashlib
import importlib.util
import json
import math
import os
import subprocess
import sys
import tempfile

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ACTLAB = ["dotnet", os.path.join(ROOT, "src/ActLab.Cli/bin/Release/net10.0/actlab.dll")]
GOLDEN = os.path.join(ROOT, "tests/ActLab.Cli.Tests/Golden/pytorch_export.json")

# Hidden activation specs, in linear(3,8) ACT linear(8,3) (cross-entropy on logits; predict applies softmax).
MODELS = [
    "binary-step", "sign", "sigmoid", "tanh", "relu", "leaky-relu:negative-slope=0.1", "prelu:num-parameters=8,init=0.2",
    "elu:alpha=0.7", "gelu", "gelu:approximate=tanh", "relu6", "hardtanh:min-val=-0.5,max-val=2", "hardsigmoid",
    "hardswish", "hardshrink:lambd=0.3", "softshrink:lambd=0.3", "tanhshrink", "threshold:threshold=0.1,value=-1",
    "rrelu:lower=0.1,upper=0.3", "selu", "celu:alpha=0.5", "silu", "mish", "softplus:beta=2,threshold=5",
    "log-sigmoid", "softsign", "identity", "exponential", "squareplus:b=2", "sparse-plus", "sparse-sigmoid",
    "squared-relu", "snake:alpha=0.5", "swish:beta=1.5", "softmax", "softmin", "log-softmax", "sparsemax", "glu",
]
ROWS = [[math.sin(1.7 * i + j) * (1 + i % 3) for j in range(3)] for i in range(40)]


def actlab(*args):
    r = subprocess.run([*ACTLAB, *args], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"actlab {' '.join(args)} failed: {r.stderr.strip()}")
    return r.stdout


def load_module(path):
    spec = importlib.util.spec_from_file_location(f"m{abs(hash(path))}", path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def main():
    torch.set_num_threads(1)
    work = tempfile.mkdtemp(prefix="actlab-export-")
    data = os.path.join(work, "blobs.csv")
    actlab("generate", "blobs", "--out", data, "--samples", "300", "--classes", "3", "--seed", "3")
    # Three features: the blob coordinates and their product, so layers see more than two inputs.
    with open(data) as f:
        lines = f.read().splitlines()
    header = lines[0].split(",")
    with open(data, "w") as f:
        f.write(",".join(header[:2] + ["x1x2"] + header[2:]) + "\n")
        for line in lines[1:]:
            c = line.split(",")
            f.write(",".join(c[:2] + [repr(float(c[0]) * float(c[1]))] + c[2:]) + "\n")
    rows_csv = os.path.join(work, "rows.csv")
    with open(rows_csv, "w") as f:
        f.write("x1,x2,x1x2\n" + "".join(",".join(repr(v) for v in r) + "\n" for r in ROWS))
    out = {"torch": torch.__version__, "rows": ROWS, "models": []}
    worst = 0.0
    for act in MODELS:
        run = os.path.join(work, act.replace(":", "_").replace(",", "_").replace("=", "-"))
        spec = f"linear(3,8) {act} linear({4 if act == 'glu' else 8},3)"  # GLU halves its input
        actlab("train", "--data", data, "--model", spec, "--epochs", "2", "--standardize", "--seed", "1", "--out", run)
        actlab("export", "--run", run, "--format", "pytorch", "--out", run + "-torch")
        source = open(os.path.join(run + "-torch", "model.py"), "rb").read()
        m = load_module(os.path.join(run + "-torch", "model.py"))
        model = m.load()
        probs = m.predict(model, ROWS).tolist()
        ours = json.loads(actlab("predict", "--run", run, "--data", rows_csv, "--json"))
        ours = [[p["probabilities"][c] for c in m.LABELS] for p in ours["predictions"]]
        diff = max(abs(a - b) for pr, po in zip(probs, ours) for a, b in zip(pr, po))
        worst = max(worst, diff)
        print(f"{act:36s} max |PyTorch - ActLab| = {diff:.3g}")
        out["models"].append({"activation": act, "model": spec, "modelPySha256": hashlib.sha256(source).hexdigest(),
                              "torchProbabilities": probs, "maxAbsDifference": diff})
    out["worst"] = worst
    os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
    with open(GOLDEN, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {GOLDEN}; worst difference {worst:.3g}")


if __name__ == "__main__":
    main()
