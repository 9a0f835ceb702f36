"""Peer for bench/fit.bench.ts: the usual SciPy Chinchilla fit (Hoffmann et al. / Besiroglu et al.).

Epoch-240 (drop the 5 largest losses), LSE form, sum of Huber (delta = 1e-3) on log residuals,
L-BFGS-B with finite-difference gradients (SciPy defaults) from each of Hoffmann's 4,500 grid
points; keeps the lowest objective. Prints {"seconds", "objective", "params", "starts"} as JSON.
"""
import csv
import itertools
import json
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import huber, logsumexp

rows = list(csv.DictReader(open(sys.argv[1], newline="")))
N = np.array([float(r["Model Size"]) for r in rows])
C = np.array([float(r["Training FLOP"]) for r in rows])
L = np.array([float(r["loss"]) for r in rows])
keep = L < np.sort(L)[-5]
N, D, L = N[keep], C[keep] / (6 * N[keep]), L[keep]
lnN, lnD, lnL = np.log(N), np.log(D), np.log(L)


def objective(p):
    a, b, e, alpha, beta = p
    pred = logsumexp([a - alpha * lnN, b - beta * lnD, np.full_like(lnN, e)], axis=0)
    return np.sum(huber(1e-3, pred - lnL))


start = time.perf_counter()
best = None
grid = itertools.product(range(0, 30, 5), range(0, 30, 5), np.arange(-1, 1.5, 0.5), np.arange(0, 2.5, 0.5), np.arange(0, 2.5, 0.5))
for a, b, e, alpha, beta in grid:
    result = minimize(objective, [a, b, e, alpha, beta], method="L-BFGS-B")
    if best is None or result.fun < best.fun:
        best = result
seconds = time.perf_counter() - start
a, b, e, alpha, beta = best.x
print(json.dumps({
    "seconds": seconds,
    "objective": float(best.fun),
    "params": {"E": float(np.exp(e)), "A": float(np.exp(a)), "B": float(np.exp(b)), "alpha": float(alpha), "beta": float(beta)},
    "rows": int(len(L)),
    "starts": 4500,
}))
