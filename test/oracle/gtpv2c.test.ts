import test from 'ava';
import {
  encode,
  indicationFlag,
  PCO_CONTAINER,
  MESSAGE_TYPES,
  type Gtpv2cIe,
  type Gtpv2cMessage,
} from '../../harness/protocol/gtpv2c/index.ts';
import { addressString } from '../../harness/protocol/common/ip-bytes.ts';
import { GTPV2C_SAMPLES } from '../helpers/gtpv2c-samples.ts';
import { dissect, udp, writePcap, type Frame } from '../helpers/tshark.ts';

/**
 * Independent oracle: Wireshark's GTPv2 dissector must read every message type we encode with no
 * malformed packet, no error-level expert info (UDP checksums verified) and the field values we
 * encoded, IE by IE in tree order.
 */
const hex = (n: number, digits: number) => `0x${n.toString(16).padStart(digits, '0')}`;

function expectedFields(m: Gtpv2cMessage): Map<string, string[]> {
  const f = new Map<string, string[]>();
  const add = (k: string, v: string | number) => f.set(k, [...(f.get(k) ?? []), String(v)]);
  add('gtpv2.message_type', m.type === 'unknown' ? m.messageType! : MESSAGE_TYPES[m.type]);
  add('gtpv2.seq', hex(m.sequence, 6));
  if (m.teid !== undefined) add('gtpv2.teid', hex(m.teid, 8));
  const walk = (ies: Gtpv2cIe[]) => {
    for (const ie of ies) {
      switch (ie.ie) {
        case 'recovery':
          add('gtpv2.rec', ie.restartCounter);
          break;
        case 'cause':
          add('gtpv2.cause', ie.value);
          add('gtpv2.bce', ie.bce ? 1 : 0);
          if (ie.offendingIe) add('gtpv2.cause_off_ie_t', ie.offendingIe.type);
          break;
        case 'ebi':
          add('gtpv2.ebi', ie.ebi);
          break;
        case 'imsi':
          add('e212.imsi', ie.digits);
          break;
        case 'msisdn':
          add('e164.msisdn', ie.digits);
          break;
        case 'mei':
          add('gtpv2.mei', ie.digits);
          break;
        case 'rat-type':
          add('gtpv2.rat_type', ie.ratType);
          break;
        case 'apn':
          add('gtpv2.apn', ie.apn);
          break;
        case 'selection-mode':
          add('gtpv2.selec_mode', ie.mode);
          break;
        case 'pdn-type':
          add('gtpv2.pdn_type', ie.pdnType);
          break;
        case 'paa':
          add('gtpv2.pdn_type', ie.pdnType);
          if (ie.ipv6) add('gtpv2.pdn_addr_and_prefix.ipv6', ie.ipv6);
          if (ie.ipv4) add('gtpv2.pdn_addr_and_prefix.ipv4', ie.ipv4);
          break;
        case 'ambr':
          add('gtpv2.ambr_up', ie.uplink);
          add('gtpv2.ambr_down', ie.downlink);
          break;
        case 'indication':
          add('gtpv2.daf', indicationFlag(ie, 'daf') ? 1 : 0);
          break;
        case 'f-teid':
          add('gtpv2.f_teid_interface_type', ie.interfaceType);
          add('gtpv2.f_teid_gre_key', hex(ie.teid, 8));
          if (ie.ipv4) add('gtpv2.f_teid_ipv4', ie.ipv4);
          if (ie.ipv6) add('gtpv2.f_teid_ipv6', ie.ipv6);
          break;
        case 'bearer-qos':
          add('gtpv2.bearer_qos_label_qci', ie.qci);
          add('gtpv2.bearer_qos_pl', ie.priorityLevel);
          add('gtpv2.bearer_qos_mbr_up', ie.mbrUplink);
          add('gtpv2.bearer_qos_gbr_down', ie.gbrDownlink);
          break;
        case 'charging-id':
          add('gtpv2.charging_id', ie.chargingId);
          break;
        case 'uli':
          if (ie.tai) add('gtpv2.tai_tac', hex(ie.tai.tac, 4));
          if (ie.ecgi) add('gtpv2.ecgi_eci', ie.ecgi.eci);
          break;
        case 'private-extension':
          add('gtpv2.enterprise_id', ie.enterpriseId);
          break;
        case 'pco':
        case 'apco':
          for (const c of ie.containers) {
            add('gsm_a.gm.sm.pco_pid', hex(c.id, 4));
            if (c.contents.length === 0) continue;
            if (c.id === PCO_CONTAINER.DNS_SERVER_IPV6) add('gsm_a.gm.sm.pco.dns.ipv6', addressString(c.contents));
            if (c.id === PCO_CONTAINER.DNS_SERVER_IPV4) add('gsm_a.gm.sm.pco.dns.ipv4', addressString(c.contents));
            if (c.id === PCO_CONTAINER.IPV4_LINK_MTU)
              add('gsm_a.gm.sm.pco.ipv4_link_mtu_size', c.contents.readUInt16BE(0));
          }
          break;
        case 'bearer-context':
          walk(ie.ies);
          break;
        default:
          break;
      }
    }
  };
  walk(m.ies);
  return f;
}

let frames: Frame[] = [];
test.before(async () => {
  // Half over IPv6 transport, half over IPv4 (F-TEID V4/V6 transport choice, TS 29.274 §8.22).
  const packets = GTPV2C_SAMPLES.map((m, i) =>
    i % 2 === 0
      ? udp(encode(m), { address: '2001:db8:5::1', port: 2123 }, { address: '2001:db8:5::7', port: 2123 })
      : udp(encode(m), { address: '192.0.2.1', port: 2123 }, { address: '192.0.2.7', port: 2123 }),
  );
  frames = await dissect(writePcap(packets, 'gtpv2c'));
});

test('tshark dissects every GTPv2-C message type without malformed packets, expert errors or bad checksums', (t) => {
  t.is(frames.length, GTPV2C_SAMPLES.length);
  t.is(
    new Set(GTPV2C_SAMPLES.map((m) => m.type)).size,
    Object.keys(MESSAGE_TYPES).length - 2,
    'every named type but update-bearer is covered',
  );
  for (const f of frames) {
    t.false(f.malformed, `frame ${f.number} malformed`);
    t.deepEqual(f.errors, [], `frame ${f.number}`);
    t.true(f.protocols.includes('gtpv2'), `frame ${f.number}: ${f.protocols.join(':')}`);
  }
});

for (const [i, m] of GTPV2C_SAMPLES.entries()) {
  test(`tshark reads the values we encoded: ${m.type} #${i + 1}`, (t) => {
    const f = frames[i];
    for (const [name, values] of expectedFields(m)) {
      t.deepEqual(f.fields.get(name) ?? [], values, `${name} in frame ${i + 1}`);
    }
  });
}
