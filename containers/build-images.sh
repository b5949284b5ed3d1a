#!/bin/sh
# Builds the lab image v6harness/lab:latest (and the base image first, if missing), with the
# layer cache: a rebuild with nothing changed takes seconds. BASE_IMAGE=debian:bookworm-slim
# uses a registry's image instead of the debootstrapped one.
#   containers/build-images.sh
set -eu
# One build at a time (test files build in parallel; debootstrap must not run twice at once).
exec 9>/tmp/v6harness-build-images.lock
flock 9
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
BASE_IMAGE=${BASE_IMAGE:-v6harness/base:bookworm}
if [ "$BASE_IMAGE" = "v6harness/base:bookworm" ]; then IMAGE=$BASE_IMAGE "$here/build-base-image.sh"; fi
mkdir -p "$here/lab/.stage"
node=$(command -v node)
# Copy only when changed, so the layer cache stays valid.
cmp -s "$node" "$here/lab/.stage/node" 2>/dev/null || cp "$node" "$here/lab/.stage/node"
[ -d "$root/node_modules" ] || { echo "build-images.sh: run npm ci first" >&2; exit 2; }
docker build -q --build-arg BASE_IMAGE="$BASE_IMAGE" -f "$here/lab/Dockerfile" -t v6harness/lab:latest "$root" >/dev/null
echo "build-images.sh: built v6harness/lab:latest"
