#!/usr/bin/env bash
# Gateway throughput and p99 latency, side by side, with wrk over TLS (HTTP/1.1 keep-alive):
#   (a) the upstream directly (plain HTTP, no proxy)
#   (b) nginx as an equivalent TLS reverse proxy (keep-alive pool to the upstream, no access log)
#   (c) palisade gateway, TLS proxy only
#   (d) palisade gateway with JWT (HS256) + rate limit (local GCRA, not limiting) + audit log
# Every run is bounded: DURATION seconds each, ROUNDS rounds, configurations alternated
# (a b c d b c d ... b) so a noisy neighbour hurts all of them alike; the medians are
# reported, with the median of paired ratios (each (c) against the (b) runs around it) and
# the CPU time each proxy spent per request (user + system, from /proc).
# Needs: wrk, nginx, openssl (apt). Usage: bench/gateway.sh [DURATION] [ROUNDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"; ROUNDS="${2:-3}"; CONNS="${3:-64}"; THREADS=2
NCPU=$(nproc)
UP=19100; NGINX=19443; PAL=19444; PALFULL=19445
. bench/gateway-common.sh
bench_start gateway "$UP" wrk nginx openssl flock curl
NGINX_PROCESS="worker_processes $NCPU;" NGINX_LISTEN="127.0.0.1:$NGINX" gateway_files "$WORK" "$UP" "$PAL" "$PALFULL"
nginx -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" -g 'daemon off;' & PIDS+=($!); NGINX_PID=$!

"$BIN/palisade" gateway --config "$WORK/tls-only.yaml" 2>"$WORK/pal1.log" & PIDS+=($!); PAL_PID=$!
BENCH_JWT_SECRET="$SECRET" "$BIN/palisade" gateway --config "$WORK/full.yaml" 2>"$WORK/pal2.log" & PIDS+=($!); PALFULL_PID=$!

for p in $UP $NGINX $PAL $PALFULL; do wait_port "$p"; done
check() { curl -sk -o /dev/null -w '%{http_code}' "$@"; }
[ "$(check "https://127.0.0.1:$PALFULL/")" = 401 ] || { echo "(d) should refuse without a token"; exit 1; }
[ "$(check -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$PALFULL/")" = 200 ] || { echo "(d) refused the bench token"; cat "$WORK/pal2.log"; exit 1; }
[ "$(check "https://127.0.0.1:$NGINX/")" = 200 ] || { echo "nginx proxy not working"; exit 1; }

LOCK="${BENCH_LOCK:-/work/bench.lock}"
[ -w "$(dirname "$LOCK")" ] || LOCK="$WORK/bench.lock"
# cpu_ticks PID...: user + system clock ticks used so far by the processes and their
# children's threads (nginx: the master and its workers).
cpu_ticks() {
  local t=0 p
  for p in "$@" $(for q in "$@"; do pgrep -P "$q"; done); do
    [ -r "/proc/$p/stat" ] || continue
    t=$(( t + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$t"
}
# run PROXY_PID WRK_ARGS...: runs wrk (under the shared bench lock, so no other benchmark
# runs at the same time); prints "req_per_s p99_ms cpu_us_per_request" where the last is the
# CPU time (user + system) the proxy used per request (0 for no proxy).
run() {
  local pid="$1"; shift
  local out t0 t1
  t0=$(cpu_ticks $pid)
  out=$(flock "$LOCK" wrk -t$THREADS -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency "$@" 2>&1)
  t1=$(cpu_ticks $pid)
  local rps p99 n
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  n=$(awk '/requests in/ {print $1}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  local cpu=0
  [ -n "$pid" ] && [ "${n:-0}" -gt 0 ] && cpu=$(awk -v d=$((t1 - t0)) -v hz="$(getconf CLK_TCK)" -v n="$n" 'BEGIN {printf "%.1f", d / hz / n * 1e6}')
  echo "${rps:-0} ${p99:-0} $cpu"
}
declare -A RPS P99 CPU
# (a) once, then (b, c, d) alternated ROUNDS times, and (b) once more at the end:
# a b c d b c d ... b, so a noisy neighbour hurts all of them alike. The median of the rounds
# is reported, and the median of the paired ratios: each (c) against the mean of the (b)
# runs just before and just after it, which cancels a machine whose speed drifts.
ORDER=(a)
for _ in $(seq "$ROUNDS"); do ORDER+=(b c d); done
ORDER+=(b)
SEQ_B=(); SEQ_C=(); SEQ_D=(); P99_B=(); P99_C=()
for n in "${ORDER[@]}"; do
  case $n in
    a) res=$(run "" "http://127.0.0.1:$UP/") ;;
    b) res=$(run "$NGINX_PID" "https://127.0.0.1:$NGINX/") ;;
    c) res=$(run "$PAL_PID" "https://127.0.0.1:$PAL/") ;;
    d) res=$(run "$PALFULL_PID" -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$PALFULL/") ;;
  esac
  read -r rps p99 cpu <<<"$res"
  echo "($n): $rps req/s, p99 ${p99} ms, proxy CPU ${cpu} us/request  (load average $(cut -d' ' -f1 /proc/loadavg))"
  RPS[$n]="${RPS[$n]:-} $rps"; P99[$n]="${P99[$n]:-} $p99"; CPU[$n]="${CPU[$n]:-} $cpu"
  case $n in b) SEQ_B+=("$rps"); P99_B+=("$p99") ;; c) SEQ_C+=("$rps"); P99_C+=("$p99") ;; d) SEQ_D+=("$rps") ;; esac
