"""Seed 000's PyTorch experiment as written in shared/seeds/000 (CustomDataset, random_split, DataLoader, Linear(2,1)+Sigmoid,
BCELoss, Adam lr 0.001, 10,000 epochs), plus wall-clock timing, to compare with `actlab tutorial` on the same machine.

    /usr/bin/python3 tools/reference/seed_tutorial_torch.py binary_data.csv
"""
import sys
import time

import pandas as pd
import torch
from torch import nn, optim
from torch.utils.data import DataLoader, Dataset, random_split

start = time.perf_counter()


class CustomDataset(Dataset):
    def __init__(self, csv_file):
        df = pd.read_csv(csv_file)
        self.x1 = df.iloc[:, 0].values
        self.x2 = df.iloc[:, 1].values
        self.y = df.iloc[:, 2].values
        self.length = len(df)

    def __getitem__(self, idx):
        x = torch.tensor([self.x1[idx], self.x2[idx]], dtype=torch.float32)
        y = torch.tensor(self.y[idx], dtype=torch.float32)
        return x, y

    def __len__(self):
        return self.length


class CustomModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.layer = nn.Sequential(nn.Linear(2, 1), nn.Sigmoid())

    def forward(self, x):
        return self.layer(x)


dataset = CustomDataset(sys.argv[1])
n = len(dataset)
train_size = int(0.8 * n)
validation_size = int(n * 0.1)
test_size = n - train_size - validation_size
train_dataset, validation_dataset, test_dataset = random_split(dataset, [train_size, validation_size, test_size])
train_dataloader = DataLoader(train_dataset, batch_size=32, shuffle=True, drop_last=True)
validation_dataloader = DataLoader(validation_dataset, batch_size=4, shuffle=True, drop_last=True)
test_dataloader = DataLoader(test_dataset, batch_size=4, shuffle=True, drop_last=True)
model = CustomModel()
criterion = nn.BCELoss()
optimizer = optim.Adam(model.parameters(), lr=0.001)
epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 10000
loop = time.perf_counter()
for epoch in range(epochs):
    cost = 0.0
    for x, y in train_dataloader:
        optimizer.zero_grad()
        output = model(x)
        loss = criterion(output, y.unsqueeze(1))
        loss.backward()
        optimizer.step()
        cost += loss
    cost = cost / len(train_dataloader)
    if (epoch + 1) % 1000 == 0:
        print(f'Epoch [{epoch + 1}/{epochs}], Cost: {cost.item():.6f}, Model : {list(model.parameters())}')
loop_seconds = time.perf_counter() - loop


def accuracy(loader):
    correct = total = 0
    with torch.no_grad():
        model.eval()
        for x, y in loader:
            correct += ((model(x) >= 0.5).squeeze(1) == (y >= 0.5)).sum().item()
            total += len(y)
    return correct / total


steps = epochs * len(train_dataloader)
print(f"validation accuracy {accuracy(validation_dataloader):.2f}, test accuracy {accuracy(test_dataloader):.2f}")
print(f"training loop {loop_seconds:.1f} s for {steps} steps = {loop_seconds / steps * 1e6:.1f} us per step; whole script {time.perf_counter() - start:.1f} s")
