#!/usr/bin/env bash
# Runs a Jib image tarball (target/jib-image.tar) on a machine without a container engine, to check the image
# itself: unpacks its layers in order into a root file system and starts the image's own Entrypoint with its Env,
# as its User, under chroot with /proc and /dev mounted (root needed). Not a container: no namespaces, no limits —
# the process shares this machine's network, so 127.0.0.1 is this machine's (deploy/run-local.sh's Kafka and
# PostgreSQL, for example), and sees its memory (set JAVA_TOOL_OPTIONS=-Xmx... when running several).
#   deploy/images/run-image.sh <jib-image.tar> [NAME=value ...]      extra environment for the process
# Ctrl-C (SIGINT/SIGTERM) stops the process and removes the unpacked file system.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 <jib-image.tar> [NAME=value ...]" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "chroot needs root" >&2; exit 2; }
image=$(readlink -f "$1"); shift
work=$(mktemp -d)
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  for mounted in "$work/rootfs/proc" "$work/rootfs/dev"; do
    mountpoint -q "$mounted" && { umount "$mounted" || umount -l "$mounted"; }
  done
  # Never delete through a mount that is still there (/dev is this machine's): stay on the unpacked file system.
  if mountpoint -q "$work/rootfs/proc" || mountpoint -q "$work/rootfs/dev"; then
    echo "still mounted, left $work in place" >&2
  else
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT INT TERM
mkdir -p "$work/image" "$work/rootfs"
tar -C "$work/image" -xf "$image"
for layer in $(jq -r '.[0].Layers[]' "$work/image/manifest.json"); do
  tar -C "$work/rootfs" --warning=no-unknown-keyword -xf "$work/image/$layer"
done
config="$work/image/$(jq -r '.[0].Config' "$work/image/manifest.json")"
user=$(jq -r '.config.User // "0:0"' "$config")
mapfile -t entrypoint < <(jq -r '.config.Entrypoint[]' "$config")
mapfile -t env < <(jq -r '.config.Env[]' "$config")
mkdir -p "$work/rootfs/tmp" "$work/rootfs/proc" "$work/rootfs/dev" && chmod 1777 "$work/rootfs/tmp"
# What a container runtime provides: /proc (the loader finds the JRE's libraries relative to /proc/self/exe), /dev.
mount -t proc proc "$work/rootfs/proc"
mount --bind /dev "$work/rootfs/dev"
echo "Running $(jq -r '.[0].RepoTags[0]' "$work/image/manifest.json") as $user: ${entrypoint[*]}" >&2
env -i "${env[@]}" "$@" chroot --userspec="$user" "$work/rootfs" "${entrypoint[@]}" &
pid=$!
wait "$pid"
