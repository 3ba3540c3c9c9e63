"""Writes the two-Gaussian CSV exactly as shared/seeds/000 does (its generate_binary_classification_csv, unchanged),
so that ActLab's `generate gaussians --rng numpy` can be checked byte for byte without Python in the test suite.

Run with Debian's python3-numpy and python3-pandas:
    /usr/bin/python3 tools/reference/gaussians_numpy.py tests/ActLab.Core.Tests/Golden/binary_data_seed42.csv
"""
import sys

import numpy as np
import pandas as pd


def generate_binary_classification_csv(file_path: str, n_samples_per_class: int = 500, mean_diff: float = 2.0,
                                       random_seed: int = 42):
    np.random.seed(random_seed)
    class0_features = np.random.randn(n_samples_per_class, 2) + np.array([0, 0])
    class0_labels = np.zeros(n_samples_per_class, dtype=int)
    class1_features = np.random.randn(n_samples_per_class, 2) + np.array([mean_diff, mean_diff])
    class1_labels = np.ones(n_samples_per_class, dtype=int)
    features = np.vstack((class0_features, class1_features))
    labels = np.concatenate((class0_labels, class1_labels))
    indices = np.arange(features.shape[0])
    np.random.shuffle(indices)
    features = features[indices]
    labels = labels[indices]
    df = pd.DataFrame(features, columns=['feature1', 'feature2'])
    df['label'] = labels
    df.to_csv(file_path, index=False)


if __name__ == "__main__":
    generate_binary_classification_csv(sys.argv[1] if len(sys.argv) > 1 else "binary_data.csv")
    if len(sys.argv) > 2:  # a second, smaller case: 7 per class, mean_diff 1.5, seed 3
        generate_binary_classification_csv(sys.argv[2], 7, 1.5, 3)
