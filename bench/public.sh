#!/usr/bin/env bash
# Benchmark: the public side on a throw-away local stack — declaration-to-visible latency (p50/p99) and wrk
# throughput of the department page and the notices JSON against nginx serving the same bytes, same run.
# Usage: bench/public.sh [declarations] [seconds per wrk run]   (defaults 200 and 15). Installs nginx and wrk
# (Debian packages) when missing. Prints figures; the latest are kept in bench/results/public.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./tocsin bench public "${1:-200}" "${2:-15}" | tee bench/results/public.txt
