import { createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { identityKind, knownLengths } from '../drivers/common/identities.ts';

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
  /**
   * One maximal run of digits: the noted identities in it (longest first, left to right), else
   * the whole run when it is as long as an IMSI or IMEI and `free` (not glued to a letter or a
   * colon on its left: hex strings, IPv6 addresses, tags already made).
   */
  const maskRun = (run: string, lengths: number[], free: boolean): string => {
    const kind = identityKind(run);
    if (kind) return tag(kind, run);
    for (const len of lengths) {
      if (len >= run.length) continue;
      for (let i = 0; i + len <= run.length; i++) {
        const sub = run.slice(i, i + len);
        const k = identityKind(sub);
        if (k)
          return maskRun(run.slice(0, i), lengths, false) + tag(k, sub) + maskRun(run.slice(i + len), lengths, false);
      }
    }
    return free && run.length >= 14 && run.length <= 16 ? tag('id', run) : run;
  };
  return (s: string) => {
    const lengths = knownLengths();
    return s.replace(/\d{6,}/g, (run: string, at: number) =>
      maskRun(run, lengths, at === 0 || !/[0-9A-Za-z:]/.test(s[at - 1])),
    );
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
