#!/bin/sh
# Runs in the builder stage of containers/open5gs/Dockerfile: unpacks the open5gs source archive
# (open5gs.tar.xz in the build context: the tree with subprojects/freeDiameter and
# subprojects/prometheus-client-c in place), stubs the one generated NGAP file a trimmed archive
# lacks, and builds only what an EPC lab runs — open5gs-sgwcd, open5gs-sgwud, open5gs-smfd,
# open5gs-upfd — and the freeDiameter dictionaries the SMF's Gx loads. Installs them under PREFIX:
# bin/, lib/ (every shared library of the build tree) and lib/freeDiameter/ (*.fdx).
#   build.sh CONTEXT PREFIX
set -eu
ctx=$1
prefix=$2
src=/usr/src/open5gs
mkdir -p "$src"
tar -xJf "$ctx/open5gs.tar.xz" -C "$src" --strip-components=1
ngap=lib/asn1c/ngap/NGAP_ProtocolExtensionField
if [ ! -f "$src/$ngap.c" ]; then
  # Only the AMF and the SMF's 5G N2 path use NGAP iE-Extensions; SGW-C, SGW-U, UPF and the SMF's
  # EPC path (S5/S8, Gx, Sxb) never touch them.
  [ -f "$ctx/gen-ngap-extfield-stub.py" ] || { echo "build.sh: $ngap.c missing and no gen-ngap-extfield-stub.py beside the archive" >&2; exit 2; }
  echo "build.sh: $ngap.c missing from the archive: writing the stub"
  python3 "$ctx/gen-ngap-extfield-stub.py" "$src/$ngap.h" > "$src/$ngap.c"
fi
start=$(date +%s)
# Release build (-O2): the load scenarios measure this element's rate.
meson setup /usr/src/build "$src" --wrap-mode=nodownload --buildtype=release -Doptimization=2 >/tmp/meson.log 2>&1 \
  || { tail -40 /tmp/meson.log >&2; exit 1; }
fd=subprojects/freeDiameter/extensions
# Two jobs: CI machines have two cores (and ninja's default of nproc+2 only adds memory pressure).
ninja -j2 -C /usr/src/build \
  src/sgwc/open5gs-sgwcd src/sgwu/open5gs-sgwud src/smf/open5gs-smfd src/upf/open5gs-upfd \
  $fd/dict_rfc5777.fdx $fd/dict_mip6i.fdx $fd/dict_nasreq.fdx $fd/dict_nas_mipv6.fdx $fd/dict_dcca.fdx \
  $fd/dict_dcca_3gpp/dict_dcca_3gpp.fdx >/tmp/ninja.log 2>&1 || { tail -40 /tmp/ninja.log >&2; exit 1; }
echo "build.sh: compiled in $(( $(date +%s) - start )) s on $(nproc) cores"
mkdir -p "$prefix/bin" "$prefix/lib/freeDiameter"
for d in sgwc/open5gs-sgwcd sgwu/open5gs-sgwud smf/open5gs-smfd upf/open5gs-upfd; do
  cp "/usr/src/build/src/$d" "$prefix/bin/"
done
find /usr/src/build -name '*.so*' \( -type f -o -type l \) -exec cp -P {} "$prefix/lib/" \;
find /usr/src/build -name '*.fdx' -exec mv {} "$prefix/lib/freeDiameter/" \;
cp "$src/LICENSE" "$prefix/LICENSE.open5gs"
rm -rf "$src" /usr/src/build
