#!/usr/bin/env bash
# Soak: mixed load (writes, page/JSON/feed readers, SSE streams) on a throw-away local stack, printing requests,
# errors and each service's heap and RSS every interval, so a leak shows as a climb.
# Usage: bench/soak.sh [minutes] [readers] [interval seconds]   (defaults 10, 16, 30). The latest run is kept in
# bench/results/soak.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./tocsin bench soak "${1:-10}" "${2:-16}" "${3:-30}" | tee bench/results/soak.txt
