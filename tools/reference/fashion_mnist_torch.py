"""PyTorch's side of the Fashion-MNIST comparison in docs/benchmarks.md: the training that

    actlab train --data fashion-mnist --hidden 256,128 --epochs 10 --batch-size 128 --threads 1

runs, written the way a PyTorch user writes it: a 784-256-128-10 ReLU MLP (nn.Linear's default initialisation),
CrossEntropyLoss, Adam(lr=1e-3), batches of 128 reshuffled every epoch, pixels scaled to [0, 1] as torchvision's
ToTensor does, 54,000 training images (a tenth of the official 60,000 held out for validation) and the official
10,000 test images. It prints one JSON object: seconds per epoch, the final training cost, validation and test
accuracy, and the versions and threads used.

Run with Debian's PyTorch and OpenBLAS (without OpenBLAS Debian's torch uses the reference BLAS, ten times slower):
    apt-get install python3-torch libopenblas0-pthread dataset-fashion-mnist
    OPENBLAS_NUM_THREADS=1 /usr/bin/python3 tools/reference/fashion_mnist_torch.py --threads 1
    /usr/bin/python3 tools/reference/fashion_mnist_torch.py --threads 2
"""
import argparse
import gzip
import json
import os
import struct
import time

import numpy as np
import torch


def idx(path):
    with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
        data = f.read()
    zero, dtype, dims = struct.unpack(">HBB", data[:4])
    assert zero == 0 and dtype == 0x08, f"{path}: not an IDX file of unsigned bytes"
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def blas():
    import re
    m = re.search(r"BLAS_INFO=(\w+)", torch.__config__.show())
    return m.group(1) if m else "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=os.environ.get("ACTLAB_DATA_DIR", "/usr/share/datasets") + "/fashion-mnist")
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    t0 = time.perf_counter()
    d = a.data_dir
    x_train = torch.from_numpy(idx(f"{d}/train-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255)
    y_train = torch.from_numpy(idx(f"{d}/train-labels-idx1-ubyte.gz").astype(np.int64))
    x_test = torch.from_numpy(idx(f"{d}/t10k-images-idx3-ubyte.gz").reshape(-1, 784).astype(np.float32) / 255)
    y_test = torch.from_numpy(idx(f"{d}/t10k-labels-idx1-ubyte.gz").astype(np.int64))
    read = time.perf_counter() - t0
    perm = torch.randperm(len(x_train))
    val_idx, train_idx = perm[:6000], perm[6000:]
    xt, yt, xv, yv = x_train[train_idx], y_train[train_idx], x_train[val_idx], y_train[val_idx]

    model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 128), torch.nn.ReLU(),
                                torch.nn.Linear(128, 10))
    loss_fn = torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    def accuracy(x, y):
        model.eval()
        with torch.no_grad():
            acc = (model(x).argmax(1) == y).float().mean().item()
        model.train()
        return acc

    epoch_seconds, cost = [], float("nan")
    for epoch in range(a.epochs):
        start = time.perf_counter()
        order = torch.randperm(len(xt))
        total, n = 0.0, 0
        for i in range(0, len(xt), a.batch_size):
            b = order[i:i + a.batch_size]
            opt.zero_grad()
            loss = loss_fn(model(xt[b]), yt[b])
            loss.backward()
            opt.step()
            total += loss.item() * len(b)
            n += len(b)
        epoch_seconds.append(time.perf_counter() - start)
        cost = total / n
    print(json.dumps({
        "engine": f"PyTorch {torch.__version__}", "blas": blas(),
        "threads": a.threads, "epochs": a.epochs, "batchSize": a.batch_size,
        "readSeconds": round(read, 3), "secondsPerEpoch": round(sum(epoch_seconds) / len(epoch_seconds), 3),
        "trainSeconds": round(sum(epoch_seconds), 2), "cost": round(cost, 6),
        "validationAccuracy": round(accuracy(xv, yv), 4), "testAccuracy": round(accuracy(x_test, y_test), 4),
    }))


if __name__ == "__main__":
    main()
