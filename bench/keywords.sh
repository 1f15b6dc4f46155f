#!/usr/bin/env bash
# The secret scanner's keyword filter alone, per CPU level (baseline, AVX2, AVX-512, as far
# as this CPU goes): its pass rates on a generated tree and its throughput, with and without
# the verification of candidates. Figures only; nothing is asserted.
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
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/palisade/target}"
PALISADE_KEYWORD_BENCH_DIR="$DIR" PALISADE_KEYWORD_BENCH_MB="${BENCH_MB:-64}" \
  cargo test --release -q -p palisade-secrets --lib keywords::tests::throughput_on_a_tree \
  -- --ignored --nocapture 2>&1 | grep -v '^$\|^running\|^test result'
