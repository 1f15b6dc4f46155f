#!/usr/bin/env python3
"""Generates a tree of mixed source and config files with planted secrets, for
bench/secrets.sh. Usage: gen_secrets_tree.py DIR SIZE_MB SEED PLANTED_TSV

Writes PLANTED_TSV (path relative to DIR, line, kind) listing every planted secret. The planted
values are fake but well-formed (GitHub tokens carry a valid CRC32 checksum), so each
one must be reported."""
import base64
import os
import random
import string
import sys
import zlib

AN = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def rnd(r, chars, n):
    return "".join(r.choice(chars) for _ in range(n))


def b62(n, w=6):
    out = ""
    while n:
        out = B62[n % 62] + out
        n //= 62
    return out.rjust(w, "0")


def plant(r):
    """One planted secret line, its kind."""
    k = r.randrange(6)
    if k == 0:
        body = rnd(r, AN, 30)
        return f'GITHUB_TOKEN = "ghp_{body}{b62(zlib.crc32(body.encode()))}"', "github"
    if k == 1:
        return f'stripe.api_key = "sk_live_{rnd(r, AN, 32)}"', "stripe"
    if k == 2:
        return f"DATABASE_URL=postgres://app:{rnd(r, AN, 12)}Q7@db.internal:5432/shop", "postgres"
    if k == 3:
        return (
            "SLACK_WEBHOOK=https://hooks.slack.com/services/T"
            + rnd(r, string.ascii_uppercase + string.digits, 10)
            + "/B" + rnd(r, string.ascii_uppercase + string.digits, 10) + "/" + rnd(r, AN, 24),
            "slack",
        )
    if k == 4:
        return f'aws_access_key_id = "AKIA{rnd(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}"', "aws-id"
    return f'sendgrid_key: "SG.{rnd(r, AN, 22)}.{rnd(r, AN, 43)}"', "sendgrid"


WORDS = ("request response handler config user order payment invoice customer cache "
         "session retry timeout logger metrics item price stock queue event").split()
# Names that contain secret words without holding secrets: one line in twenty uses one,
# so the generic detectors' keywords hit often and must not report.
TRAPS = "token_count password_policy secret_name api_key_id auth_token_ttl".split()


def filler(r, ext):
    trap = r.random() < 0.05
    w = lambda: r.choice(TRAPS) if trap and r.random() < 0.5 else r.choice(WORDS)
    if ext == "py":
        return f"    {w()} = compute_{w()}({w()}, {r.randint(0, 999)})  # {w()} {w()}"
    if ext == "js":
        return f"  const {w()}{r.randint(0, 99)} = await api.{w()}({{ {w()}: {w()} }});"
    if ext == "go":
        return f"\t{w()}, err := svc.{w().title()}(ctx, {w()})"
    if ext in ("yaml", "yml"):
        return f"  {w()}_{r.randint(0, 99)}: {w()}-{r.randint(0, 9999)}"
    if ext == "json":
        return f'  "{w()}{r.randint(0, 999)}": "{w()} {w()}",'
    if ext == "md":
        return f"The {w()} {w()} is passed to the {w()} before the {w()} is stored."
    return f"{w()}={w()}-{r.randint(0, 9999)}"


def main():
    root, size_mb, seed, planted_tsv = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    r = random.Random(seed)
    target = size_mb * 1024 * 1024
    written = 0
    planted = []
    exts = ["py", "js", "go", "yaml", "json", "md", "properties"]
    n = 0
    while written < target:
        ext = r.choice(exts)
        d = os.path.join(root, f"svc{n % 97}", f"pkg{n % 13}")
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, f"file{n}.{ext}")
        lines = []
        nlines = r.randint(200, 4000)
        for i in range(nlines):
            if r.random() < 0.0004:
                text, kind = plant(r)
                lines.append(text)
                planted.append((os.path.relpath(path, root), i + 1, kind))
            else:
                lines.append(filler(r, ext))
        data = "\n".join(lines) + "\n"
        with open(path, "w") as f:
            f.write(data)
        written += len(data)
        n += 1
    # A few files every tree has: an image, a lockfile-like JSON, a minified bundle.
    with open(os.path.join(root, "logo.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + bytes(r.getrandbits(8) for _ in range(4096)))
    with open(os.path.join(root, "bundle.min.js"), "w") as f:
        f.write("var a=1;" * 20000)
    with open(planted_tsv, "w") as f:
        for p, line, kind in planted:
            f.write(f"{p}\t{line}\t{kind}\n")
    print(f"{n} files, {written / 1048576:.0f} MiB, {len(planted)} planted secrets")


if __name__ == "__main__":
    main()
