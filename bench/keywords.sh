#!/usr/bin/env bash
# The secret scanner's keyword pass alone, per CPU level (baseline, AVX2, AVX-512, as far
# as this CPU goes): its pass rates on a generated tree and its throughput, with and without
# the verification of candidates; then the same keywords on the same files in the two other
# engines built for this job:
#   - Hyperscan (Intel's SIMD literal/regex engine; `apt-get install libhyperscan-dev`),
#     in memory, one thread, best of 5, as palisade's pass is timed (bench/hyperscan_keywords.c);
#   - ripgrep with the keyword list (`rg -c -i -F -f`), on the whole tree, against
#     `rg -c AKIA` (the one-literal search bench/secrets.sh compares palisade with).
# Figures only; nothing is asserted.
#
#   bench/keywords.sh                  # 64 MiB of the 1 GiB tree that bench/secrets.sh uses
#   BENCH_MB=256 DIR=/some/tree bench/keywords.sh
set -euo pipefail
cd "$(dirname "$0")/.."

WORK="${WORK:-${TMPDIR:-/tmp}/palisade-bench-secrets}"
DIR="${DIR:-$WORK/tree-1024}"
if [ ! -d "$DIR" ]; then
  mkdir -p "$DIR"
  python3 bench/gen_secrets_tree.py "$DIR" 1024 42 "$DIR.planted.tsv" >&2
fi
OUT="$WORK/keywords"
mkdir -p "$OUT"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/palisade/target}"

echo "== palisade's keyword pass (crates/palisade-secrets/src/keywords.rs)"
PALISADE_KEYWORD_BENCH_DIR="$DIR" PALISADE_KEYWORD_BENCH_MB="${BENCH_MB:-64}" \
  PALISADE_KEYWORD_BENCH_OUT="$OUT" \
  cargo test --release -q -p palisade-secrets --lib keywords::tests::throughput_on_a_tree \
  -- --ignored --nocapture 2>&1 | grep -v '^$\|^running\|^test result'

echo
echo "== Hyperscan, the same keywords (caseless) and files"
if [ -f /usr/include/hs/hs.h ] && command -v cc >/dev/null; then
  cc -O2 -o "$OUT/hyperscan_keywords" bench/hyperscan_keywords.c -lhs
  "$OUT/hyperscan_keywords" "$OUT/keywords.txt" "$OUT/files.txt"
else
  echo "not installed: apt-get install libhyperscan-dev (and a C compiler)"
fi

echo
echo "== ripgrep on the whole tree: the keywords, and one literal (warm cache, 3 runs each)"
if command -v rg >/dev/null; then
  find "$DIR" -type f -exec cat {} + >/dev/null
  now() { date +%s.%N; }
  for what in keywords AKIA; do
    for _ in 1 2 3; do
      t0=$(now)
      if [ "$what" = keywords ]; then
        rg -c -i -F -f "$OUT/keywords.txt" "$DIR" >/dev/null || true
      else
        rg -c AKIA "$DIR" >/dev/null || true
      fi
      t1=$(now)
      echo "$(echo "$t1 - $t0" | bc -l)"
    done | sort -n | head -1 | {
      read -r best
      if [ "$what" = keywords ]; then
        printf 'rg -c -i -F -f keywords.txt: best %.2f s\n' "$best"
      else
        printf 'rg -c AKIA:                  best %.2f s\n' "$best"
      fi
    }
  done
else
  echo "not installed: apt-get install ripgrep"
fi
