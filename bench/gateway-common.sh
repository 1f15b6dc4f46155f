# Sourced by bench/gateway.sh and bench/gateway-callgrind.sh: the pieces both benchmarks
# share, so they measure the same thing.
#
# bench_start NAME UP TOOLS...: checks TOOLS are installed, builds the release palisade and
# the bench upstream, sets BIN, WORK (a fresh temporary directory) and PIDS, arranges for
# every process in PIDS to be killed and WORK removed on exit, and starts the upstream on
# 127.0.0.1:UP.
bench_start() {
  local name="$1" up="$2"; shift 2
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "bench/$name.sh needs $tool (its header lists the apt packages)"; exit 2; }
  done
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/palisade/target}"
  cargo build --release -q -p palisade-cli -p palisade-gateway --bin palisade --example bench_upstream
  BIN="$CARGO_TARGET_DIR/release"
  WORK="$(mktemp -d "/tmp/palisade-$name.XXXXXX")"
  PIDS=()
  trap bench_cleanup EXIT
  "$BIN/examples/bench_upstream" "127.0.0.1:$up" & PIDS+=($!)
}

bench_cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }

#
# gateway_files WORK UP PAL PALFULL: writes into WORK a P-256 certificate (server.crt,
# server.key), nginx.conf (TLS reverse proxy to 127.0.0.1:UP, keep-alive pool, no access log;
# its listen line is NGINX_LISTEN and its process settings NGINX_PROCESS), tls-only.yaml
# (palisade (c) on PAL) and full.yaml (palisade (d) on PALFULL: HS256 JWT, a rate limit that
# never refuses, the audit log); sets SECRET and TOKEN (a bench JWT valid for an hour).
gateway_files() {
  local work="$1" up="$2" pal="$3" palfull="$4"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 -subj /CN=localhost \
    -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout "$work/server.key" -out "$work/server.crt" 2>/dev/null
  cat > "$work/nginx.conf" <<NGX
$NGINX_PROCESS
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  # Like palisade: no cap on requests per keep-alive connection (nginx closes after 1000).
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx-body; proxy_temp_path $work/nginx-proxy;
  fastcgi_temp_path $work/nginx-fcgi; uwsgi_temp_path $work/nginx-uwsgi; scgi_temp_path $work/nginx-scgi;
  upstream up { server 127.0.0.1:$up; keepalive 256; keepalive_requests 1000000; }
  server {
    listen $NGINX_LISTEN ssl http2;
    ssl_certificate $work/server.crt;
    ssl_certificate_key $work/server.key;
    ssl_protocols TLSv1.2 TLSv1.3;
    location / { proxy_pass http://up; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
NGX
  SECRET="bench-secret-0123456789abcdef0123456789abcdef"
  cat > "$work/tls-only.yaml" <<YML
listen: 127.0.0.1:$pal
tls: {cert: server.crt, key: server.key}
routes:
  - name: bench
    match: {path_prefix: /}
    upstream: {endpoints: ["127.0.0.1:$up"]}
YML
  cat > "$work/full.yaml" <<YML
listen: 127.0.0.1:$palfull
tls: {cert: server.crt, key: server.key}
audit_log: audit.jsonl
routes:
  - name: bench
    match: {path_prefix: /}
    upstream: {endpoints: ["127.0.0.1:$up"]}
    auth:
      jwt: {hs256_secret_env: BENCH_JWT_SECRET, issuer: https://issuer.example, audience: bench}
    rate_limit: {key: jwt_sub, per_second: 10000000, burst: 10000000}
YML
  local header payload sig
  header=$(printf '{"alg":"HS256","typ":"JWT"}' | b64url)
  payload=$(printf '{"sub":"bench","iss":"https://issuer.example","aud":"bench","exp":%d}' $(( $(date +%s) + 3600 )) | b64url)
  sig=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -hmac "$SECRET" -binary | b64url)
  TOKEN="$header.$payload.$sig"
}

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

wait_port() { for _ in $(seq 300); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened"; exit 1; }
