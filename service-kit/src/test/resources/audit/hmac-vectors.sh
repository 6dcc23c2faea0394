#!/usr/bin/env bash
# Audit chain test vectors computed outside Java (issue #15): the record's bytes written with printf, the HMAC by
# openssl. Layout: the previous hash (32 bytes), then each field as a 4-byte big-endian length and its UTF-8 bytes
# (length -1, ff ff ff ff, for null): at, actor, role, action, target, before, after (JSON with sorted keys, no
# spaces), and the territories joined by commas when recorded. Prints one hex HMAC-SHA256 per vector.
set -euo pipefail
key_hex=$(printf '%s' 'dGVzdC1vbmx5LWF1ZGl0LWtleS1ub3QtYS1zZWNyZXQtMDAwMDAwMA==' | base64 -d | od -An -v -tx1 | tr -d ' \n')
field() { printf '%08x' "$(printf '%s' "$1" | wc -c)" | xxd -r -p; printf '%s' "$1"; }
null() { printf '\xff\xff\xff\xff'; }
genesis() { head -c 32 /dev/zero; }
hmac() { openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -hex | awk '{print $NF}'; }

# 1. A record of incident-service's original layout (no territories).
{ genesis; field '2021-06-02T18:00:01Z'; field 'prefet-59'; field 'prefecture'; field 'DECLARE'
  field '6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f'; null; field '{"version":1}'; } | hmac
# 2. A record with territories, chained after the first (its previous hash is vector 1).
prev=$({ genesis; field '2021-06-02T18:00:01Z'; field 'prefet-59'; field 'prefecture'; field 'DECLARE'
  field '6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f'; null; field '{"version":1}'; } | hmac)
{ printf '%s' "$prev" | xxd -r -p; field '2021-06-02T18:05:00Z'; field 'prefet-59'; field 'prefecture'; field 'UPDATE'
  field '6f1c1d2e-3b4a-4c5d-8e9f-0a1b2c3d4e5f'; field '{"version":1}'; field '{"title":{"fr":"Panne"},"version":2}'
  field 'department:59,commune:59350'; } | hmac
