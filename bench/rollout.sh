#!/usr/bin/env bash
# Rolling restart under load (#17): two instances of each service behind fronts that route to ready instances;
# public readers and a prefecture declaring go on while every service is restarted one instance at a time. Prints
# requests sent and failed per kind and each restart's duration; exits 1 if a request failed.
# Usage: bench/rollout.sh [readers] [shutdown delay s]   (defaults 4 and 3; a delay of 0 shows what it
# prevents). The latest run is kept in bench/results/rollout.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./tocsin bench rollout "${1:-4}" "${2:-3}" | tee bench/results/rollout.txt
