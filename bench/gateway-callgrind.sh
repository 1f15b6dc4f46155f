#!/usr/bin/env bash
# Instructions per proxied request, counted by valgrind (callgrind), for
#   (b) nginx as a TLS reverse proxy (one worker, master process off),
#   (c) palisade gateway, TLS proxy only,
#   (d) palisade gateway with JWT (HS256) + rate limit + audit log.
# Unlike req/s, an instruction count does not move with the machine's load, so this is the
# figure to compare two builds with. Each proxy runs under callgrind; h2load sends 200
# warm-up requests, the counters are zeroed, then N requests (HTTP/1.1 keep-alive over TLS,
# 8 connections, so 8 TLS handshakes are included) are counted user-space, whole process.
# Needs: valgrind, h2load (nghttp2-client), nginx, openssl. Usage: bench/gateway-callgrind.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N="${1:-4000}"
UP=19200; NGINX=19643; PAL=19644; PALFULL=19645
. bench/gateway-common.sh
bench_start gateway-callgrind "$UP" valgrind callgrind_control callgrind_annotate h2load nginx openssl
NGINX_PROCESS="worker_processes 1; master_process off; daemon off;" NGINX_LISTEN="127.0.0.1:$NGINX" \
  gateway_files "$WORK" "$UP" "$PAL" "$PALFULL"

# measure NAME PORT -- COMMAND...: prints instructions per request of COMMAND's process.
measure() {
  local name="$1" port="$2"; shift 3
  local hdr=()
  [ "$name" = d ] && hdr=(-H "Authorization: Bearer $TOKEN")
  BENCH_JWT_SECRET="$SECRET" valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.$name.%p" "$@" 2>"$WORK/$name.log" &
  local pid=$!
  wait_port "$port"
  h2load --h1 -n 200 -c 8 "${hdr[@]}" "https://127.0.0.1:$port/" >/dev/null 2>&1
  callgrind_control -z "$pid" >/dev/null 2>&1
  local out
  out=$(h2load --h1 -n "$N" -c 8 "${hdr[@]}" "https://127.0.0.1:$port/" 2>&1)
  callgrind_control -d "$pid" >/dev/null 2>&1
  sleep 1
  kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  grep -q "status codes: $N 2xx" <<<"$out" || { echo "($name): not every request got a 2xx"; grep -E "status codes|requests:" <<<"$out"; exit 1; }
  local dump total
  dump=$(ls "$WORK"/cg."$name".*.1 | head -1)
  total=$(callgrind_annotate "$dump" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
  echo $(( total / N ))
}

cd "$WORK"
B=$(measure b "$NGINX" -- nginx -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf")
C=$(measure c "$PAL" -- "$BIN/palisade" gateway --config "$WORK/tls-only.yaml")
D=$(measure d "$PALFULL" -- "$BIN/palisade" gateway --config "$WORK/full.yaml")
echo "instructions per request (callgrind, user space, whole process; $N keep-alive requests on 8 TLS connections, handshakes included)"
printf '%-44s %12s\n' "(b) nginx TLS reverse proxy" "$B"
printf '%-44s %12s\n' "(c) palisade TLS proxy" "$C"
printf '%-44s %12s\n' "(d) palisade + JWT + rate limit + audit" "$D"
awk -v b="$B" -v c="$C" -v d="$D" 'BEGIN { printf "(c)/(b) %.2fx the instructions of nginx; (d)/(c) %.2fx\n", c/b, d/c }'
