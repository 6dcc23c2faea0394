#!/usr/bin/env bash
# Benchmark: national activation of the fallback numbers of all 101 departments, on a throw-away local stack.
# Usage: bench/activation.sh [rounds]   (default 10). Prints figures; the latest are kept in bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./tocsin bench activation "${1:-10}" | tee bench/results/activation.txt
