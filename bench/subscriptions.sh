#!/usr/bin/env bash
# Benchmark (issue #20): 100,000 confirmed subscribers in one department (SMS and e-mail half and half), one declaration
# → time until the last message is accepted by the local SMSC (10 ms per submit) and SMTP server, messages per second,
# broadcast-service's heap, duplicates, on a throw-away local stack.
# Usage: bench/subscriptions.sh [subscribers] [SMSC latency ms] [sender loops] [SMPP sessions] [half|distinct]
#   (defaults 100000, 10, 4, 1 and half). "half": SMS and e-mail subscribers half and half, the SMS ones sharing
#   ARCEP's 10,000 fiction mobiles (60,000 messages for 100,000); "distinct": one message per subscriber (10,000 SMS,
#   the rest e-mail).
# Prints figures; the latest are kept in bench/results/subscriptions.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
./tocsin bench subscriptions "${1:-100000}" "${2:-10}" "${3:-4}" "${4:-1}" "${5:-half}" | tee bench/results/subscriptions.txt
