#!/usr/bin/env bash
# Makes a base image for Jib on a machine that reaches no container registry: a `docker save` tarball with a JRE
# linked (jlink) from a local JDK, the glibc it needs copied from this machine, /etc/passwd with the image's user
# 10001 and a /tmp. Jib reads it as `-Djib.from.image=tar://<file>` (docs/OPERATIONS.md "Images").
#   deploy/images/local-base-image.sh [out.tar]      (default target/images/local-jre-base.tar)
#   JDK=/usr/lib/jvm/temurin-25-jdk-amd64            the JDK to link the JRE from (default: JAVA_HOME, else java on PATH)
# It stands in for eclipse-temurin:25-jre only where that image cannot be pulled: it has no shell, no package
# manager and no security updates of its own. Never ship it.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${1:-$ROOT/target/images/local-jre-base.tar}
JDK=${JDK:-${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}}
[ -x "$JDK/bin/jlink" ] || { echo "no jlink in $JDK (set JDK to a JDK, not a JRE)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
mkdir -p "$rootfs/opt/java" "$rootfs/etc" "$rootfs/tmp" "$work/image"
chmod 1777 "$rootfs/tmp"
# Every module of the JDK but its development tools' (a JDK 25 without jmods links from its own run-time image).
modules=$("$JDK/bin/java" --list-modules | sed 's/@.*//' \
  | grep -Ev '^jdk\.(jcmd|jshell|javadoc|compiler|jdeps|jlink|jpackage|editpad|jconsole|hotspot\.agent|jdi|jdwp\.agent|jstatd|incubator\..*|internal\.(ed|le|opt))$' \
  | paste -sd, -)
"$JDK/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$rootfs/opt/java/openjdk"

# The shared libraries the JRE's binaries load, and the loader, from this machine.
libs=$( { ldd "$rootfs/opt/java/openjdk/bin/java"; find "$rootfs/opt/java/openjdk/lib" -name '*.so' -exec ldd {} \; ; } \
  2>/dev/null | awk '/=> \// {print $3} /^\t\/lib/ {print $1}' | sort -u)
for lib in $libs; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
for loader in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
  [ -e "$loader" ] && { mkdir -p "$rootfs$(dirname "$loader")"; cp -L "$loader" "$rootfs$loader"; }
done
printf 'root:x:0:0:root:/root:/sbin/nologin\naccessledger:x:10001:10001:AccessLedger:/tmp:/sbin/nologin\n' \
  > "$rootfs/etc/passwd"
printf 'root:x:0:\naccessledger:x:10001:\n' > "$rootfs/etc/group"
printf '127.0.0.1 localhost\n::1 localhost\n' > "$rootfs/etc/hosts"

tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00:00' -C "$rootfs" -cf "$work/image/layer.tar" .
diff_id=$(sha256sum "$work/image/layer.tar" | cut -d' ' -f1)
arch=$(uname -m | sed 's/x86_64/amd64/; s/aarch64/arm64/')
cat > "$work/image/config.json" <<JSON
{"architecture":"$arch","os":"linux",
 "config":{"Env":["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                  "JAVA_HOME=/opt/java/openjdk"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["accessledger/local-jre-base:latest"],"Layers":["layer.tar"]}]' \
  > "$work/image/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar -C "$work/image" -cf "$OUT" manifest.json config.json layer.tar
echo "Base image written: $OUT ($("$rootfs/opt/java/openjdk/bin/java" -version 2>&1 | head -1), $(du -h "$OUT" | cut -f1))"
