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
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/palisade/target}"
for tool in wrk nginx openssl flock curl; do
  command -v "$tool" >/dev/null || { echo "bench/gateway.sh needs $tool (apt-get install $tool)"; exit 2; }
done
cargo build --release -q -p palisade-cli -p palisade-gateway --bin palisade --example bench_upstream
BIN="$CARGO_TARGET_DIR/release"
WORK="$(mktemp -d /tmp/palisade-gw-bench.XXXXXX)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

UP=19100; NGINX=19443; PAL=19444; PALFULL=19445
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
  -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$WORK/server.key" -out "$WORK/server.crt" 2>/dev/null

"$BIN/examples/bench_upstream" "127.0.0.1:$UP" & PIDS+=($!)

cat > "$WORK/nginx.conf" <<NGX
worker_processes $NCPU;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  # Like palisade: no cap on requests per keep-alive connection (nginx closes after 1000).
  keepalive_requests 1000000;
  client_body_temp_path $WORK/nginx-body; proxy_temp_path $WORK/nginx-proxy;
  fastcgi_temp_path $WORK/nginx-fcgi; uwsgi_temp_path $WORK/nginx-uwsgi; scgi_temp_path $WORK/nginx-scgi;
  upstream up { server 127.0.0.1:$UP; keepalive 256; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$NGINX ssl http2;
    ssl_certificate $WORK/server.crt;
    ssl_certificate_key $WORK/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGX
nginx -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" -g 'daemon off;' & PIDS+=($!)

SECRET="bench-secret-0123456789abcdef0123456789abcdef"
cat > "$WORK/tls-only.yaml" <<YML
listen: 127.0.0.1:$PAL
tls: {cert: server.crt, key: server.key}
routes:
  - name: bench
    match: {path_prefix: /}
    upstream: {endpoints: ["127.0.0.1:$UP"]}
YML
cat > "$WORK/full.yaml" <<YML
listen: 127.0.0.1:$PALFULL
tls: {cert: server.crt, key: server.key}
audit_log: audit.jsonl
routes:
  - name: bench
    match: {path_prefix: /}
    upstream: {endpoints: ["127.0.0.1:$UP"]}
    auth:
      jwt: {hs256_secret_env: BENCH_JWT_SECRET, issuer: https://issuer.example, audience: bench}
    rate_limit: {key: jwt_sub, per_second: 10000000, burst: 10000000}
YML
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
HEADER=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
PAYLOAD=$(printf '{"sub":"bench","iss":"https://issuer.example","aud":"bench","exp":%d}' $(( $(date +%s) + 3600 )) | b64url)
SIG=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -hmac "$SECRET" -binary | b64url)
TOKEN="$HEADER.$PAYLOAD.$SIG"
"$BIN/palisade" gateway --config "$WORK/tls-only.yaml" 2>"$WORK/pal1.log" & PIDS+=($!)
BENCH_JWT_SECRET="$SECRET" "$BIN/palisade" gateway --config "$WORK/full.yaml" 2>"$WORK/pal2.log" & PIDS+=($!)

wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened"; exit 1; }
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
