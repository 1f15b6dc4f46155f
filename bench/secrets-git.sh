#!/usr/bin/env bash
# Times `palisade secrets --git` on a generated repository of COMMITS commits (default
# 10,000; built with `git fast-import`, so generation takes seconds), with secrets planted
# in some commits and deleted again later, and checks that each one is reported once.
#
#   bench/secrets-git.sh
#   COMMITS=2000 bench/secrets-git.sh
set -euo pipefail
cd "$(dirname "$0")/.."

COMMITS="${COMMITS:-10000}"
WORK="${WORK:-${TMPDIR:-/tmp}/palisade-bench-git}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/palisade/target}"
cargo build --release -q -p palisade-cli
PALISADE="$CARGO_TARGET_DIR/release/palisade"

REPO="$WORK/repo-$COMMITS"
if [ ! -d "$REPO/.git" ]; then
  rm -rf "$REPO" && mkdir -p "$REPO"
  git -C "$REPO" init -q -b main
  python3 - "$COMMITS" "$WORK/planted-$COMMITS.txt" <<'PY' | git -C "$REPO" fast-import --quiet
import random, string, sys, zlib
commits, planted_path = int(sys.argv[1]), sys.argv[2]
r = random.Random(1)
AN = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
def b62(n):
    out = ""
    while n:
        out = B62[n % 62] + out
        n //= 62
    return out.rjust(6, "0")
out = sys.stdout
planted = 0
for i in range(commits):
    path = f"svc{i % 50}/module{i % 400}.py"
    lines = [f"VALUE_{j} = compute({r.randint(0, 10**6)})" for j in range(r.randint(20, 80))]
    if i % 250 == 7:
        body = "".join(r.choice(AN) for _ in range(30))
        lines.insert(3, f'GITHUB_TOKEN = "ghp_{body}{b62(zlib.crc32(body.encode()))}"')
        planted += 1
    data = ("\n".join(lines) + "\n").encode()
    ts = 1700000000 + i * 60
    msg = f"change {i}\n".encode()
    out.write(f"commit refs/heads/main\nmark :{i + 1}\n")
    out.write(f"author Dev {i % 7} <dev{i % 7}@shop.test> {ts} +0000\n")
    out.write(f"committer Dev {i % 7} <dev{i % 7}@shop.test> {ts} +0000\n")
    out.write(f"data {len(msg)}\n")
    out.flush()
    sys.stdout.buffer.write(msg)
    out.write(f"M 100644 inline {path}\ndata {len(data)}\n")
    out.flush()
    sys.stdout.buffer.write(data)
    out.write("\n")
open(planted_path, "w").write(str(planted))
PY
  git -C "$REPO" gc -q
fi
planted=$(cat "$WORK/planted-$COMMITS.txt")
start=$(date +%s.%N)
"$PALISADE" secrets --git "$REPO" --no-config --fail-on never --format json -o "$WORK/git.json"
end=$(date +%s.%N)
found=$(python3 -c "import json,sys; print(sum(1 for f in json.load(open(sys.argv[1]))['findings'] if f['rule']=='SEC030'))" "$WORK/git.json")
printf 'palisade secrets --git: %s commits in %.2f s; planted %s, found %s\n' \
  "$COMMITS" "$(echo "$end - $start" | bc -l)" "$planted" "$found"
