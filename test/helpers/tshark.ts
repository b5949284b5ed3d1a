import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { PcapBuffer } from '../../harness/net/pcap/index.ts';
import { encodeIpPacket, udpPacket, type Endpoint } from '../../harness/protocol/ip/index.ts';
import { requireTool } from './tools.ts';
import { tempDir } from './temp-dir.ts';

/** One dissected frame: every field tshark produced, by field name, in tree order. */
export interface Frame {
  number: number;
  protocols: string[];
  fields: Map<string, string[]>;
  /** Expert infos at error severity (malformed, bad checksum, ...) as "field: message". */
  errors: string[];
  malformed: boolean;
}

const EXPERT_ERROR = 0x00800000;

/** Writes raw IP packets (LINKTYPE_RAW, or another link type) to a temporary pcap and returns its path. */
export function writePcap(packets: Buffer[], name = 'oracle', linktype?: number): string {
  const pcap = new PcapBuffer(linktype);
  for (const p of packets) pcap.add(p);
  const dir = tempDir('tshark');
  const path = join(dir, `${name}.pcap`);
  writeFileSync(path, pcap.toBuffer());
  return path;
}

/** Frames a UDP payload in IPv6/UDP (or IPv4/UDP) with correct checksums. */
export function udp(payload: Buffer, src: Endpoint, dst: Endpoint): Buffer {
  return encodeIpPacket(udpPacket(src, dst, payload));
}

/**
 * Runs tshark over a capture with UDP checksum validation on and returns every frame's fields.
 * `decodeAs` entries are passed as `-d` (e.g. 'udp.port==8805,pfcp').
 */
export async function dissect(
  path: string,
  opts: { decodeAs?: string[]; extraArgs?: string[] } = {},
): Promise<Frame[]> {
  requireTool('tshark');
  const args = [
    '-r',
    path,
    '-n',
    '-o',
    'udp.check_checksum:TRUE',
    '-o',
    'ip.check_checksum:TRUE',
    '-T',
    'json',
    '--no-duplicate-keys',
  ];
  for (const d of opts.decodeAs ?? []) args.push('-d', d);
  args.push(...(opts.extraArgs ?? []));
  const { stdout } = await execa('tshark', args, { maxBuffer: 256 * 1024 * 1024 });
  const parsed = JSON.parse(stdout) as { _source: { layers: Record<string, unknown> } }[];
  return parsed.map((p, i) => {
    const fields = new Map<string, string[]>();
    const errors: string[] = [];
    let malformed = false;
    walk(p._source.layers, fields, errors, (m) => (malformed ||= m));
    const protos = (fields.get('frame.protocols')?.[0] ?? '').split(':');
    return { number: i + 1, protocols: protos, fields, errors, malformed };
  });
}

function walk(
  node: unknown,
  fields: Map<string, string[]>,
  errors: string[],
  setMalformed: (m: boolean) => void,
  key = '',
): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, fields, errors, setMalformed, key);
    return;
  }
  if (node === null || typeof node !== 'object') {
    if (key) {
      let list = fields.get(key);
      if (!list) fields.set(key, (list = []));
      list.push(String(node));
    }
    return;
  }
  const obj = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(obj)) {
    if (k === '_ws.malformed') setMalformed(true);
    if (k === '_ws.expert') {
      for (const e of Array.isArray(v) ? v : [v]) {
        const ex = e as Record<string, unknown>;
        const sev = Number(ex['_ws.expert.severity']);
        if (sev >= EXPERT_ERROR) errors.push(`${String(ex['_ws.expert.message'] ?? '')}`);
      }
    }
    // Subtree keys are free text (e.g. "Recovery : 5"); fields have dotted names.
    walk(v, fields, errors, setMalformed, k.includes(' ') ? key : k);
  }
}

/** First value of a field in a frame, or undefined. */
export function field(f: Frame, name: string): string | undefined {
  return f.fields.get(name)?.[0];
}

/** Every value of a field in a frame. */
export function fieldAll(f: Frame, name: string): string[] {
  return f.fields.get(name) ?? [];
}

/**
 * tshark options that dissect LINKTYPE_USER0..1 (DLT 147/148) frames as plain EPS NAS and as
 * 5GS NAS: NAS has no UDP port, so the oracle pcaps use user link types.
 */
export const NAS_USER_DLTS = [
  '-o',
  'uat:user_dlts:"User 0 (DLT=147)","nas-eps_plain","0","","0",""',
  '-o',
  'uat:user_dlts:"User 1 (DLT=148)","nas-5gs","0","","0",""',
];
