#!/bin/sh
# Builds the open5gs image of the docker lab (SGW-C, SGW-U, SMF, UPF; containers/open5gs/Dockerfile)
# from an open5gs source archive, once: the image is tagged v6harness/open5gs:<hash of the archive,
# the Dockerfile and build.sh>, and a second call with the same inputs only re-tags it
# v6harness/open5gs:latest (what targets/open5gs.yaml runs).
#   containers/open5gs/build-image.sh [--check] ARCHIVE
# --check builds nothing: exit 0 (and tag :latest) when the image for these inputs exists, 3 when not.
# ARCHIVE: a .tar.xz of the open5gs tree (top directory open5gs/) with its meson subprojects in
# place. CI passes ../shared/vendor/open5gs/open5gs-8f25f3b-with-subprojects.tar.xz; without it,
# make the same tree from GitHub (needs internet; the build itself downloads nothing):
#   git clone https://github.com/open5gs/open5gs && cd open5gs
#   git checkout 8f25f3beaf131a5e979534dfda4a27765321dfd0
#   meson subprojects download freeDiameter prometheus-client-c
#   cd .. && tar -cJf open5gs-8f25f3b-with-subprojects.tar.xz --exclude=.git open5gs
# A generator gen-ngap-extfield-stub.py beside the archive is used when the archive lacks
# lib/asn1c/ngap/NGAP_ProtocolExtensionField.c (a GitHub checkout has it).
# BASE_IMAGE as in containers/build-images.sh.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
check=
if [ "${1:-}" = --check ]; then check=1; shift; fi
archive=${1:-}
[ -n "$archive" ] && [ -f "$archive" ] || { echo "build-image.sh: usage: $0 OPEN5GS_ARCHIVE.tar.xz (missing: '${archive}')" >&2; exit 2; }
archive=$(cd "$(dirname "$archive")" && pwd)/$(basename "$archive")
BASE_IMAGE=${BASE_IMAGE:-v6harness/base:bookworm}
stub=$(dirname "$archive")/gen-ngap-extfield-stub.py
hash=$( { sha256sum "$archive" "$here/Dockerfile" "$here/build.sh" | cut -d' ' -f1; echo "$BASE_IMAGE"; [ -f "$stub" ] && sha256sum "$stub" | cut -d' ' -f1; true; } | sha256sum | cut -c1-16)
IMAGE=v6harness/open5gs:$hash
if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  docker tag "$IMAGE" v6harness/open5gs:latest
  echo "build-image.sh: $IMAGE exists (tagged v6harness/open5gs:latest)"
  exit 0
fi
if [ -n "$check" ]; then
  echo "build-image.sh: $IMAGE is not built: run $0 $archive" >&2
  exit 3
fi
ctx=$(mktemp -d /tmp/v6h-open5gs-context.XXXXXX)
trap 'rm -rf "$ctx"' EXIT
# A hard link where the archive is on the same filesystem, a copy otherwise.
ln "$archive" "$ctx/open5gs.tar.xz" 2>/dev/null || cp "$archive" "$ctx/open5gs.tar.xz"
cp "$here/build.sh" "$ctx/"
[ -f "$stub" ] && cp "$stub" "$ctx/"
start=$(date +%s)
log=$ctx/build.log
if ! docker build --build-arg BASE_IMAGE="$BASE_IMAGE" -f "$here/Dockerfile" -t "$IMAGE" "$ctx" >"$log" 2>&1; then
  tail -30 "$log" >&2
  echo "build-image.sh: docker build of $IMAGE failed" >&2
  exit 1
fi
grep -h 'build.sh: ' "$log" || true
docker tag "$IMAGE" v6harness/open5gs:latest
echo "build-image.sh: built $IMAGE in $(( $(date +%s) - start )) s (tagged v6harness/open5gs:latest)"
