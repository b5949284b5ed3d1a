import { createSocket } from 'node:dgram';

/** The address the kernel would send from toward `remote` (a connected UDP socket's local end; nothing is sent). */
export async function localAddressToward(remote: string): Promise<string> {
  const v6 = remote.includes(':');
  const s = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: v6 });
  try {
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.connect(9, remote, () => resolve());
    });
    return s.address().address;
  } finally {
    s.close();
  }
}
