#!/usr/bin/env bash
# Palisade vs Checkov on the same generated tree of Kubernetes manifests.
#
#   bench/k8s-vs-checkov.sh
#
# Environment:
#   COUNT=2000        files to generate (bench/gen_manifests.py)
#   SEED=42           generator seed
#   RUNS=10           timed runs of palisade and of the "read the bytes" references
#   CHECKOV_RUNS=1    timed runs of checkov (one run takes a minute or more)
#   CHECKOV=path      checkov executable (default: on PATH, else /work/venvs/checkov/bin,
#                     else .venv-checkov/bin in the repository)
#   SKIP_BUILD=1      do not run cargo build (use an existing release binary)
#   NO_HYPERFINE=1    time with the shell loop even when hyperfine is installed
#
# Writes everything under bench/out/ (gitignored): the tree, both JSON reports, timings.
# Uses hyperfine when installed, else a loop timed with `date +%s.%N` (median of the runs).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
COUNT=${COUNT:-2000}
SEED=${SEED:-42}
RUNS=${RUNS:-10}
CHECKOV_RUNS=${CHECKOV_RUNS:-1}
OUT=$ROOT/bench/out
TREE=$OUT/manifests
mkdir -p "$OUT"

say() { printf '\n== %s\n' "$*" >&2; }

# ---- palisade ---------------------------------------------------------------------------
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
PALISADE=$TARGET_DIR/release/palisade
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  say "cargo build --release -p palisade-cli"
  cargo build --release -p palisade-cli >&2
fi
[ -x "$PALISADE" ] || { echo "no palisade binary at $PALISADE" >&2; exit 1; }

# ---- checkov ----------------------------------------------------------------------------
if [ -z "${CHECKOV:-}" ]; then
  for c in "$(command -v checkov 2>/dev/null || true)" /work/venvs/checkov/bin/checkov \
           "$ROOT/.venv-checkov/bin/checkov"; do
    if [ -n "$c" ] && [ -x "$c" ]; then CHECKOV=$c; break; fi
  done
fi
if [ -z "${CHECKOV:-}" ] || [ ! -x "$CHECKOV" ]; then
  cat >&2 <<'EOF'
checkov not found (set CHECKOV=/path/to/checkov, or put it on PATH). Install it with:
    python3 -m venv .venv-checkov && .venv-checkov/bin/pip install checkov
and run this script again (it looks in .venv-checkov/bin too).
EOF
  exit 1
fi
export CKV_SKIP_PACKAGE_UPDATE_CHECK=true BC_SKIP_MAPPING=TRUE

# ---- the tree ---------------------------------------------------------------------------
say "generate $COUNT files (seed $SEED) into $TREE"
python3 bench/gen_manifests.py --count "$COUNT" --seed "$SEED" --out "$TREE" >&2
FILES=$(find "$TREE" -type f \( -name '*.yaml' -o -name '*.yml' \) | wc -l)
BYTES=$(find "$TREE" -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 | xargs -0 cat | wc -c)

