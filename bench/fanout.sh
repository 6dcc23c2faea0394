#!/usr/bin/env bash
# Benchmark: a national incident posted to 101 departments × 4 networks (Mastodon, Bluesky, X, Telegram) against a
# stub answering each network's real response shape after a fixed latency, on a throw-away local stack.
# Usage: bench/fanout.sh [stub latency ms] [delivery workers]   (defaults 100 and 8, the service's default: delivery loops, each claiming a batch). Prints figures; the latest
# are kept in bench/results/fanout.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./tocsin bench fanout "${1:-100}" "${2:-8}" | tee bench/results/fanout.txt
