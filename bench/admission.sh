#!/usr/bin/env bash
# Drives the admission webhook over HTTPS on 127.0.0.1 with pod AdmissionReviews (all
# built-in rules plus the 10 Rego policies of bench/policies) at a fixed rate (open loop),
# and prints throughput and p50/p99 latency. Target: p99 <= 2 ms at 1,000 reviews/s.
# Usage: bench/admission.sh [RATE] [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rate="${1:-1000}"
seconds="${2:-10}"
cargo build --release -q -p palisade-admission --bin admission-bench
bin="${CARGO_TARGET_DIR:-target}/release/admission-bench"
echo "== built-in rules only"
"$bin" --rate "$rate" --seconds "$seconds" 2>/dev/null
echo "== built-in rules + 10 Rego policies (bench/policies)"
"$bin" --rate "$rate" --seconds "$seconds" --policies "$PWD/bench/policies" 2>/dev/null
