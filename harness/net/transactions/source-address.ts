import { createSocket } from 'node:dgram';

/**
 * The local address the kernel would send from to reach `remote` (its route's source address):
 * a connected UDP socket sends nothing, but the kernel binds it to that address. Drivers bind
 * there, so the address they put in F-TEIDs and GSN Addresses is one the element can answer to
 * (loopback for in-process elements, the lab bridge for containers, the real interface for a DUT).
 */
export async function sourceAddressFor(remote: string): Promise<string> {
  const v6 = remote.includes(':');
  if (remote === '::1' || remote.startsWith('127.')) return remote === '::1' ? '::1' : '127.0.0.1';
  const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.connect(9, remote, () => resolve());
    });
    return s.address().address;
  } catch {
    return v6 ? '::1' : '127.0.0.1';
  } finally {
    s.close();
  }
}
