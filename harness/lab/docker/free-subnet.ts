import { Address4, Address6 } from 'ip-address';
import { execa } from 'execa';
import { LabError } from '../types.ts';

/**
 * A lab network must not overlap a network this machine is already on: its bridge would take
 * addresses of the real network (perhaps the default gateway's), and test traffic for those
 * addresses could leave through the real interface. Checked against the host's routes before the
 * lab creates a network; docker bridges of earlier labs (br-…) do not count.
 */
export async function assertFreeSubnet(subnet: string, element: string): Promise<void> {
  const v6 = subnet.includes(':');
  const r = await execa('ip', [v6 ? '-6' : '-4', '-o', 'route', 'show'], { reject: false });
  if (r.exitCode !== 0) return;
  const ours = v6 ? new Address6(subnet) : new Address4(subnet);
  for (const line of r.stdout.split('\n')) {
    const [dest] = line.trim().split(/\s+/);
    const dev = /\bdev (\S+)/.exec(line)?.[1] ?? '';
    if (!dest || dest === 'default' || dev.startsWith('br-') || dest.startsWith('fe80') || dest.startsWith('ff'))
      continue;
    let theirs: Address4 | Address6;
    try {
      theirs = v6
        ? new Address6(dest.includes('/') ? dest : `${dest}/128`)
        : new Address4(dest.includes('/') ? dest : `${dest}/32`);
    } catch {
      continue;
    }
    if (overlaps(ours, theirs))
      throw new LabError(
        element,
        `the lab network ${subnet} overlaps this machine's own network ${dest} (dev ${dev}): choose other addresses in the target`,
      );
  }
}

function overlaps(a: Address4 | Address6, b: Address4 | Address6): boolean {
  const [a0, a1, b0, b1] = [
    a.startAddress().bigInt(),
    a.endAddress().bigInt(),
    b.startAddress().bigInt(),
    b.endAddress().bigInt(),
  ];
  return a0 <= b1 && b0 <= a1;
}
