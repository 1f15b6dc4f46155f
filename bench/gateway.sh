#!/usr/bin/env bash
# Gateway throughput and p99 latency, side by side, with wrk over TLS (HTTP/1.1 keep-alive):
#   (a) the upstream directly (plain HTTP, no proxy)
#   (b) nginx as an equivalent TLS reverse proxy (keep-alive pool to the upstream, no access log)
#   (c) palisade gateway, TLS proxy only
#   (d) palisade gateway with JWT (HS256) + rate limit (local GCRA, not limiting) + audit log
# Every run is bounded: DURATION seconds each, ROUNDS rounds, configurations alternated
# (a b c d b c d ...) so a noisy neighbour hurts all of them alike; the median is reported.
# Needs: wrk, nginx, openssl (apt). Usage: bench/gateway.sh [DURATION] [ROUNDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION="${1:-10}"; ROUNDS="${2:-3}"; CONNS="${3:-64}"; THREADS=2
NCPU=$(nproc)
UP=19100; NGINX=19443; PAL=19444; PALFULL=19445
. bench/gateway-common.sh
bench_start gateway "$UP" wrk nginx openssl flock curl
NGINX_PROCESS="worker_processes $NCPU;" NGINX_LISTEN="127.0.0.1:$NGINX" gateway_files "$WORK" "$UP" "$PAL" "$PALFULL"
nginx -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" -g 'daemon off;' & PIDS+=($!)

"$BIN/palisade" gateway --config "$WORK/tls-only.yaml" 2>"$WORK/pal1.log" & PIDS+=($!)
BENCH_JWT_SECRET="$SECRET" "$BIN/palisade" gateway --config "$WORK/full.yaml" 2>"$WORK/pal2.log" & PIDS+=($!)

for p in $UP $NGINX $PAL $PALFULL; do wait_port "$p"; done
check() { curl -sk -o /dev/null -w '%{http_code}' "$@"; }
[ "$(check "https://127.0.0.1:$PALFULL/")" = 401 ] || { echo "(d) should refuse without a token"; exit 1; }
[ "$(check -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$PALFULL/")" = 200 ] || { echo "(d) refused the bench token"; cat "$WORK/pal2.log"; exit 1; }
[ "$(check "https://127.0.0.1:$NGINX/")" = 200 ] || { echo "nginx proxy not working"; exit 1; }

# Runs wrk (under the shared bench lock, so no other benchmark runs at the same time);
# prints "req_per_s p99_ms".
LOCK="${BENCH_LOCK:-/work/bench.lock}"
[ -w "$(dirname "$LOCK")" ] || LOCK="$WORK/bench.lock"
run() {
  local out
  out=$(flock "$LOCK" wrk -t$THREADS -c"$CONNS" -d"${DURATION}s" --timeout 5s --latency "$@" 2>&1)
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}' <<<"$out")
  echo "${rps:-0} ${p99:-0}"
}
declare -A RPS P99
# (a) once, then (b, c, d) alternated ROUNDS times: a b c d b c d ... so a noisy
# neighbour hurts all of them alike. The median of the rounds is reported.
ORDER=(a)
for _ in $(seq "$ROUNDS"); do ORDER+=(b c d); done
for n in "${ORDER[@]}"; do
  case $n in
    a) res=$(run "http://127.0.0.1:$UP/") ;;
    b) res=$(run "https://127.0.0.1:$NGINX/") ;;
    c) res=$(run "https://127.0.0.1:$PAL/") ;;
    d) res=$(run -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$PALFULL/") ;;
  esac
  read -r rps p99 <<<"$res"
  echo "($n): $rps req/s, p99 ${p99} ms  (load average $(cut -d' ' -f1 /proc/loadavg))"
  RPS[$n]="${RPS[$n]:-} $rps"; P99[$n]="${P99[$n]:-} $p99"
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2}'; }
declare -A MR MP
for n in a b c d; do MR[$n]=$(median "${RPS[$n]}"); MP[$n]=$(median "${P99[$n]}"); done
echo
echo "median of $ROUNDS rounds (a: 1 run), ${DURATION}s each, wrk -t$THREADS -c$CONNS (HTTP/1.1 keep-alive over TLS 1.3);"
echo "client, proxy and upstream share the machine's $(nproc) cores unpinned; palisade: $(nproc) tokio workers, nginx: worker_processes $(nproc), access log off"
printf '%-44s %12s %10s\n' configuration req/s p99_ms
printf '%-44s %12s %10s\n' "(a) upstream directly, plain HTTP" "${MR[a]}" "${MP[a]}"
printf '%-44s %12s %10s\n' "(b) nginx TLS reverse proxy" "${MR[b]}" "${MP[b]}"
printf '%-44s %12s %10s\n' "(c) palisade TLS proxy" "${MR[c]}" "${MP[c]}"
printf '%-44s %12s %10s\n' "(d) palisade + JWT + rate limit + audit" "${MR[d]}" "${MP[d]}"
awk -v b="${MR[b]}" -v c="${MR[c]}" -v d="${MR[d]}" -v pb="${MP[b]}" -v pc="${MP[c]}" 'BEGIN{
  printf "(c)/(b) throughput %.2fx (target >= 1.0x); p99 (c) %s ms vs (b) %s ms\n", c/b, pc, pb;
  printf "(d)/(c) throughput %.2fx (target >= 0.8x)\n", d/c }'
echo "audit lines written by (d): $(wc -l < "$WORK/audit.jsonl" 2>/dev/null || echo 0)"