# ---- timing -----------------------------------------------------------------------------
# time_cmd NAME RUNS CMD... : prints the median wall time in seconds; the command's stdout
# goes to $OUT/NAME.out (the last run), stderr to $OUT/NAME.err.
time_cmd() {
  local name=$1 runs=$2
  shift 2
  local q
  q=$(printf '%q ' "$@")
  if [ "${NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null 2>&1; then
    local warm=1
    [ "$runs" -le 2 ] && warm=0
    hyperfine --style none --ignore-failure --warmup "$warm" --runs "$runs" \
      --export-json "$OUT/$name.hyperfine.json" \
      "$q>$(printf '%q' "$OUT/$name.out") 2>$(printf '%q' "$OUT/$name.err")" \
      >/dev/null 2>"$OUT/$name.hyperfine.log" || { cat "$OUT/$name.hyperfine.log" >&2; return 1; }
    python3 -c 'import json,sys; print("%.4f" % json.load(open(sys.argv[1]))["results"][0]["median"])' \
      "$OUT/$name.hyperfine.json"
  else
    local times=() i s e
    for ((i = 0; i < runs; i++)); do
      s=$(date +%s.%N)
      "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || true
      e=$(date +%s.%N)
      times+=("$(echo "$e - $s" | awk '{print $1 - $3}')")
    done
    printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.4f\n", m}'
  fi
}

say "palisade scan (median of $RUNS)"
T_PAL=$(time_cmd palisade "$RUNS" "$PALISADE" scan "$TREE" --format json --fail-on never)

say "physical limit: read every byte (median of $RUNS)"
T_CAT=$(time_cmd cat "$RUNS" sh -c "find '$TREE' -type f \\( -name '*.yaml' -o -name '*.yml' \\) -print0 | xargs -0 cat >/dev/null")
if command -v rg >/dev/null 2>&1; then
  T_GREP=$(time_cmd grep "$RUNS" rg -c apiVersion "$TREE")
  GREP_NAME="rg -c apiVersion"
else
  T_GREP=$(time_cmd grep "$RUNS" grep -rc apiVersion "$TREE")
  GREP_NAME="grep -rc apiVersion"
fi

say "checkov $("$CHECKOV" --version 2>/dev/null) (median of $CHECKOV_RUNS; this takes a while)"
T_CKV=$(time_cmd checkov "$CHECKOV_RUNS" "$CHECKOV" -d "$TREE" --framework kubernetes --quiet --compact -o json)

# ---- sanity: both really scanned the tree -----------------------------------------------
read -r PAL_FILES PAL_OBJECTS PAL_FINDINGS PAL_ERRORS < <(python3 - "$OUT/palisade.out" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))["summary"]
print(s["files"], s["objects"], s["findings"], s["errors"])
EOF
)
read -r CKV_RESOURCES CKV_FAILED CKV_PASSED CKV_PARSE_ERRORS CKV_FILES < <(python3 - "$OUT/checkov.out" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
reports = d if isinstance(d, list) else [d]
res = failed = passed = errors = 0
files = set()
for r in reports:
    s = r.get("summary", {})
    res += s.get("resource_count", 0); failed += s.get("failed", 0)
    passed += s.get("passed", 0); errors += s.get("parsing_errors", 0)
    for c in r.get("results", {}).get("failed_checks", []):
        files.add(c["file_path"])
print(res, failed, passed, errors, len(files))
EOF
)

RATIO=$(awk -v c="$T_CKV" -v p="$T_PAL" 'BEGIN {printf "%.0f", c / p}')
{
  echo
  echo "tree: $FILES files, $BYTES bytes ($TREE)"
  printf '%-36s %10.3f s   %s\n' "palisade scan --format json" "$T_PAL" \
    "files=$PAL_FILES objects=$PAL_OBJECTS findings=$PAL_FINDINGS errors=$PAL_ERRORS"
  printf '%-36s %10.3f s   %s\n' "checkov -d --framework kubernetes" "$T_CKV" \
    "resources=$CKV_RESOURCES failed=$CKV_FAILED passed=$CKV_PASSED parse_errors=$CKV_PARSE_ERRORS files_with_failures=$CKV_FILES"
  printf '%-36s %10s     (target: >= 100x)\n' "ratio checkov / palisade" "${RATIO}x"
  printf '%-36s %10.3f s\n' "physical limit: find | xargs cat" "$T_CAT"
  printf '%-36s %10.3f s\n' "$GREP_NAME" "$T_GREP"
} | tee "$OUT/summary.txt"

if [ "$PAL_FILES" -ne "$FILES" ] || [ "$PAL_OBJECTS" -eq 0 ] || [ "$CKV_RESOURCES" -eq 0 ]; then
  echo "sanity check failed: a scanner did not read the tree" >&2
  exit 1
fi
