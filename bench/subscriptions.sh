#!/usr/bin/env bash
# Benchmark (issue #20): 100,000 confirmed subscribers in one department (SMS and e-mail half and half), one declaration
# → time until the last message is accepted by the local SMSC (10 ms per submit) and SMTP server, messages per second,
# broadcast-service's heap, duplicates, on a throw-away local stack.
# Usage: bench/subscriptions.sh [subscribers] [SMSC latency ms] [sender loops] [SMPP sessions]
#   (defaults 100000, 10, 4 and 1).
# Prints figures; the latest are kept in bench/results/subscriptions.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./tocsin bench subscriptions "${1:-100000}" "${2:-10}" "${3:-4}" "${4:-1}" | tee bench/results/subscriptions.txt
