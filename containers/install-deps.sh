#!/bin/sh
# Installs the system packages v6harness's tests and labs use, on Debian 12 (as root).
#   tshark       the independent dissector that checks every codec (test/oracle)
#   osmo-ggsn    osmo-ggsn and sgsnemu, real GTPv1 elements for interop tests
#   iproute2     ip/tc for lab namespaces
# Used by .ci/run and by users: `sudo containers/install-deps.sh`.
set -eu
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: run as root (sudo $0)" >&2
  exit 2
fi
# tshark asks whether non-root users may capture; answer no without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  ca-certificates tshark osmo-ggsn iproute2 >/dev/null
echo "install-deps.sh: installed $(tshark --version | head -1)"
