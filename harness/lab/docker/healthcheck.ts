import { answersEcho } from './health.ts';

/**
 * The container health check of docker-compose.yml: exit 0 when the stand-in in this container
 * answers a GTP Echo on its own address (argv: address, GTP version 1 or 2).
 */
const [address, version] = process.argv.slice(2);
const ok = await answersEcho(address ?? '::1', 2123, version === '1' ? 1 : 2, 1000);
process.exit(ok ? 0 : 1);
