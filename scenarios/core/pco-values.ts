import { addressString } from '../../harness/protocol/common/ip-bytes.ts';
import type { Pco } from '../../harness/protocol/gtpv2c/index.ts';

/**
 * The addresses in a PCO's containers of one id (TS 24.008 §10.5.6.3: 0x0003 one IPv6 DNS server
 * per container, 0x000D one IPv4), as text; a container of the wrong size shows as hex, so the
 * check's observed value says what came instead.
 */
export function pcoAddresses(pco: Pick<Pco, 'containers'> | undefined, id: number): string[] {
  return (pco?.containers ?? [])
    .filter((c) => c.id === id)
    .map((c) =>
      c.contents.length === 16 || c.contents.length === 4
        ? addressString(c.contents)
        : `0x${c.contents.toString('hex')}`,
    );
}
