#!/usr/bin/python3
"""The fit behind src/ActLab.Kernels/Activations/Tanhshrink.cs (run with Debian's python3-numpy and python3-mpmath).

tanhshrink(x) = x - tanh x = x^3 R(x^2) below |x| = X1, where R(z) = (x - tanh x)/x^3 is smooth (R(0) = 1/3; tanh's poles
at +-i pi/2 put R's nearest singularity at z = -pi^2/4). Prints R as a polynomial of degree DEG in z on [0, X1^2]
(least squares on Chebyshev nodes, weighted for relative error), its worst relative error, and its first two
coefficients split into two floats (the kernel carries their low parts).
The reference values are mpmath's tanh at 40 digits.
"""
import sys
import numpy as np, mpmath as mp
mp.mp.dps = 40
X1 = float(sys.argv[1]) if len(sys.argv) > 1 else 1.25
DEG = int(sys.argv[2]) if len(sys.argv) > 2 else 10
def R(z):
    z = mp.mpf(z)
    if z == 0: return mp.mpf(1) / 3
    x = mp.sqrt(z)
    return (x - mp.tanh(x)) / (x * z)
Z = X1 * X1; N = 2000
zz = (np.cos(np.pi * (np.arange(N) + 0.5) / N) + 1) / 2 * Z
r = np.array([float(R(z)) for z in zz])
V = np.vander(zz, DEG + 1, increasing=True); w = 1 / r
c, *_ = np.linalg.lstsq(V * w[:, None], r * w, rcond=None)
zt = np.linspace(0, Z, 4001)
ref = np.array([float(R(z)) for z in zt])
print("X1 %g degree %d: R rel err %.3e" % (X1, DEG, np.max(np.abs(np.polyval(c[::-1], zt) / ref - 1))))
print("R coeffs (from z^0 up)", ", ".join("%.9ef" % float(np.float32(v)) for v in c))
for j in range(2):
    hi = np.float32(c[j]); print("  z^%d: %r + %r" % (j, float(hi), float(np.float32(c[j] - float(hi)))))
