import test from 'ava';
import { encode, PFCP_MESSAGE_TYPES, type PfcpIe, type PfcpMessage } from '../../harness/protocol/pfcp/index.ts';
import { PFCP_SAMPLES } from '../helpers/pfcp-samples.ts';
import { dissect, udp, writePcap, type Frame } from '../helpers/tshark.ts';

/** Wireshark's PFCP dissector must read every message type we encode, with the values we put in. */
const hex = (n: bigint | number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;

function expected(m: PfcpMessage): Map<string, string[]> {
  const f = new Map<string, string[]>();
  const add = (k: string, v: string | number) => f.set(k, [...(f.get(k) ?? []), String(v)]);
  add('pfcp.msg_type', m.type === 'unknown' ? m.messageType! : PFCP_MESSAGE_TYPES[m.type]);
  add('pfcp.seqno', m.sequence);
  if (m.seid !== undefined) add('pfcp.seid', hex(m.seid, 16));
  const walk = (ies: PfcpIe[]) => {
    for (const ie of ies) {
      switch (ie.ie) {
        case 'cause': add('pfcp.cause', ie.value); break;
        case 'node-id': if (ie.ipv6) add('pfcp.node_id_ipv6', ie.ipv6); break;
        case 'f-seid': add('pfcp.seid', hex(ie.seid, 16)); if (ie.ipv6) add('pfcp.f_seid.ipv6', ie.ipv6); break;
        case 'pdr-id': add('pfcp.pdr_id', ie.ruleId); break;
        case 'far-id': add('pfcp.far_id', ie.ruleId); break;
        case 'urr-id': add('pfcp.urr_id', ie.ruleId); break;
        case 'precedence': add('pfcp.precedence', ie.value); break;
        case 'source-interface': add('pfcp.source_interface', ie.value); break;
        case 'destination-interface': add('pfcp.dst_interface', ie.value); break;
        case 'f-teid':
          if (ie.teid !== undefined) add('pfcp.f_teid.teid', hex(ie.teid, 8));
          if (ie.ipv6) add('pfcp.f_teid.ipv6_addr', ie.ipv6);
          break;
        case 'ue-ip-address':
          if (ie.ipv6) add('pfcp.ue_ip_addr_ipv6', ie.ipv6);
          add('pfcp.ue_ip_address_flag.v6', ie.ipv6 || ie.chooseIpv6 ? 1 : 0);
          add('pfcp.ue_ip_address_flag.sd', ie.sourceOrDestination === 'destination' ? 1 : 0);
          add('pfcp.ue_ip_address_flag.v6pl', ie.ipv6PrefixLength !== undefined ? 1 : 0);
          add('pfcp.ue_ip_address_flag.v6d', ie.ipv6PrefixDelegationBits !== undefined ? 1 : 0);
          if (ie.ipv6PrefixDelegationBits !== undefined) add('pfcp.ue_ip_addr_ipv6_prefix', ie.ipv6PrefixDelegationBits);
          break;
        case 'apply-action': add('pfcp.apply_action.forw', ie.flags[0] & 2 ? 1 : 0); add('pfcp.apply_action.drop', ie.flags[0] & 1); break;
        case 'outer-header-creation':
          add('pfcp.outer_hdr_desc', ie.description);
          if (ie.teid !== undefined) add('pfcp.outer_hdr_creation.teid', hex(ie.teid, 8));
          if (ie.ipv4) add('pfcp.outer_hdr_creation.ipv4', ie.ipv4);
          if (ie.ipv6) add('pfcp.outer_hdr_creation.ipv6', ie.ipv6);
          break;
        case 'outer-header-removal': add('pfcp.out_hdr_desc', ie.description); break;
        case 'volume-threshold': if (ie.total !== undefined) add('pfcp.volume_threshold.tovol', ie.total.toString()); break;
        case 'offending-ie': add('pfcp.offending_ie', ie.type); break;
        default:
          if ('ies' in ie) walk(ie.ies);
      }
    }
  };
  walk(m.ies);
  // The Sx node's F-SEID is listed after the header SEID in tree order.
  return f;
}

let frames: Frame[] = [];
test.before(async () => {
  frames = await dissect(writePcap(PFCP_SAMPLES.map((m) => udp(encode(m), { address: '2001:db8:5::10', port: 8805 }, { address: '2001:db8:5::20', port: 8805 })), 'pfcp'));
});

test('tshark dissects every PFCP message type cleanly', (t) => {
  t.is(frames.length, PFCP_SAMPLES.length);
  t.is(new Set(PFCP_SAMPLES.map((m) => m.type)).size, Object.keys(PFCP_MESSAGE_TYPES).length);
  for (const f of frames) {
    t.false(f.malformed, `frame ${f.number}`);
    t.deepEqual(f.errors, [], `frame ${f.number}`);
  }
});

for (const [i, m] of PFCP_SAMPLES.entries()) {
  test(`tshark reads the values we encoded: ${m.type}`, (t) => {
    for (const [name, values] of expected(m)) t.deepEqual(frames[i].fields.get(name) ?? [], values, `${name} in frame ${i + 1}`);
  });
}
