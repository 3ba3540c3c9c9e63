#!/usr/bin/python3
"""The fits behind src/ActLab.Kernels/Activations/Gelu.cs (run with Debian's python3-numpy and python3-mpmath).

With z = |x|, Phi(-z) = phi(z) M(z), M the Mills ratio. Prints
  - z0, the root of M(z) = z (where GELU'(x) = 0 at x = -z0), and 1/sqrt(2 pi), each split into two floats;
  - G(t), degree 10, with M(z)/sqrt(2 pi) = t G(t), t = 3/(3 + z), on z in [0, 14.2] (least squares on Chebyshev
    nodes, weighted for relative error), and its worst relative error;
  - H, degree 11 in u = z - 1, with (M(z) - z)/sqrt(2 pi) = (z0 - z) H(z) on z in [0, 2], its worst relative error,
    and its constant term split into two floats.
The reference values are mpmath's erfc at 40 digits.
"""
import numpy as np, mpmath as mp
mp.mp.dps=40
ISQ=1/mp.sqrt(2*mp.pi)
def Mm(z): z=mp.mpf(z); return mp.sqrt(mp.pi/2)*mp.erfc(z/mp.sqrt(2))*mp.exp(z*z/2)
z0=mp.findroot(lambda z: Mm(z)-z, 0.75)
print("z0", z0)
import struct
f32=lambda v: float(np.float32(float(v)))
z0hi=f32(z0); z0lo=f32(z0-mp.mpf(z0hi)); print("z0hi %r z0lo %r"%(z0hi,z0lo))
ISQhi=f32(ISQ); ISQlo=f32(ISQ-mp.mpf(ISQhi)); print("ISQ %r %r"%(ISQhi,ISQlo))
# G(t): M(z)*ISQ = t*G(t), t = k/(k+z)
k=3.0; zmax=14.2; deg=10
tmin=k/(k+zmax); N=3000
tt=(np.cos(np.pi*(np.arange(N)+0.5)/N)+1)/2*(1-tmin)+tmin
G=np.array([float(Mm(k*(1-t)/t)*ISQ/t) for t in tt])
V=np.vander(tt,deg+1,increasing=True); w=1/G
c,*_=np.linalg.lstsq(V*w[:,None],G*w,rcond=None)
zz=np.linspace(0,zmax,3001); t=k/(k+zz)
ref=np.array([float(Mm(z)*ISQ) for z in zz])
print("G rel err", np.max(np.abs(t*np.polyval(c[::-1],t)/ref-1)))
print("G coeffs", ", ".join("%.17e"%v for v in c))
# H(z) = (M(z)-z)/(z0-z)*ISQ on [0,2], as a polynomial in u = z - 1, with its constant term split into two floats
deg=11; N=3000
us=np.cos(np.pi*(np.arange(N)+0.5)/N)
def Hm(z):
    z=mp.mpf(z)
    if abs(z-z0)<mp.mpf('1e-12'): z=z0+mp.mpf('1e-12')
    return (Mm(z)-z)/(z0-z)*ISQ
H=np.array([float(Hm(u+1)) for u in us])
V=np.vander(us,deg+1,increasing=True); w=1/np.abs(H)
c2,*_=np.linalg.lstsq(V*w[:,None],H*w,rcond=None)
uu=np.linspace(-1,1,2001)
ref=np.array([float(Hm(u+1)) for u in uu])
print("H rel err", np.max(np.abs(np.polyval(c2[::-1],uu)/ref-1)), "range", ref.min(), ref.max())
print("H coeffs (in z - 1)", ", ".join("%.9ef"%v for v in c2))
hi=np.float32(c2[0]); print("H c0 = %r + %r" % (float(hi), float(np.float32(c2[0]-float(hi)))))
# The forward's float evaluation of P(z) = z M(z)/sqrt(2 pi) = a * 3G(t), a = z/(3 + z) = 1 - t: 3G re-expanded in
# u = t - 1/2 = 1/2 - a (|u| <= 1/2, so its terms shrink and Horner's roundings stay small), the first three coefficients
# split into two floats (their rounding would otherwise show in the result).
from math import comb
cu=np.zeros(len(c))
for k,g in enumerate(c):
    for j in range(k+1): cu[j]+=3*g*comb(k,j)*0.5**(k-j)
print("3G(1/2 + u) coeffs", ", ".join("%.9ef"%float(np.float32(v)) for v in cu))
for j in range(3):
    hi=np.float32(cu[j]); print("  u^%d: %r + %r" % (j, float(hi), float(np.float32(cu[j]-float(hi)))))
