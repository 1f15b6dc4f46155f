#!/usr/bin/env python3
"""How selective SIMD keyword prefilters would be on a generated tree (numpy simulation).

    python3 bench/keyword_simd_passrates.py [TREE] [SAMPLE_MB]

Takes the built-in detectors' keywords from the crate's sources and a sample of the tree's
files, and prints, for each design, the share of positions where some keyword may end
("pos"), of 8-byte blocks holding such a position (what a block-skipping first stage
would let through to the scalar filter) and of 64-byte blocks (one AVX-512 vector):

- fdr-pairs: this crate's scalar filter (2-byte folded super-characters, 4 positions).
- teddy-nibbles: Teddy (vpshufb on the low and high nibble, AND over 4 positions), in
  groups of 8 buckets; every group costs 2 shuffles per position per vector.
- byte-classes: exact 7-bit byte sets per position and bucket (the best any per-byte
  lookup can do, vpermb/vpermi2b included).
- pair-bits: a 6-bit class of the current byte (vpermi2w over 64 x 16-bit entries)
  selecting a bit by the previous byte's low nibble (vpsrlvw): 2-byte sets per bucket.
Keywords are put in buckets by their reversed folded text (shared endings together), short
ones (< 4 bytes) apart from longer ones.
"""
import glob, os, random, re, sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
tree = sys.argv[1] if len(sys.argv) > 1 else "/tmp/palisade-bench-secrets/tree-1024"
sample_mb = float(sys.argv[2]) if len(sys.argv) > 2 else 8


def builtin_keywords():
    seen = {}
    for path in sorted(glob.glob(f"{ROOT}/crates/palisade-secrets/src/**/*.rs", recursive=True)):
        for m in re.finditer(r"keywords:\s*&\[(.*?)\]", open(path).read(), re.S):
            for k in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)):
                k = k.replace('\\"', '"').replace("\\\\", "\\")
                seen.setdefault(k.lower(), k.encode())
    return list(seen.values())


def sample(tree, size):
    files = [os.path.join(d, f) for d, _, fs in os.walk(tree) for f in fs]
    random.Random(1).shuffle(files)
    out, n = [], 0
    for f in files:
        if n >= size:
            break
        b = open(f, "rb").read()
        out.append(b)
        n += len(b)
    return np.frombuffer(b"".join(out), dtype=np.uint8)


KWS = builtin_keywords()
T = sample(tree, int(sample_mb * (1 << 20)))
N = len(T)
FOLD = (T | 0x20) & 0x7F
LO, HI = T & 15, T >> 4


def shifted(a, k):
    if k == 0:
        return a
    r = np.zeros_like(a)
    r[k:] = a[:-k]
    return r


def cases(b):
    return {b | 0x20, b & ~0x20} if chr(b).isalpha() and b < 128 else {b}


def fold(b):
    return (b | 0x20) & 0x7F


def depth(ks, d=4):
    return min(d, min(len(k) for k in ks))


def teddy_nibbles(ks):
    acc = np.ones(N, bool)
    for k in range(depth(ks)):
        lo, hi = np.zeros(16, bool), np.zeros(16, bool)
        for kw in ks:
            for v in cases(kw[len(kw) - 1 - k]):
                lo[v & 15] = hi[v >> 4] = True
        acc &= shifted(lo[LO] & hi[HI], k)
    return acc


def byte_classes(ks):
    acc = np.ones(N, bool)
    for k in range(depth(ks)):
        ok = np.zeros(128, bool)
        for kw in ks:
            ok[fold(kw[len(kw) - 1 - k])] = True
        acc &= shifted(ok[FOLD], k)
    return acc


PAIRS = FOLD.astype(np.int32) | shifted(FOLD, 1).astype(np.int32) << 7


def fdr_pairs(ks):
    acc = np.ones(N, bool)
    for k in range(depth(ks)):
        ok = np.zeros(1 << 14, bool)
        for kw in ks:
            i = len(kw) - 1 - k
            if i == 0:
                ok[fold(kw[0]) + (np.arange(128) << 7)] = True
            else:
                ok[fold(kw[i]) | fold(kw[i - 1]) << 7] = True
        acc &= shifted(ok[PAIRS], k)
    return acc


CUR6, PREV4 = (T & 63).astype(np.int32), shifted(T & 15, 1).astype(np.int32)


def pair_bits(ks):
    acc = np.ones(N, bool)
    for k in range(depth(ks)):
        ok = np.zeros((64, 16), bool)
        for kw in ks:
            i = len(kw) - 1 - k
            for v in cases(kw[i]):
                if i == 0:
                    ok[v & 63, :] = True
                else:
                    for p in cases(kw[i - 1]):
                        ok[v & 63, p & 15] = True
        acc &= shifted(ok[CUR6, PREV4], k)
    return acc


def buckets(n):
    short = sorted((k for k in KWS if len(k) < 4), key=lambda k: k.lower()[::-1])
    long_ = sorted((k for k in KWS if len(k) >= 4), key=lambda k: k.lower()[::-1])
    ns = max(1, round(n * len(short) / len(KWS)))
    split = lambda ks, m: [ks[i * len(ks) // m:(i + 1) * len(ks) // m] for i in range(m)]
    return [b for b in split(short, ns) + split(long_, n - ns) if b]


def report(name, test, n):
    any_ = np.zeros(N, bool)
    for b in buckets(n):
        any_ |= test(b)
    blocks = lambda w: any_[: N // w * w].reshape(-1, w).any(1).mean() * 100
    print(f"{name:<14} {n:>3} buckets: pos {any_.mean() * 100:6.2f}%   8-byte blocks {blocks(8):5.1f}%"
          f"   64-byte blocks {blocks(64):5.1f}%", flush=True)


print(f"{len(KWS)} keywords, {N / (1 << 20):.1f} MiB of {tree}")
report("fdr-pairs", fdr_pairs, 8)
for n in (8, 16, 32, 64):
    report("teddy-nibbles", teddy_nibbles, n)
for n in (16, 32, 64):
    report("byte-classes", byte_classes, n)
for n in (8, 16):
    report("pair-bits", pair_bits, n)
