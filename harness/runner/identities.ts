import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { knownIdentities } from '../drivers/common/identities.ts';

/**
 * Subscriber identities (IMSI, MSISDN, IMEI) are personal data (CLOUD-SECRECY): reports show them
 * masked by default as `imsi:<keyed hash>`, so runs on one machine can still be correlated. Drivers
 * note every identity they put on the wire (drivers/common/identities.ts); every string of a scenario result is rewritten, and
 * any other 14-16 digit run (the length of an IMSI or IMEI) is masked too. The key comes from
 * V6HARNESS_MASK_KEY, else from ~/.v6harness/mask-key (made once, mode 0600).
 */

function maskKey(): Buffer {
  const env = process.env.V6HARNESS_MASK_KEY;
  if (env) return Buffer.from(env);
  const file = join(homedir(), '.v6harness', 'mask-key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return Buffer.from(readFileSync(file, 'utf8').trim());
}

export type Masker = (s: string) => string;

export function createMasker(key: Buffer = maskKey()): Masker {
  const tag = (kind: string, v: string) => `${kind}:${createHmac('sha256', key).update(v).digest('hex').slice(0, 10)}`;
  return (s: string) => {
    let out = s;
    // Longest first, so an MSISDN inside a longer IMSI-like string cannot leave digits behind.
    for (const [v, kind] of [...knownIdentities()].sort((a, b) => b[0].length - a[0].length)) if (out.includes(v)) out = out.split(v).join(tag(kind, v));
    return out.replace(/(?<![0-9A-Za-z:])\d{14,16}(?![0-9])/g, (m) => tag('id', m));
  };
}

/** Every string inside `value` (objects, arrays, nested) passed through `mask`. */
export function maskDeep<T>(value: T, mask: Masker): T {
  if (typeof value === 'string') return mask(value) as T;
  if (Array.isArray(value)) return value.map((v) => maskDeep(v, mask)) as T;
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[mask(k)] = maskDeep(v, mask);
    return out as T;
  }
  return value;
}