done
# Paired ratios: (c)_i / mean((b)_i, (b)_i+1) and (d)_i / (c)_i; p99 the same way as (c)/(b).
PAIRS_CB=""; PAIRS_DC=""; PAIRS_P99=""
for i in $(seq 0 $((ROUNDS - 1))); do
  PAIRS_CB+=" $(awk -v c="${SEQ_C[$i]}" -v b0="${SEQ_B[$i]}" -v b1="${SEQ_B[$((i + 1))]}" 'BEGIN {printf "%.3f", c / ((b0 + b1) / 2)}')"
  PAIRS_P99+=" $(awk -v c="${P99_C[$i]}" -v b0="${P99_B[$i]}" -v b1="${P99_B[$((i + 1))]}" 'BEGIN {printf "%.3f", c / ((b0 + b1) / 2)}')"
  PAIRS_DC+=" $(awk -v d="${SEQ_D[$i]}" -v c="${SEQ_C[$i]}" 'BEGIN {printf "%.3f", d / c}')"
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }
declare -A MR MP MC
for n in a b c d; do MR[$n]=$(median "${RPS[$n]}"); MP[$n]=$(median "${P99[$n]}"); MC[$n]=$(median "${CPU[$n]}"); done
echo
echo "median of $ROUNDS rounds (a: 1 run), ${DURATION}s each, wrk -t$THREADS -c$CONNS (HTTP/1.1 keep-alive over TLS 1.3);"
echo "client, proxy and upstream share the machine's $(nproc) cores unpinned; palisade: $(nproc) tokio workers, nginx: worker_processes $(nproc), access log off"
printf '%-44s %12s %10s %14s\n' configuration req/s p99_ms proxy_cpu_us/req
printf '%-44s %12s %10s %14s\n' "(a) upstream directly, plain HTTP" "${MR[a]}" "${MP[a]}" -
printf '%-44s %12s %10s %14s\n' "(b) nginx TLS reverse proxy" "${MR[b]}" "${MP[b]}" "${MC[b]}"
printf '%-44s %12s %10s %14s\n' "(c) palisade TLS proxy" "${MR[c]}" "${MP[c]}" "${MC[c]}"
printf '%-44s %12s %10s %14s\n' "(d) palisade + JWT + rate limit + audit" "${MR[d]}" "${MP[d]}" "${MC[d]}"
awk -v b="${MR[b]}" -v c="${MR[c]}" -v d="${MR[d]}" -v pb="${MP[b]}" -v pc="${MP[c]}" -v cb="${MC[b]}" -v cc="${MC[c]}" 'BEGIN{
  printf "(c)/(b) throughput %.2fx on the medians (target >= 1.0x); p99 (c) %s ms vs (b) %s ms\n", c/b, pc, pb;
  printf "(c)/(b) CPU per request %.2fx (below 1: palisade spends less than nginx)\n", cc/cb;
  printf "(d)/(c) throughput %.2fx on the medians (target >= 0.8x)\n", d/c }'
echo "(c)/(b) paired by round:$PAIRS_CB; median $(median "$PAIRS_CB")x"
echo "(c)/(b) p99 paired by round:$PAIRS_P99; median $(median "$PAIRS_P99")x (below 1: palisade's p99 is lower)"
echo "(d)/(c) paired by round:$PAIRS_DC; median $(median "$PAIRS_DC")x"
echo "audit lines written by (d): $(wc -l < "$WORK/audit.jsonl" 2>/dev/null || echo 0)"
