import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { addNamespace, deleteNamespace, ip as ipOf, waitLowerUp } from './namespace.ts';

/**
 * One link between this process's (root) network namespace and a namespace of its own, for a
 * real element that must run on a link of its own (a DHCPv6 server, say) while our driver stays
 * in this process:
 *
 *   [root ns] hostIf  fe80::<random>, <ula>::1/64 ── veth ── <ula>::2/64, fe80::<random> nsIf [ns]
 *
 * The /64 is a ULA (RFC 4193 §3.1: fd00::/8 with a pseudo-random 40-bit global ID), drawn afresh
 * per link, so no machine's own network and no parallel link overlaps it. Both ends get one
 * link-local address with a random interface identifier and no kernel-made one
 * (addrgenmode none), and every address is added without Duplicate Address Detection: they are
 * alone on their link (RFC 4862 §5.4), usable at once. Names carry the pid and a counter.
 * close() deletes the veth pair and the namespace, ending what still runs there.
 */
export interface HostLink {
  ns: string;
  hostIf: string;
  nsIf: string;
  /** The link's /64, as `prefix::` (no length). */
  prefix: string;
  hostAddress: string;
  nsAddress: string;
  hostLinkLocal: string;
  nsLinkLocal: string;
  close(): Promise<void>;
}

let made = 0;
const ip = (args: string[]) => ipOf('host-link', args);

/** A random interface identifier as text (RFC 8981 §3.3.1: u bit 0), e.g. `1a2b:3c4d:5e6f:7a8b`. */
function randomIid(): string {
  const b = randomBytes(8);
  b[0] &= 0xfd;
  return b.toString('hex').match(/.{4}/g)!.join(':');
}

export async function openHostLink(tag: string): Promise<HostLink> {
  // The pid in base 36 (at most 5 characters) keeps interface names within IFNAMSIZ (15).
  const id = `${process.pid.toString(36)}-${made++}`;
  const ns = `v6h-${tag}-${id}`;
  const hostIf = `v6h${tag.slice(0, 3)}${id}h`;
  const nsIf = `v6h${tag.slice(0, 3)}${id}n`;
  if (hostIf.length > 15) throw new Error(`host-link: interface name ${hostIf} is longer than 15 characters`);
  const g = randomBytes(5);
  // RFC 5952 form (no leading zeros), as the kernel, kea and our decoders write it.
  const prefix = `fd${g.toString('hex', 0, 1)}:${g.readUInt16BE(1).toString(16)}:${g.readUInt16BE(3).toString(16)}:1::`;
  // The root end first: a deleted namespace is freed (and its veth ends with it) only some time later.
  const close = async () => {
    await execa('ip', ['link', 'del', 'dev', hostIf], { reject: false, timeout: 15_000 });
    await deleteNamespace(ns);
  };
  const link: HostLink = {
    ns,
    hostIf,
    nsIf,
    prefix,
    hostAddress: `${prefix}1`,
    nsAddress: `${prefix}2`,
    hostLinkLocal: `fe80::${randomIid()}`,
    nsLinkLocal: `fe80::${randomIid()}`,
    close,
  };
  try {
    await addNamespace('host-link', ns);
    await ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf, 'netns', ns]);
    for (const [pre, dev, ll, addr] of [
      [[], hostIf, link.hostLinkLocal, link.hostAddress],
      [['-n', ns], nsIf, link.nsLinkLocal, link.nsAddress],
    ] as const) {
      await ip([...pre, 'link', 'set', 'dev', dev, 'addrgenmode', 'none']);
      await ip([...pre, '-6', 'addr', 'add', `${ll}/64`, 'dev', dev, 'nodad']);
      await ip([...pre, '-6', 'addr', 'add', `${addr}/64`, 'dev', dev, 'nodad']);
      await ip([...pre, 'link', 'set', 'dev', dev, 'up']);
    }
    await waitLowerUp('host-link', hostIf);
    return link;
  } catch (e) {
    await link.close();
    throw e;
  }
}
