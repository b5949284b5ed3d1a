import type { RealConfig } from './types.ts';

/**
 * The shell that runs as PID 1 of a real element's container: starts tcpdump on every interface
 * (the element's own view, copied out after the scenario), runs the element's setup, starts the
 * element and prints `v6harness-ready` once the element logged its `ready` line. SIGUSR2 closes
 * the capture (the lab sends it before copying); SIGTERM stops the element; the container exits
 * when the element does, so the lab sees an element that died.
 */
export function supervisorScript(cfg: RealConfig, capture: string): string {
  // Every ready line, as fixed strings (grep -F): open5gs logs "pfcp_server()" with brackets.
  const lines = (cfg.readyAll ?? [cfg.ready]).map((l) => l.replace(/'/g, ''));
  const served = lines.map((l) => `grep -qF '${l}' /tmp/element.log`).join(' && ');
  return [
    'set -u',
    // SIGUSR2 closes the capture (the lab copies it out), SIGUSR1 starts it afresh (an element
    // that outlives one scenario captures the next one anew). Snap length 2048: every frame the lab's
    // 1500-octet links carry is kept whole (with its 20-octet SLL2 header); only the kernel's GRO/GSO
    // aggregates (up to 64 KiB, what an iperf3 run through the firewall or tayga is seen as) are cut,
    // which took an element's capture of a 2 s TCP run to 570 MB, copied out after each scenario.
    `capture() { rm -f /tmp/tcpdump.log; tcpdump -i any -s 2048 --immediate-mode -U -n -w ${capture} 2>/tmp/tcpdump.log & TD=$!; i=0; until grep -q listening /tmp/tcpdump.log; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.05; done; }`,
    'capture',
    "trap 'kill -INT $TD; wait $TD; echo v6harness-capture-closed' USR2",
    "trap 'capture; echo v6harness-capture-open' USR1",
    "trap 'kill $EL 2>/dev/null; exit 0' TERM",
    ...(cfg.setup ? [`${cfg.setup} || { echo "v6harness: element setup failed"; exit 1; }`] : []),
    `${cfg.start} >/tmp/element.log 2>&1 & EL=$!`,
    `i=0; until ${served}; do i=$((i+1)); if [ $i -gt ${(cfg.readyWithinS ?? 10) * 20} ] || ! kill -0 $EL 2>/dev/null; then cat /tmp/element.log; echo "v6harness: element did not start"; exit 1; fi; sleep 0.05; done`,
    // --pid: once the element is gone, tail prints what it wrote last (an assert's line) and ends.
    'tail -n +1 -f --pid=$EL /tmp/element.log & TL=$!',
    // Until duplicate address detection (RFC 4862 §5.4) ends, the container cannot resolve its
    // neighbours (its link-local address is tentative): answers would wait seconds in the kernel.
    'i=0; while [ -n "$(ip -6 addr show tentative 2>/dev/null)" ] && [ $i -lt 80 ]; do i=$((i+1)); sleep 0.05; done',
    'echo v6harness-ready',
    // A trap (USR1/USR2) interrupts `wait`; the element's own status is the one it ends with.
    'while :; do wait $EL; RC=$?; kill -0 $EL 2>/dev/null || break; done',
    'wait $TL 2>/dev/null',
    'echo "v6harness: the element exited (status $RC)"',
    'exit 1',
  ].join('\n');
}
