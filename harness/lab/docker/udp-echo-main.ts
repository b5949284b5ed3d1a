import { startUdpEcho } from '../../net/udp-echo.ts';

/**
 * The UDP echo (RFC 862) of a docker lab's internet host: `node dist/lab/udp-echo-main.mjs PORT`
 * (compiled at image build, containers/lab/bundle.mjs) in the host's container, on the batched socket
 * (net/udp-echo.ts), one socket on the IPv6 wildcard and one on the IPv4 wildcard (the batched
 * socket is IPv6-only, and a dual-stack host answers both families). Ends on SIGTERM or SIGINT.
 */
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  process.stderr.write(`udp-echo-main: a port 1-65535 is needed, got "${process.argv[2] ?? ''}"\n`);
  process.exit(2);
}
const echoes = [startUdpEcho('::', port), startUdpEcho('0.0.0.0', port)];
process.stdout.write(`UDP echo on [::]:${port} and 0.0.0.0:${port}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const)
  process.on(signal, () => {
    void Promise.all(echoes.map((e) => e.close())).then(() => process.exit(0));
  });
