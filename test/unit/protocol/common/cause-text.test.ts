import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import test from 'ava';
import { GTPV1C_CAUSE_NAMES, gtpv1cCause } from '../../../../harness/protocol/gtpv1c/index.ts';
import { CAUSE_NAMES, gtpv2cCause } from '../../../../harness/protocol/gtpv2c/index.ts';

test('GTP causes read as number, hex and the name of the spec table', (t) => {
  t.is(gtpv1cCause(220), '220 (0xDC) Unknown PDP address or PDP type');
  t.is(gtpv1cCause(129), '129 (0x81) New PDP type due to network preference');
  t.is(gtpv1cCause(219), '219 (0xDB) Missing or unknown APN');
  t.is(gtpv1cCause(211), '211 (0xD3) All dynamic PDP addresses are occupied');
  t.is(gtpv2cCause(83), '83 (0x53) Preferred PDN type not supported');
  t.is(gtpv2cCause(16), '16 (0x10) Request accepted');
  t.is(gtpv2cCause(2), '2 (0x02) Local Detach');
  t.is(gtpv1cCause(undefined), 'no Cause IE');
  t.is(gtpv2cCause(250), '250 (0xFA) spare (no name in the table)');
});

test('the name tables cover TS 29.060 Table 38 and TS 29.274 Table 8.4-1 without gaps', (t) => {
  for (const v of [...range(0, 9), ...range(128, 130), ...range(192, 233)])
    t.truthy(GTPV1C_CAUSE_NAMES[v], `GTPv1 ${v}`);
  for (const v of [...range(2, 19), ...range(64, 131)]) t.truthy(CAUSE_NAMES[v], `GTPv2 ${v}`);
});

/**
 * Scenarios put GTP causes into checks through the formatter: no `observed:` line reads a Cause
 * IE's value bare (a number without its name).
 */
test('no scenario puts a bare GTP cause number into an observed value', (t) => {
  const root = fileURLToPath(new URL('../../../../scenarios', import.meta.url));
  const bare: string[] = [];
  for (const area of readdirSync(root, { withFileTypes: true })) {
    if (!area.isDirectory()) continue;
    for (const f of readdirSync(join(root, area.name)).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(join(root, area.name, f), 'utf8');
      if (text.includes('protocol/pfcp/')) continue; // PFCP causes have their own names (causeName).
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        const observed = line.includes('observed:') || lines[i - 1]?.trim() === 'observed:';
        if (observed && /'cause'\)\?\.value|\.cause\b/.test(line) && !/Cause\(/.test(line))
          bare.push(`${area.name}/${f}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  t.deepEqual(bare, []);
});

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}
