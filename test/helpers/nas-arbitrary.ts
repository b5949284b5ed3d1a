import fc from 'fast-check';
import type { MessageDef } from '../../harness/protocol/nas/common/message-def.ts';
import type { IeFormat } from '../../harness/protocol/nas/common/ie-format.ts';
import { PACKET_FILTER_COMPONENTS } from '../../harness/protocol/nas/index.ts';
import { formatIpv6 } from '../../harness/protocol/common/ip-bytes.ts';

/**
 * fast-check arbitraries for NAS messages, built from the message definitions themselves: one
 * arbitrary per IE codec (by the codec's spec name), so every message and every IE of the tables
 * is generated. A codec with no arbitrary here fails the test that asks for it.
 */
const u = (bits: number) => fc.integer({ min: 0, max: 2 ** bits - 1 });
const bytes = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((b) => Buffer.from(b));
const iid = bytes(8, 8).map((b) => formatIpv6(Buffer.concat([Buffer.alloc(8), b])));
const ipv4 = bytes(4, 4).map((b) => [...b].join('.'));
const ipv6 = bytes(16, 16).map((b) => formatIpv6(b));
const apn = fc.array(fc.stringMatching(/^[a-z0-9-]{1,12}$/), { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
const spareOf = (mask: number) =>
  fc
    .integer({ min: 1, max: 255 })
    .map((v) => v & mask)
    .filter((v) => v !== 0);

const pco = fc.record(
  {
    configurationProtocol: u(3),
    containers: fc.array(fc.record({ id: u(16), contents: bytes(0, 16) }), { maxLength: 3 }),
    spare: spareOf(0x78),
  },
  { requiredKeys: ['configurationProtocol', 'containers'] },
);
const timer = fc.record({ unit: u(3), value: u(5) });

const componentTypes = Object.keys(PACKET_FILTER_COMPONENTS).map(Number);
const filterContents = fc.oneof(
  fc.record({
    components: fc.array(
      fc
        .constantFrom(...componentTypes)
        .chain((type) =>
          bytes(PACKET_FILTER_COMPONENTS[type][0], PACKET_FILTER_COMPONENTS[type][0]).map((value) => ({ type, value })),
        ),
      { maxLength: 3 },
    ),
  }),
  // A first octet that is no component type: kept as contents.
  bytes(0, 8).map((b) => ({ contents: Buffer.concat([Buffer.of(0x00), b]) })),
);
const filterHead = { id: u(4), direction: u(2), spare: spareOf(0xc0) };
const headKeys = ['id', 'direction'] as const;
const parameters = fc.array(fc.record({ id: u(8), contents: bytes(0, 6) }), { maxLength: 2 });

const tft = u(3).chain((operation) =>
  fc.record(
    {
      operation: fc.constant(operation),
      ...([1, 3, 4].includes(operation)
        ? {
            filters: fc.array(
              fc.record(
                { ...filterHead, precedence: u(8), filter: filterContents },
                { requiredKeys: [...headKeys, 'precedence', 'filter'] },
              ),
              { maxLength: 3 },
            ),
          }
        : {}),
      ...(operation === 5 ? { filterIds: fc.array(u(8), { maxLength: 4 }) } : {}),
      parameters,
    },
    {
      requiredKeys: [
        'operation',
        ...([1, 3, 4].includes(operation) ? ['filters' as const] : []),
        ...(operation === 5 ? ['filterIds' as const] : []),
      ],
    },
  ),
);

const qosRule = u(3).chain((operation) => {
  const withFilters = [1, 3, 4].includes(operation);
  return fc
    .record({
      id: u(8),
      operation: fc.constant(operation),
      dqr: fc.boolean(),
      filters: withFilters
        ? fc.array(fc.record({ ...filterHead, filter: filterContents }, { requiredKeys: [...headKeys, 'filter'] }), {
            maxLength: 3,
          })
        : fc.constant(undefined),
      filterIds: operation === 5 ? fc.array(u(8), { maxLength: 3 }) : fc.constant(undefined),
      tail: fc.oneof(
        fc.constant({}),
        fc.record({ precedence: u(8) }),
        fc.record(
          { precedence: u(8), qfi: u(6), segregation: fc.boolean(), spare: fc.constant(0x80) },
          { requiredKeys: ['precedence', 'qfi', 'segregation'] },
        ),
      ),
    })
    .map(({ tail, filters, filterIds, ...rule }) => ({
      ...rule,
      ...(filters ? { filters } : {}),
      ...(filterIds ? { filterIds } : {}),
      ...tail,
    }));
});

const qosFlow = fc.record(
  {
    qfi: u(6),
    operation: u(3),
    e: fc.boolean(),
    parameters: fc.array(fc.record({ id: u(8), contents: bytes(0, 5) }), { maxLength: 3 }),
    spare: fc
      .integer({ min: 1, max: 0xffffff })
      .map((v) => v & 0xc01f80)
      .filter((v) => v !== 0),
  },
  { requiredKeys: ['qfi', 'operation', 'e', 'parameters'] },
);

const pdnAddress = fc
  .record(
    { type: fc.constantFrom(1, 2, 3), iid, ipv4, flags: spareOf(0xf8), extra: bytes(1, 3) },
    { requiredKeys: ['type', 'iid', 'ipv4'] },
  )
  .map(({ type, iid: i, ipv4: a, ...rest }) => ({
    type,
    ...(type !== 1 ? { interfaceIdentifier: i } : {}),
    ...(type !== 2 ? { ipv4: a } : {}),
    ...rest,
  }));

const pduAddress = fc
  .record(
    { type: fc.constantFrom(1, 2, 3), iid, ipv4, smfLinkLocal: ipv6, spare: spareOf(0xf0), extra: bytes(1, 3) },
    { requiredKeys: ['type', 'iid', 'ipv4'] },
  )
  .map(({ type, iid: i, ipv4: a, ...rest }) => ({
    type,
    ...(type !== 1 ? { interfaceIdentifier: i } : {}),
    ...(type !== 2 ? { ipv4: a } : {}),
    ...rest,
  }));

const sNssai = fc.oneof(
  fc.record({ sst: u(8) }),
  fc.record({ sst: u(8), mappedSst: u(8) }),
  fc.record({ sst: u(8), sd: u(24) }),
  fc.record({ sst: u(8), sd: u(24), mappedSst: u(8) }),
  fc.record({ sst: u(8), sd: u(24), mappedSst: u(8), mappedSd: u(24) }),
);

/** Arbitraries by codec name (Codec.name). */
const BY_CODEC: Record<string, fc.Arbitrary<unknown>> = {
  'ESM cause': u(8),
  '5GSM cause': u(8),
  'LLC service access point identifier': u(8),
  'Access point name': apn,
  DNN: apn,
  'Protocol configuration options': pco,
  'GPRS timer': timer,
  'GPRS timer 3': timer,
  'Traffic flow template': tft,
  'EPS quality of service': fc.record({ qci: u(8), rates: bytes(1, 10) }, { requiredKeys: ['qci'] }),
  'PDN address': pdnAddress,
  'PDU address': pduAddress,
  'QoS rules': fc.array(qosRule, { maxLength: 3 }),
  'QoS flow descriptions': fc.array(qosFlow, { maxLength: 3 }),
  'Session-AMBR': fc.record({ downlinkUnit: u(8), downlink: u(16), uplinkUnit: u(8), uplink: u(16) }),
  'S-NSSAI': sNssai,
  'Integrity protection maximum data rate': fc.record({ uplink: u(8), downlink: u(8) }),
  'Maximum number of supported packet filters': u(16),
};

function arbitraryOf(f: IeFormat<unknown>, where: string): fc.Arbitrary<unknown> {
  if (f.kind === 'half') return u(4);
  if (f.kind === 'flag') return fc.constant(true);
  const c = f.codec!;
  const a = BY_CODEC[c.name];
  if (a) return a;
  // Octets codecs (their length is the value's): any value.
  let octets = false;
  try {
    octets = c.encodingLength(Buffer.alloc(3) as never) === 3;
  } catch {}
  if (octets) return bytes(0, 12);
  throw new Error(`no arbitrary for codec ${c.name} (${where})`);
}

/** Messages of the given definitions, with header fields from `header`. */
export function nasMessages(
  protocol: string,
  defs: readonly MessageDef[],
  header: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> {
  return fc.oneof(
    ...defs.map((d) => {
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const m of d.mandatory) fields[m.field] = m.spare ? fc.constant(undefined) : arbitraryOf(m.format, d.name);
      const optional = d.optional.map((e) =>
        arbitraryOf(e.format, `${d.name} ${e.ie}`).map((value) => ({ ie: e.ie, value })),
      );
      return fc
        .record({
          ...header,
          ...fields,
          ies: optional.length === 0 ? fc.constant([]) : fc.array(fc.oneof(...optional), { maxLength: 4 }),
        })
        .map((m) => {
          const out: Record<string, unknown> = { protocol, type: d.name };
          for (const [k, v] of Object.entries(m)) if (v !== undefined) out[k] = v;
          return out;
        });
    }),
  );
}
