import { answersDns, becomesReachable } from './health.ts';

/**
 * The container health check of docker-compose.yml (compose-file.ts writes the calls): exit 0 when
 * the element in this container answers on its own address with the probe health.ts uses for it —
 * argv: address, probe (`1`/`2` GTP Echo, `pfcp` Heartbeat, `tcp` a connection, `sbi` an h2c
 * request of an SMF's N11, `sctp` an SCTP INIT over UDP to an AMF), port; or address, `dns`, zone
 * for an SOA query.
 */
const [address = '::1', probe = '2', arg] = process.argv.slice(2);
const ok =
  probe === 'dns'
    ? await answersDns(address, 53, arg ?? '.', 1000)
    : await becomesReachable(
        address,
        Number(arg ?? 2123),
        probe === '1' ? 1 : probe === 'pfcp' || probe === 'tcp' || probe === 'sbi' || probe === 'sctp' ? probe : 2,
        1000,
      );
process.exit(ok ? 0 : 1);
