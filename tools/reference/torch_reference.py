"""Reference values from PyTorch for ActLab's loss and optimizer tests (tests/ActLab.Core.Tests/Golden/torch_reference.json).

Run with Debian's python3-torch (PyTorch 1.13):  /usr/bin/python3 tools/reference/torch_reference.py > tests/ActLab.Core.Tests/Golden/torch_reference.json
"""
import json

import torch

torch.set_default_dtype(torch.float32)
out = {"torch": torch.__version__, "losses": [], "optimizers": []}

x = torch.tensor([[0.3, -1.2, 2.0], [0.7, 0.1, -0.4]])
p = torch.tensor([[0.2, 0.9, 0.5], [0.99, 0.01, 0.7]])
y01 = torch.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]])
idx = torch.tensor([2, 0])


def case(name, fn, inp, target, **extra):
    inp = inp.clone().requires_grad_(True)
    loss = fn(inp, target)
    loss.backward()
    out["losses"].append({"name": name, "input": inp.detach().flatten().tolist(), "shape": list(inp.shape),
                          "target": target.flatten().tolist(), "targetShape": list(target.shape),
                          "loss": loss.item(), "grad": inp.grad.flatten().tolist(), **extra})


case("bce", torch.nn.BCELoss(), p, y01)
case("bce-sum", torch.nn.BCELoss(reduction="sum"), p, y01)
case("bce-saturated", torch.nn.BCELoss(), torch.tensor([[0.0, 1.0, 1e-30]]), torch.tensor([[1.0, 0.0, 1.0]]))
case("bce-logits", torch.nn.BCEWithLogitsLoss(), x, y01)
case("bce-logits-posweight", torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor([1.0, 3.0, 0.5])), x, y01, posWeight=[1.0, 3.0, 0.5])
case("bce-logits-extreme", torch.nn.BCEWithLogitsLoss(), torch.tensor([[100.0, -100.0, 30.0]]), torch.tensor([[0.0, 1.0, 1.0]]))
case("mse", torch.nn.MSELoss(), x, y01)
case("l1", torch.nn.L1Loss(), x, y01)
case("cross-entropy", torch.nn.CrossEntropyLoss(), x, idx)
case("cross-entropy-weights", torch.nn.CrossEntropyLoss(weight=torch.tensor([0.2, 1.0, 3.0])), x, idx, weight=[0.2, 1.0, 3.0])
case("cross-entropy-smoothing", torch.nn.CrossEntropyLoss(label_smoothing=0.1), x, idx, labelSmoothing=0.1)
case("cross-entropy-weights-smoothing", torch.nn.CrossEntropyLoss(weight=torch.tensor([0.2, 1.0, 3.0]), label_smoothing=0.2), x, idx,
     weight=[0.2, 1.0, 3.0], labelSmoothing=0.2)
case("cross-entropy-ignore", torch.nn.CrossEntropyLoss(ignore_index=0), torch.cat([x, x]), torch.tensor([2, 0, 1, 0]), ignoreIndex=0)
case("cross-entropy-probabilities", torch.nn.CrossEntropyLoss(label_smoothing=0.1), x, torch.tensor([[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]]), labelSmoothing=0.1)
case("cross-entropy-huge-logits", torch.nn.CrossEntropyLoss(), torch.tensor([[1e8, 1e8]]), torch.tensor([0]))

grads = [[0.5, -0.2, 0.1], [-0.3, 0.8, 0.05], [0.2, 0.2, -0.6], [1.5, -1.0, 0.3], [0.0, 0.4, -0.1]]
init = [1.0, -0.5, 0.25]


def opt_case(name, make, **extra):
    theta = torch.tensor(init, requires_grad=True)
    opt = make([theta])
    trajectory = []
    for g in grads:
        opt.zero_grad()
        theta.grad = torch.tensor(g)
        opt.step()
        trajectory.append(theta.detach().tolist())
    out["optimizers"].append({"name": name, "init": init, "grads": grads, "trajectory": trajectory, **extra})


opt_case("adam", lambda ps: torch.optim.Adam(ps, lr=0.1))
opt_case("adam-wd-amsgrad", lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.9), eps=1e-6, weight_decay=0.1, amsgrad=True))
opt_case("adamw", lambda ps: torch.optim.AdamW(ps, lr=0.05, weight_decay=0.1))
opt_case("sgd", lambda ps: torch.optim.SGD(ps, lr=0.1))
opt_case("sgd-momentum-dampening-wd", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, dampening=0.1, weight_decay=0.01))
opt_case("sgd-nesterov", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True))
opt_case("rmsprop", lambda ps: torch.optim.RMSprop(ps, lr=0.01, alpha=0.9, weight_decay=0.05))
opt_case("adagrad", lambda ps: torch.optim.Adagrad(ps, lr=0.1, weight_decay=0.05))

print(json.dumps(out, indent=1))
