#!/usr/bin/env bash
# Memory and start: each service's start (JVM launched → ready) and its memory after a stretch of the soak's load, for
# the JVM options production ran before #19 (the reference), those it runs now, and those with the JDK AOT cache,
# one stack after the other in the same run (see StartupBenchmark).
# Usage: bench/startup.sh [minutes of load per variant] [readers]   (defaults 5, 16) → bench/results/startup.txt
#        bench/startup.sh pairs [rounds]   (default 2): each service restarted alone with its AOT cache, then right
#        after without it, on one running stack → bench/results/startup-aot-pairs.txt
#        bench/startup.sh profile [service]   (default incident-service): where one start goes, with async-profiler
#        (wall clock and CPU) → bench/results/startup-profile.txt
# Each result file starts with the date and the machine's load.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
if [[ "${1:-}" == profile ]]; then
  out=bench/results/startup-profile.txt
  args=(profile "${2:-incident-service}")
elif [[ "${1:-}" == pairs ]]; then
  out=bench/results/startup-aot-pairs.txt
  args=(pairs "${2:-2}")
else
  out=bench/results/startup.txt
  args=("${1:-5}" "${2:-16}")
fi
{
  echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?'); before: $(uptime)"
  ./tocsin bench startup "${args[@]}"
  echo "after: $(uptime)"
} | tee "$out"
