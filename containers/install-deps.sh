#!/bin/sh
# Installs the system packages v6harness's tests and labs use, on Debian 12 (as root).
#   tshark       the independent dissector that checks every codec (test/oracle)
#   osmo-ggsn    osmo-ggsn and sgsnemu, real GTPv1 elements for interop tests
#   kea-dhcp6-server  ISC kea, a real DHCPv6 delegating router for the prefix delegation interop test
#   freediameterd freediameter-extensions libfreediameter-dev gcc  freeDiameter 1.2.1, a real Diameter node for the
#                S6a interop test (test/interop/freediameter.test.ts compiles its oracle extension against the headers)
#   iproute2     ip/tc for lab namespaces
#   docker.io    the container lab (the daemon is started below when it is not running)
#   docker-compose  docker-compose 1.29, the lab by hand (v6harness lab compose; test/containers/compose-5g.test.ts)
#   debootstrap  builds the lab's base image without a registry (containers/build-base-image.sh)
#   iperf3       the throughput reference (client on the host; the lab image has the servers)
#   libusrsctp-examples  usrsctp's echo_server and client, an independent SCTP stack (SCTP over UDP) for the
#                userspace SCTP interop test (test/interop/usrsctp.test.ts)
#   iptables     loss, duplication and reordering on a namespace link where tc netem is not built (test/integration/sctp-netns.test.ts)
#   prometheus   promtool lints the control endpoint's metrics, and a real Prometheus scrapes a running load
#                (test/integration/control-live.test.ts); its service is not started
#   python3 make g++  node-gyp builds the native addons at npm install (raw-socket, the batched UDP socket)
#   chromium     renders report.html in test/integration/report-browser.test.ts (driven by playwright-core,
#                which downloads no browser of its own)
# Used by .ci/run and by users: `sudo containers/install-deps.sh`.
set -eu
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps.sh: run as root (sudo $0)" >&2
  exit 2
fi
# tshark asks whether non-root users may capture; answer no without a prompt.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
# iperf3 asks whether to run as a daemon: no (the harness starts it where needed).
echo "iperf3 iperf3/start_daemon boolean false" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  ca-certificates tshark osmo-ggsn kea-dhcp6-server freediameterd freediameter-extensions libfreediameter-dev iproute2 docker.io docker-compose debootstrap iperf3 prometheus libusrsctp-examples iptables nftables chromium python3 make gcc g++ socat >/dev/null
echo "install-deps.sh: installed $(tshark --version | head -1)"
# Docker: start the daemon when none answers (a CI machine boots without one), and wait for it.
if ! docker info >/dev/null 2>&1; then
  nohup dockerd >/var/log/dockerd.log 2>&1 &
  i=0
  until docker info >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -gt 60 ]; then echo "install-deps.sh: dockerd did not start (see /var/log/dockerd.log)" >&2; exit 1; fi
    sleep 1
  done
fi
echo "install-deps.sh: docker $(docker info --format '{{.ServerVersion}}') is running"
