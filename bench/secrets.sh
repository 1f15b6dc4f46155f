#!/usr/bin/env bash
# Secret scanning throughput, side by side on one generated tree:
#   palisade secrets        (this repository, release build)
#   rg -c AKIA              (ripgrep: the read-the-bytes reference)
#   rg -c -i -F -f KEYWORDS (ripgrep searching palisade's keywords: the first pass alone;
#                            the list is written by bench/keywords.sh)
#   detect-secrets scan     (pip install detect-secrets; run on a smaller tree of the same
#                            kind, DS_SIZE_MB, because it is slow; the ratio is per MiB)
# and checks that every planted secret was reported.
#
#   SIZE_MB=1024 bench/secrets.sh          # the issue's ~1 GB tree (default)
#   SIZE_MB=200 DS_SIZE_MB=20 bench/secrets.sh
#
# Speed is measured here, never asserted in tests. Runs are warm-cache: the tree is read
# once before timing so every tool reads from the page cache.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZE_MB="${SIZE_MB:-1024}"
DS_SIZE_MB="${DS_SIZE_MB:-32}"
WORK="${WORK:-${TMPDIR:-/tmp}/palisade-bench-secrets}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/palisade/target}"

cargo build --release -q -p palisade-cli
PALISADE="$CARGO_TARGET_DIR/release/palisade"

tree_for() { # SIZE -> generates (once) and prints the tree directory
  local size="$1" dir="$WORK/tree-$1"
  if [ ! -f "$dir.planted.tsv" ]; then
    rm -rf "$dir" && mkdir -p "$dir"
    python3 bench/gen_secrets_tree.py "$dir" "$size" 42 "$dir.planted.tsv" >&2
  fi
  echo "$dir"
}

now() { date +%s.%N; }
mib() { du -sm --apparent-size "$1" | cut -f1; }

TREE="$(tree_for "$SIZE_MB")"
TREE_MB="$(mib "$TREE")"
cat $(find "$TREE" -type f) >/dev/null 2>&1 || find "$TREE" -type f -exec cat {} + >/dev/null

t0=$(now)
"$PALISADE" secrets "$TREE" --no-config --fail-on never --format json -o "$WORK/palisade.json" 2>"$WORK/palisade.stderr"
t1=$(now)
P_S=$(echo "$t1 - $t0" | bc -l)

python3 - "$TREE" "$TREE.planted.tsv" "$WORK/palisade.json" <<'PY'
import json, sys
tree, planted, report = sys.argv[1:]
found = {(f["location"]["path"][len(tree) + 1:], f["location"]["line"]) for f in json.load(open(report))["findings"]}
rows = [l.rstrip("\n").split("\t") for l in open(planted) if l.strip()]
missed = [r for r in rows if (r[0], int(r[1])) not in found]
print(f"planted secrets: {len(rows)}, found {len(rows) - len(missed)}, missed {len(missed)}")
for r in missed[:20]:
    print("  missed:", *r)
extra = len(found) - (len(rows) - len(missed))
print(f"other findings: {extra}")
PY
cat "$WORK/palisade.stderr"

printf '\nthreads: palisade and rg both use one per core by default (%s here); warm cache\n' "$(nproc)"
printf '%-22s %9s %9s %10s %s\n' tool MiB seconds "MiB/s" "palisade is"
printf '%-22s %9s %9.2f %10.1f\n' "palisade secrets" "$TREE_MB" "$P_S" "$(echo "$TREE_MB / $P_S" | bc -l)"

if command -v rg >/dev/null; then
  t0=$(now); rg -c AKIA "$TREE" >/dev/null || true; t1=$(now)
  R_S=$(echo "$t1 - $t0" | bc -l)
  printf '%-22s %9s %9.2f %10.1f %6.0f%% of its throughput\n' "rg -c AKIA" "$TREE_MB" "$R_S" \
    "$(echo "$TREE_MB / $R_S" | bc -l)" "$(echo "100 * $R_S / $P_S" | bc -l)"
  # ripgrep doing only the keyword search palisade starts with (its keywords, caseless);
  # bench/keywords.sh writes the list.
  KW="$WORK/keywords/keywords.txt"
  if [ -f "$KW" ]; then
    t0=$(now); rg -c -i -F -f "$KW" "$TREE" >/dev/null || true; t1=$(now)
    K_S=$(echo "$t1 - $t0" | bc -l)
    printf '%-22s %9s %9.2f %10.1f %6.0f%% of its throughput (%s keywords)\n' "rg -c -i -F -f keywords" \
      "$TREE_MB" "$K_S" "$(echo "$TREE_MB / $K_S" | bc -l)" "$(echo "100 * $K_S / $P_S" | bc -l)" \
      "$(wc -l <"$KW")"
  else
    echo "rg -c -i -F -f keywords: run bench/keywords.sh once to write $KW"
  fi
else
  echo "rg: not installed (apt-get install ripgrep)"
fi

if command -v detect-secrets >/dev/null; then
  DS_TREE="$(tree_for "$DS_SIZE_MB")"
  DS_MB="$(mib "$DS_TREE")"
  t0=$(now); (cd "$DS_TREE" && detect-secrets scan --all-files . >/dev/null); t1=$(now)
  D_S=$(echo "$t1 - $t0" | bc -l)
  D_RATE=$(echo "$DS_MB / $D_S" | bc -l)
  printf '%-22s %9s %9.2f %10.2f %6.0fx faster per MiB\n' "detect-secrets scan" "$DS_MB" "$D_S" \
    "$D_RATE" "$(echo "($TREE_MB / $P_S) / $D_RATE" | bc -l)"
else
  echo "detect-secrets: not installed (pip install detect-secrets)"
fi
