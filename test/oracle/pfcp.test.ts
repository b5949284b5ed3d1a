import test from 'ava';
import {
  dateFromNtpSeconds,
  encode,
  FLAG_BITS,
  GROUPED,
  hasFlag,
  messageTypeNumber,
  PFCP_MESSAGE_TYPES,
  type FlagsIeName,
  type GroupedIe,
  type PfcpIe,
  type PfcpMessage,
} from '../../harness/protocol/pfcp/index.ts';
import { PFCP_SAMPLES } from '../helpers/pfcp-samples.ts';
import { dissect, udp, writePcap, type Frame } from '../helpers/tshark.ts';

/**
 * Wireshark's PFCP dissector (tshark 4.0) must read every message type we encode, with the
 * values we put in: header flags, SEIDs, sequence numbers, every IE's type and length in tree
 * order, and the fields of each modelled IE. Expected values come from the messages we encoded.
 */
const hex = (n: bigint | number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;
const bit = (b: boolean) => (b ? '1' : '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');
/** tshark's FT_ABSOLUTE_TIME text, with TZ=UTC. */
function tsharkTime(d: Date): string {
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')}, ${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.000000000 UTC`;
}

/** tshark field prefix of each flag-octet IE, and its names where they differ from ours. */
const FLAG_FIELDS: Record<FlagsIeName, string> = {
  'apply-action': 'pfcp.apply_action.',
  'reporting-triggers': 'pfcp.reporting_triggers_flags.',
  'up-function-features': 'pfcp.up_function_features.',
  'cp-function-features': 'pfcp.cp_function_features.',
};
const TSHARK_FLAG_NAME: Record<string, string> = { mte: 'mte_n4' };

const GROUPED_TYPES = new Set<number>(Object.values(GROUPED));

/** IE types (or enterprise IE types) and lengths in tree order, read from the encoded octets. */
function ieHeaders(buf: Buffer): { type: number; length: number }[] {
  const out: { type: number; length: number }[] = [];
  const walk = (start: number, end: number) => {
    for (let o = start; o < end; ) {
      const type = buf.readUInt16BE(o);
      const length = buf.readUInt16BE(o + 2);
      out.push({ type, length });
      if (GROUPED_TYPES.has(type)) walk(o + 4, o + 4 + length);
      o += 4 + length;
    }
  };
  for (let o = 0; o < buf.length; ) {
    const length = buf.readUInt16BE(o + 2);
    walk(o + (buf[o] & 1 ? 16 : 8), o + 4 + length);
    o += 4 + length;
  }
  return out;
}

function expected(first: PfcpMessage, bytes: Buffer): Map<string, string[]> {
  const f = new Map<string, string[]>();
  const add = (k: string, v: string | number | bigint) => f.set(k, [...(f.get(k) ?? []), String(v)]);
  const walk = (ies: PfcpIe[]) => {
    for (const ie of ies) {
      switch (ie.ie) {
        case 'cause':
          add('pfcp.cause', ie.value);
          break;
        case 'node-id':
          add('pfcp.node_id_type', ie.ipv4 !== undefined ? 0 : ie.ipv6 !== undefined ? 1 : 2);
          if (ie.ipv4 !== undefined) add('pfcp.node_id_ipv4', ie.ipv4);
          if (ie.ipv6 !== undefined) add('pfcp.node_id_ipv6', ie.ipv6);
          if (ie.fqdn !== undefined) add('pfcp.node_id_fqdn', ie.fqdn);
          break;
        case 'f-seid':
          add('pfcp.f_seid_flags.v4', bit(ie.ipv4 !== undefined));
          add('pfcp.f_seid_flags.v6', bit(ie.ipv6 !== undefined));
          add('pfcp.seid', hex(ie.seid, 16));
          if (ie.ipv4 !== undefined) add('pfcp.f_seid.ipv4', ie.ipv4);
          if (ie.ipv6 !== undefined) add('pfcp.f_seid.ipv6', ie.ipv6);
          break;
        case 'recovery-time-stamp':
          add('pfcp.recovery_time_stamp', tsharkTime(dateFromNtpSeconds(ie.seconds)));
          break;
        case 'offending-ie':
          add('pfcp.offending_ie', ie.type);
          break;
        case 'pdr-id':
          add('pfcp.pdr_id', ie.ruleId);
          break;
        case 'far-id':
          add('pfcp.far_id_flg', bit(ie.ruleId >= 0x80000000));
          add('pfcp.far_id', ie.ruleId & 0x7fffffff);
          break;
        case 'urr-id':
          add('pfcp.urr_id_flg', bit(ie.ruleId >= 0x80000000));
          add('pfcp.urr_id', ie.ruleId & 0x7fffffff);
          break;
        case 'qer-id':
          add('pfcp.qer_id_flg', bit(ie.ruleId >= 0x80000000));
          add('pfcp.qer_id', ie.ruleId & 0x7fffffff);
          break;
        case 'precedence':
          add('pfcp.precedence', ie.value);
          break;
        case 'source-interface':
          add('pfcp.source_interface', ie.value);
          break;
        case 'destination-interface':
          add('pfcp.dst_interface', ie.value);
          break;
        case 'f-teid':
          add('pfcp.f_teid_flags.ch_id', bit(ie.choose?.chooseId !== undefined));
          add('pfcp.f_teid_flags.ch', bit(ie.choose !== undefined));
          add('pfcp.f_teid_flags.v6', bit(ie.choose ? ie.choose.ipv6 : ie.ipv6 !== undefined));
          add('pfcp.f_teid_flags.v4', bit(ie.choose ? ie.choose.ipv4 : ie.ipv4 !== undefined));
          if (ie.teid !== undefined) add('pfcp.f_teid.teid', hex(ie.teid, 8));
          if (ie.ipv4 !== undefined) add('pfcp.f_teid.ipv4_addr', ie.ipv4);
          if (ie.ipv6 !== undefined) add('pfcp.f_teid.ipv6_addr', ie.ipv6);
          if (ie.choose?.chooseId !== undefined)
            add('pfcp.f_teid.choose_id', ie.choose.chooseId.toString(16).padStart(2, '0'));
          break;
        case 'network-instance':
          add('pfcp.network_instance', ie.name);
          break;
        case 'ue-ip-address':
          add('pfcp.ue_ip_address_flag.v6pl', bit(ie.ipv6PrefixLength !== undefined));
          add('pfcp.ue_ip_address_flag.chv6', bit(ie.chooseIpv6 === true));
          add('pfcp.ue_ip_address_flag.chv4', bit(ie.chooseIpv4 === true));
          add('pfcp.ue_ip_address_flag.v6d', bit(ie.ipv6PrefixDelegationBits !== undefined));
          add('pfcp.ue_ip_address_flag.sd', bit(ie.sourceOrDestination === 'destination'));
          add('pfcp.ue_ip_address_flag.v4', bit(ie.ipv4 !== undefined));
          add('pfcp.ue_ip_address_flag.v6', bit(ie.ipv6 !== undefined));
          if (ie.ipv4 !== undefined) add('pfcp.ue_ip_addr_ipv4', ie.ipv4);
          if (ie.ipv6 !== undefined) add('pfcp.ue_ip_addr_ipv6', ie.ipv6);
          if (ie.ipv6PrefixDelegationBits !== undefined)
            add('pfcp.ue_ip_addr_ipv6_prefix', ie.ipv6PrefixDelegationBits);
          if (ie.ipv6PrefixLength !== undefined) add('pfcp.ue_ip_addr_ipv6_prefix_length', ie.ipv6PrefixLength);
          break;
        case 'outer-header-removal':
          add('pfcp.out_hdr_desc', ie.description);
          if (ie.extensionHeaderDeletion !== undefined)
            add('pfcp.gtpu_ext_hdr_del.pdu_sess_cont', bit((ie.extensionHeaderDeletion & 1) !== 0));
          break;
        case 'outer-header-creation':
          add('pfcp.outer_hdr_desc', ie.description);
          if (ie.teid !== undefined) add('pfcp.outer_hdr_creation.teid', hex(ie.teid, 8));
          if (ie.ipv4 !== undefined) add('pfcp.outer_hdr_creation.ipv4', ie.ipv4);
          if (ie.ipv6 !== undefined) add('pfcp.outer_hdr_creation.ipv6', ie.ipv6);
          if (ie.port !== undefined) add('pfcp.outer_hdr_creation.port', ie.port);
          break;
        case 'apply-action':
        case 'reporting-triggers':
        case 'up-function-features':
        case 'cp-function-features':
          for (const [name, [octet]] of Object.entries(FLAG_BITS[ie.ie])) {
            if (octet < ie.flags.length)
              add(FLAG_FIELDS[ie.ie] + (TSHARK_FLAG_NAME[name] ?? name), bit(hasFlag(ie, name as never)));
          }
          break;
        case 'measurement-method':
          add('pfcp.measurement_method_flags.durat', bit(ie.durat));
          add('pfcp.measurement_method_flags.volume', bit(ie.volum));
          add('pfcp.measurement_method_flags.event', bit(ie.event));
          break;
        case 'volume-threshold':
          add('pfcp.volume_threshold_flags.tovol', bit(ie.total !== undefined));
          add('pfcp.volume_threshold_flags.ulvol', bit(ie.uplink !== undefined));
          add('pfcp.volume_threshold_flags.dlvol', bit(ie.downlink !== undefined));
          if (ie.total !== undefined) add('pfcp.volume_threshold.tovol', ie.total);
          if (ie.uplink !== undefined) add('pfcp.volume_threshold.ulvol', ie.uplink);
          if (ie.downlink !== undefined) add('pfcp.volume_threshold.dlvol', ie.downlink);
          break;
        case 'pdn-type':
          add('pfcp.pdn_type', ie.value);
          break;
        case 'sdf-filter':
          add('pfcp.sdf_filter.fd', bit(ie.flowDescription !== undefined));
          add('pfcp.sdf_filter.ttc', bit(ie.tosTrafficClass !== undefined));
          add('pfcp.sdf_filter.spi', bit(ie.securityParameterIndex !== undefined));
          add('pfcp.sdf_filter.fl', bit(ie.flowLabel !== undefined));
          add('pfcp.sdf_filter.bid', bit(ie.sdfFilterId !== undefined));
          if (ie.flowDescription !== undefined) add('pfcp.flow_desc', ie.flowDescription);
          if (ie.securityParameterIndex !== undefined) add('pfcp.spi', hex(ie.securityParameterIndex, 8));
          if (ie.flowLabel !== undefined) add('pfcp.flow_label', hex(ie.flowLabel, 6));
          if (ie.sdfFilterId !== undefined) add('pfcp.sdf_filter_id', ie.sdfFilterId);
          break;
        case 'unknown':
          if (ie.enterpriseId !== undefined) add('pfcp.enterprise_id', ie.enterpriseId);
          break;
        default: {
          // Every leaf IE has a case above: only grouped IEs get here (checked by the compiler).
          const grouped: GroupedIe = ie;
          walk(grouped.ies);
        }
      }
    }
  };
  for (let m: PfcpMessage | undefined = first; m; m = m.followOn) {
    add('pfcp.version', 1);
    add('pfcp.fo_flag', bit(m.followOn !== undefined));
    add('pfcp.mp_flag', bit(m.priority !== undefined));
    add('pfcp.s', bit(m.seid !== undefined));
    add('pfcp.msg_type', messageTypeNumber(m));
    add('pfcp.length', encode({ ...m, followOn: undefined }).length - 4);
    if (m.seid !== undefined) add('pfcp.seid', hex(m.seid, 16));
    add('pfcp.seqno', m.sequence);
    if (m.priority !== undefined) add('pfcp.mp', m.priority);
    walk(m.ies);
  }
  for (const { type, length } of ieHeaders(bytes)) {
    add(type >= 0x8000 ? 'pfcp.enterprise_ie' : 'pfcp.ie_type', type);
    add('pfcp.ie_len', length);
  }
  return f;
}

const encoded = PFCP_SAMPLES.map((m) => encode(m));
let frames: Frame[] = [];
test.before(async () => {
  process.env.TZ = 'UTC';
  frames = await dissect(
    writePcap(
      encoded.map((b) => udp(b, { address: '2001:db8:5::10', port: 8805 }, { address: '2001:db8:5::20', port: 8805 })),
      'pfcp',
    ),
  );
});

test('tshark dissects every PFCP message type cleanly', (t) => {
  t.is(frames.length, PFCP_SAMPLES.length);
  const types = new Set<string>();
  for (const s of PFCP_SAMPLES) for (let m: PfcpMessage | undefined = s; m; m = m.followOn) types.add(m.type);
  t.deepEqual([...types].filter((x) => x !== 'unknown').sort(), Object.keys(PFCP_MESSAGE_TYPES).sort());
  t.true(types.has('unknown'));
  for (const f of frames) {
    t.deepEqual(f.protocols.slice(-1), ['pfcp'], `frame ${f.number}`);
    t.false(f.malformed, `frame ${f.number}`);
    t.deepEqual(f.errors, [], `frame ${f.number}`);
  }
});

for (const [i, m] of PFCP_SAMPLES.entries()) {
  test(`tshark reads the values we encoded: frame ${i + 1} ${m.type}${m.followOn ? ' (FO chain)' : ''}`, (t) => {
    for (const [name, values] of expected(m, encoded[i]))
      t.deepEqual(frames[i].fields.get(name) ?? [], values, `${name} in frame ${i + 1}`);
  });
}

test('the oracle notices a wrong value: a TEID off by one fails the comparison', (t) => {
  const m = PFCP_SAMPLES.find((x) => x.type === 'session-establishment-response')!;
  const i = PFCP_SAMPLES.indexOf(m);
  const wrong = structuredClone(m);
  const created = wrong.ies.find((x) => x.ie === 'created-pdr') as { ies: PfcpIe[] };
  const fteid = created.ies.find((x) => x.ie === 'f-teid') as { teid: number };
  fteid.teid += 1;
  const exp = expected(wrong, encoded[i]).get('pfcp.f_teid.teid');
  t.notDeepEqual(frames[i].fields.get('pfcp.f_teid.teid'), exp);
});
