#!/usr/bin/python3
"""Float32 emulation of Gelu.ZM in src/ActLab.Kernels/Activations/Gelu.cs (run with Debian's python3-numpy and
python3-mpmath): P(z) = z M(z)/sqrt(2 pi) = a * 3G(t), a = z/(3 + z) = 1 - t, as the pair hi + lo the kernel forms,
against mpmath at 30 digits. Prints the worst relative error of hi + lo in units of 2^-24, per unit interval of z, with
and without the kernel's correction for the rounding of u = 1/2 - a (about 0.24 with it, 0.51 without, on 6,300
points). numpy's float32 rounds each operation; an FMA is emulated in float64 and rounded once to float32 (exact
products, a rare double rounding of the sum). The whole forward is measured on every float by
`dotnet run --project tools/ActLab.DocGen -c Release -- --exhaustive gelu --from -3.5e38 --to 3.5e38`.
"""
import numpy as np, mpmath as mp, collections
from math import comb
mp.mp.dps = 30
f = np.float32
ISQ = 1 / mp.sqrt(2 * mp.pi)
def Pref(z): z = mp.mpf(z); return z * mp.sqrt(mp.pi / 2) * mp.erfc(z / mp.sqrt(2)) * mp.exp(z * z / 2) * ISQ
def fma(a, b, c): return f(np.float64(a) * np.float64(b) + np.float64(c))
# G(t), from gelu_fit.py
Gc = [1.32982539360799068e-01, 1.32925739261703008e-01, 1.18951508591962227e-01, 8.28015907983104260e-02,
      7.86392217763073886e-02, -8.88732154079559522e-02, 2.06474776351027234e-01, -3.58997469626424259e-01,
      2.93181642053356395e-01, -1.16946473641162715e-01, 1.88601410253849688e-02]
cu = np.zeros(11)
for k, g in enumerate(Gc):
    for j in range(k + 1): cu[j] += 3 * g * comb(k, j) * 0.5 ** (k - j)
def split(v): h = f(v); return h, f(v - float(h))
(c0hi, c0lo), (c1hi, c1lo), (c2hi, c2lo) = split(cu[0]), split(cu[1]), split(cu[2])
cuf = [f(v) for v in cu]
def P(z, uerr=True):
    z = f(z); three = f(3); half = f(0.5)
    a = max(three, z); b = min(three, z); s = f(a + b); sLo = f(f(a - s) + b)
    aHi = f(z / s); rem = fma(-aHi, s, z); rem = fma(-aHi, sLo, rem); aLo = f(rem * fma(-aHi, f(1 / 3), f(1 / 3)))
    u = f(half - aHi); du = f(f(f(half - u) - aHi) - aLo) if uerr else f(-aLo)
    p = cuf[10]
    for k in range(9, 2, -1): p = fma(p, u, cuf[k])
    p = fma(p, u, c2hi)
    pr = f(u * p); prLo = fma(u, p, -pr); prLo = fma(u, c2lo, prLo)
    vHi = f(c1hi + pr); vLo = f(f(f(c1hi - vHi) + pr) + f(prLo + c1lo))
    w = f(u * vHi); wLo = fma(u, vHi, -w); wLo = fma(u, vLo, wLo)
    gHi = f(c0hi + w); gLo = f(f(f(c0hi - gHi) + w) + f(wLo + c0lo))
    gLo = fma(fma(u, p, vHi), du, gLo)
    pHi = f(aHi * gHi); pLo = fma(aHi, gHi, -pHi); pLo = fma(aHi, gLo, pLo); pLo = fma(aLo, gHi, pLo)
    return pHi, pLo
zs = list(np.float32(np.linspace(0, 14.5, 6001)[1:])) + list(np.float32(np.geomspace(1e-30, 1, 300)))
refs = [Pref(float(z)) for z in zs]
for uerr in (True, False):
    bins = collections.defaultdict(float)
    for z, ref in zip(zs, refs):
        hi, lo = P(z, uerr)
        e = abs(float((mp.mpf(float(hi)) + mp.mpf(float(lo)) - ref) / ref)) * 2 ** 24
        bins[int(float(z))] = max(bins[int(float(z))], e)
    print("u's rounding corrected" if uerr else "u's rounding ignored  ", "worst %.3f" % max(bins.values()),
          {k: round(v, 3) for k, v in sorted(bins.items())})
