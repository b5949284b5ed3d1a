import { answersDns, answersEcho } from './health.ts';

/**
 * The container health check of docker-compose.yml: exit 0 when the element in this container
 * answers on its own address — a GTP Echo (argv: address, GTP version 1 or 2), or for a DNS
 * element an SOA query (argv: address, `dns`, zone).
 */
const [address, kind, zone] = process.argv.slice(2);
const ok =
  kind === 'dns'
    ? await answersDns(address ?? '::1', 53, zone ?? '.', 1000)
    : await answersEcho(address ?? '::1', 2123, kind === '1' ? 1 : 2, 1000);
process.exit(ok ? 0 : 1);
