import type { RealConfig } from './types.ts';

/**
 * The shell that runs as PID 1 of a real element's container: starts tcpdump on every interface
 * (the element's own view, copied out after the scenario), runs the element's setup, starts the
 * element and prints `v6harness-ready` once the element logged its `ready` line. SIGUSR2 closes
 * the capture (the lab sends it before copying); SIGTERM stops the element; the container exits
 * when the element does, so the lab sees an element that died.
 */
export function supervisorScript(cfg: RealConfig, capture: string): string {
  const ready = cfg.ready.replace(/'/g, '');
  return [
    'set -u',
    `tcpdump -i any --immediate-mode -U -n -w ${capture} 2>/tmp/tcpdump.log & TD=$!`,
    "trap 'kill -INT $TD; wait $TD; echo v6harness-capture-closed' USR2",
    "trap 'kill $EL 2>/dev/null; exit 0' TERM",
    'i=0; until grep -q listening /tmp/tcpdump.log; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.05; done',
    ...(cfg.setup ? [`${cfg.setup} || { echo "v6harness: element setup failed"; exit 1; }`] : []),
    `${cfg.start} >/tmp/element.log 2>&1 & EL=$!`,
    `i=0; until grep -q '${ready}' /tmp/element.log; do i=$((i+1)); if [ $i -gt 200 ] || ! kill -0 $EL 2>/dev/null; then cat /tmp/element.log; echo "v6harness: element did not start"; exit 1; fi; sleep 0.05; done`,
    'tail -n +1 -f /tmp/element.log & ',
    // Until duplicate address detection (RFC 4862 §5.4) ends, the container cannot resolve its
    // neighbours (its link-local address is tentative): answers would wait seconds in the kernel.
    'i=0; while [ -n "$(ip -6 addr show tentative 2>/dev/null)" ] && [ $i -lt 80 ]; do i=$((i+1)); sleep 0.05; done',
    'echo v6harness-ready',
    'while kill -0 $EL 2>/dev/null; do wait $EL; done',
    'echo "v6harness: the element exited"',
    'exit 1',
  ].join('\n');
}
