import { addressString } from '../../harness/protocol/common/ip-bytes.ts';
import { decodeIpcp, IPCP_CODE, type IpcpPacket } from '../../harness/protocol/common/ipcp.ts';
import { PCO_CONTAINER, type Pco } from '../../harness/protocol/common/pco.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';

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
        ? ipv6Text(addressString(c.contents))
        : `0x${c.contents.toString('hex')}`,
    );
}

const IPCP_CODE_NAMES: Readonly<Record<number, string>> = {
  1: 'Configure-Request',
  2: 'Configure-Ack',
  3: 'Configure-Nak',
  4: 'Configure-Reject',
};

/**
 * What an MS learns from the network's IPCP answers in a PCO (RFC 1661 §5.2-§5.4, RFC 1877): per
 * DNS option the value of a Configure-Nak, else of a Configure-Ack (the request's own value, so an
 * Ack of 0.0.0.0 teaches nothing), else "none"; with the answers as read, for the check's account.
 */
export function ipcpDns(pco: Pick<Pco, 'containers'> | undefined): {
  answers: string[];
  primary: string;
  secondary: string;
} {
  const answers: string[] = [];
  const learnt: Record<'primary-dns' | 'secondary-dns', { nak?: string; ack?: string }> = {
    'primary-dns': {},
    'secondary-dns': {},
  };
  for (const c of (pco?.containers ?? []).filter((x) => x.id === PCO_CONTAINER.IPCP)) {
    let p: IpcpPacket;
    try {
      p = decodeIpcp(c.contents);
    } catch (err) {
      answers.push(`undecodable (${err instanceof Error ? err.message : String(err)})`);
      continue;
    }
    const opts = p.options.map((o) => (o.type === 'unknown' ? `option ${o.optionType}` : `${o.type} ${o.address}`));
    answers.push(`${IPCP_CODE_NAMES[p.code] ?? `code ${p.code}`}${opts.length ? ` (${opts.join(', ')})` : ''}`);
    for (const o of p.options) {
      if (o.type !== 'primary-dns' && o.type !== 'secondary-dns') continue;
      if (p.code === IPCP_CODE.CONFIGURE_NAK) learnt[o.type].nak = o.address;
      if (p.code === IPCP_CODE.CONFIGURE_ACK) learnt[o.type].ack = o.address;
    }
  }
  const value = (l: { nak?: string; ack?: string }) => l.nak ?? l.ack ?? 'none';
  return { answers, primary: value(learnt['primary-dns']), secondary: value(learnt['secondary-dns']) };
}
