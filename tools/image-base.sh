#!/usr/bin/env bash
# Assembles what the service images are built on, without a container engine or a container registry:
#   OUT/rootfs/        a minimal root filesystem: the Debian packages a JVM needs (apt-get download + dpkg -x),
#                      plus /etc/passwd and /etc/group naming the services' user (uid/gid 185, as the Deployments'
#                      runAsUser) and its /tmp
#   OUT/jre/           a Java runtime cut by jlink from the build's JDK to the modules the services use
#   OUT/packages.tsv   name, version, architecture and vendor of every Debian package in rootfs (for the SBOM)
#   OUT/arch           the Debian architecture (the image's platform)
# Usage: tools/image-base.sh OUT [JAVA_HOME [BASE_IMAGE]]   (images/pom.xml runs it in the `images` profile;
# with a BASE_IMAGE, the images are built on that instead and there is nothing to assemble)
# Rebuilt only when this script, the package versions or the JDK change (OUT/key).
set -euo pipefail

out=${1:?usage: image-base.sh OUT [JAVA_HOME]}
jdk=${2:-${JAVA_HOME:?JAVA_HOME is not set}}
if [[ -n "${3:-}" ]]; then
  echo "Images built on $3: no base to assemble"
  exit 0
fi

# What glibc and HotSpot need at run time (the JDK bundles zlib, its own time zones and CA certificates);
# base-files gives /etc/os-release, by which scanners name the distribution.
packages=(base-files libc6 libgcc-s1)
# The JDK modules the services use (jdeps over their fast-jar, plus what is only reached by reflection or
# service loading: locales for the French pages, DNS and EC/PKCS11 providers, JMX for Micrometer's metrics).
# Recompute after adding a library: for each jar under services/*/target/quarkus-app,
# `jdeps -s --multi-release 25 --ignore-missing-deps JAR` (jdk.compiler, for annotation processing only, left out).
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.net.http,java.rmi,\
java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,\
jdk.crypto.cryptoki,jdk.localedata,jdk.management,jdk.naming.dns,jdk.unsupported,jdk.zipfs

command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null || {
  echo "✗ The images are assembled from Debian packages (apt-get, dpkg-deb): build them on Debian or Ubuntu," \
       "or set -Dtocsin.image.base to a base image with a Java runtime (docs/DEPLOYMENT.md)." >&2
  exit 1
}

arch=$(dpkg --print-architecture)
vendor=$(. /etc/os-release && echo "${ID:-debian}")
versions() { apt-cache policy "${packages[@]}" | awk '/^[^ ]/ {p=$1} /Candidate:/ {print p $2}'; }
if [[ -z "$(versions | grep -v '(none)' || true)" ]]; then
  # A fresh machine may have no package lists yet.
  as_root=(); (( EUID == 0 )) || as_root=(sudo -n)
  "${as_root[@]}" apt-get update -qq >&2
fi
key=$( { sha256sum "$0"; versions; "$jdk/bin/java" -version 2>&1; } | sha256sum | cut -d' ' -f1)
if [[ -f "$out/key" && "$(cat "$out/key")" == "$key" ]]; then
  echo "Image base up to date in $out"
  exit 0
fi

rm -rf "$out"
mkdir -p "$out/debs" "$out/rootfs"
(cd "$out/debs" && apt-get download -qq "${packages[@]}")
: > "$out/packages.tsv"
for deb in "$out"/debs/*.deb; do
  dpkg-deb -x "$deb" "$out/rootfs"
  printf '%s\t%s\t%s\t%s\n' "$(dpkg-deb -f "$deb" Package)" "$(dpkg-deb -f "$deb" Version)" \
    "$(dpkg-deb -f "$deb" Architecture)" "$vendor" >> "$out/packages.tsv"
done
# No shell, no package manager, no documentation beyond the licences: nothing an intruder could use.
rm -rf "$out/rootfs/usr/share/man" "$out/rootfs/usr/share/info" "$out/rootfs/usr/share/lintian" \
       "$out/rootfs/usr/share/doc"/*/changelog*
mkdir -p "$out/rootfs/etc" "$out/rootfs/tmp"
cat > "$out/rootfs/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/usr/sbin/nologin
tocsin:x:185:185:Tocsin service:/tmp:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat > "$out/rootfs/etc/group" <<'EOF'
root:x:0:
tocsin:x:185:
nogroup:x:65534:
EOF
echo "$arch" > "$out/arch"

"$jdk/bin/jlink" --add-modules "$modules" --include-locales=en,fr --strip-debug --no-man-pages \
  --no-header-files --compress=zip-6 --output "$out/jre"
echo "$key" > "$out/key"
echo "Image base assembled in $out: ${packages[*]} ($arch), $(. "$out/jre/release" && echo "Java $JAVA_VERSION")"
