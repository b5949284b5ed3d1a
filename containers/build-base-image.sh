#!/bin/sh
# Builds the lab's base image without any container registry: debootstrap a minimal Debian 12
# (bookworm) from Debian's own mirror and `docker import` it as v6harness/base:bookworm.
# Users who have a registry can skip this and pass BASE_IMAGE=debian:bookworm-slim to the image
# builds instead. Re-running is cheap: an existing image is kept unless FORCE=1.
set -eu
IMAGE=${IMAGE:-v6harness/base:bookworm}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
if [ -z "${FORCE:-}" ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "build-base-image.sh: $IMAGE exists (FORCE=1 to rebuild)"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "build-base-image.sh: debootstrap missing: run containers/install-deps.sh" >&2; exit 2; }
root=$(mktemp -d /tmp/v6h-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$MIRROR" >/dev/null
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import - "$IMAGE" >/dev/null
echo "build-base-image.sh: built $IMAGE"
