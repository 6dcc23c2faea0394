#!/usr/bin/env bash
# Memory and start: each service's start (JVM launched → ready) and its memory after a stretch of the soak's load, for
# the JVM options production ran before #19 (the reference), those it runs now, and those with the JDK AOT cache,
# one stack after the other in the same run (see StartupBenchmark).
# Usage: bench/startup.sh [minutes of load per variant] [readers]   (defaults 5, 16). The latest run is kept in
# bench/results/startup.txt, with the date and the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
{
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?'); before: $(uptime)"
  ./tocsin bench startup "${1:-5}" "${2:-16}"
  echo "after: $(uptime)"
} | tee bench/results/startup.txt
