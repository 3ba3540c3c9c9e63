"""A model made in PyTorch for `actlab import`'s test (tests/ActLab.Cli.Tests/Golden/torch_state_dict.*): an
nn.Sequential(Linear(3, 8), ELU(alpha=0.5), Linear(8, 8), LeakyReLU(0.1), Linear(8, 3)) with torch's own initialisation
(seed 0), its state_dict written in the safetensors layout (as safetensors.torch.save_file writes it: an 8-byte header
length, a JSON header, F32 data), and PyTorch's softmax probabilities on a few rows.

    /usr/bin/python3 tools/reference/torch_state_dict.py
"""
import json
import math
import os
import struct

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests/ActLab.Cli.Tests/Golden")

torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 8), torch.nn.ELU(alpha=0.5), torch.nn.Linear(8, 8), torch.nn.LeakyReLU(0.1),
                            torch.nn.Linear(8, 3)).eval()
state = {k: v.contiguous() for k, v in model.state_dict().items()}
header, offset, blobs = {"__metadata__": {"format": "pt"}}, 0, []
for name in sorted(state):
    b = state[name].numpy().astype("<f4").tobytes()
    header[name] = {"dtype": "F32", "shape": list(state[name].shape), "data_offsets": [offset, offset + len(b)]}
    offset += len(b)
    blobs.append(b)
h = json.dumps(header, separators=(",", ":")).encode()
h += b" " * (-(8 + len(h)) % 8)
with open(os.path.join(OUT, "torch_state_dict.safetensors"), "wb") as f:
    f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
rows = [[math.cos(0.9 * i + j) * (1 + i % 4) for j in range(3)] for i in range(30)]
with torch.no_grad():
    probs = torch.softmax(model(torch.tensor(rows, dtype=torch.float32)), dim=-1).tolist()
with open(os.path.join(OUT, "torch_state_dict.json"), "w") as f:
    json.dump({"torch": torch.__version__, "model": "linear(3,8) elu:alpha=0.5 linear(8,8) leaky-relu:negative-slope=0.1 linear(8,3)",
               "labels": ["a", "b", "c"], "rows": rows, "probabilities": probs}, f, indent=1)
    f.write("\n")
print("wrote", OUT)
