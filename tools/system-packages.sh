#!/usr/bin/env bash
# Installs the Debian packages some tests and benchmarks drive as real programs:
#   chromium  the browser test of the public pages (Playwright drives the system Chromium, no download)
#   nginx     the static-file reference the public benchmark compares against
#   wrk       the HTTP load generator of that benchmark
#   prometheus  for its promtool: the k8s module checks and unit-tests the alert rules (AlertRulesTest)
# Idempotent and quiet when everything is present. Needs root (or sudo) only when something is missing.
set -euo pipefail

declare -A binary_of=([chromium]=chromium [nginx]=nginx [wrk]=wrk [prometheus]=promtool)
missing=()
for package in "$@"; do
  binary=${binary_of[$package]:-$package}
  command -v "$binary" >/dev/null 2>&1 || [[ -x /usr/sbin/$binary ]] || missing+=("$package")
done
(( ${#missing[@]} == 0 )) && exit 0

echo "Installing Debian packages: ${missing[*]} …" >&2
as_root=()
if (( EUID != 0 )); then
  command -v sudo >/dev/null || { echo "✗ ${missing[*]} missing and not root: install them with apt-get" >&2; exit 1; }
  as_root=(sudo -n)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq >&2
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
