#!/usr/bin/env bash
# Pins the production overlay to the images ./tocsin build made: reads each service's OCI tarball
# (services/<service>/target/<service>-image.tar), checks that its manifest hashes to the digest its index names,
# and writes k8s/overlays/production/images/kustomization.yaml (a Kustomize component: registry name + digest).
#   tools/pin-images.sh           write the pins
#   tools/pin-images.sh --check   only compare: exit 1 if the committed pins are not these tarballs'
# Push each tarball unchanged so that the registry serves the same digest, e.g.
#   skopeo copy oci-archive:services/incident-service/target/incident-service-image.tar \
#     docker://registry.tocsin.example/tocsin/incident-service:0.1.0
# Environment: TOCSIN_REGISTRY (default registry.tocsin.example/tocsin), TOCSIN_SERVICES_DIR, TOCSIN_IMAGES_FILE.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
registry=${TOCSIN_REGISTRY:-registry.tocsin.example/tocsin}
services_dir=${TOCSIN_SERVICES_DIR:-$root/services}
out=${TOCSIN_IMAGES_FILE:-$root/k8s/overlays/production/images/kustomization.yaml}
# Every service of the build: the modules of services/pom.xml, the one list of services (the images module builds
# the same ones).
mapfile -t services < <(sed -n 's|^ *<module>\([^<]*\)</module>.*|\1|p' "$root/services/pom.xml")

fail() { echo "✗ $*" >&2; exit 1; }
(( ${#services[@]} > 0 )) || fail "no <module> in $root/services/pom.xml"

pins=$(
  cat <<EOF
# Written by tools/pin-images.sh from the image tarballs of ./tocsin build: do not edit by hand.
# Every Tocsin image by digest, so that what runs is exactly what was built, tested and scanned (its SBOM).
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
images:
EOF
  for service in "${services[@]}"; do
    tarball=$services_dir/$service/target/$service-image.tar
    [[ -f $tarball ]] || fail "$tarball is missing: run ./tocsin build first"
    index=$(tar -xOf "$tarball" index.json) || fail "$tarball is not an OCI image archive (no index.json)"
    digest=$(grep -oE '"digest" *: *"sha256:[0-9a-f]{64}"' <<<"$index" | head -1 | grep -oE 'sha256:[0-9a-f]{64}') \
      || fail "$tarball: no manifest digest in index.json"
    actual=sha256:$(tar -xOf "$tarball" "blobs/sha256/${digest#sha256:}" | sha256sum | cut -d' ' -f1)
    [[ $actual == "$digest" ]] || fail "$tarball: its manifest hashes to $actual, not to the $digest its index names"
    printf '  - name: tocsin/%s\n    newName: %s/%s\n    digest: %s\n' "$service" "$registry" "$service" "$digest"
  done
)

if [[ ${1:-} == --check ]]; then
  [[ -f $out ]] && diff <(echo "$pins") "$out" >&2 || fail "$out does not pin these images: run tools/pin-images.sh"
  echo "✓ $out pins the images in $services_dir"
  exit 0
fi
mkdir -p "$(dirname "$out")"
echo "$pins" > "$out"
echo "Pinned in $out:"
grep -E '^ +(newName|digest):' "$out" | paste -d '\0' - - | sed 's/ *newName: /  /; s/ *digest: /@/'
