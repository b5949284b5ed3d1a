import test from 'ava';
import * as gtpv1c from '../../harness/protocol/gtpv1c/index.ts';
import type { Gtpv1cMessage } from '../../harness/protocol/gtpv1c/index.ts';
import { dissect, udp, writePcap, type Frame } from '../helpers/tshark.ts';
import { pcoRequest } from '../../harness/drivers/common/pco-request.ts';
import { answerPco } from '../../harness/elements/common/pco-answer.ts';

/** The PCO an MS sends over Gn (DNS containers, IPCP with RFC 1877 options, PAP) and the GGSN stand-in's answer. */
const pcoAsked = pcoRequest(['dns-ipv6', 'dns-ipv4', 'ipcp-dns', 'pap']);
const pcoAnswered = answerPco(pcoAsked, {
  apn: {
    pdnTypes: 'ipv4v6',
    singleAddressBearersOnly: false,
    prefer: 'ipv6',
    ipv6Pool: '2001:db8:45::/48',
    ipv4Pool: '203.0.113.0/24',
    dnsIpv6: ['2001:db8:53::1'],
    dnsIpv4: ['192.0.2.53', '198.51.100.53'],
    mtu: 1400,
  },
  granted: 'ipv4v6',
  ipv4: '203.0.113.7',
  withDns: true,
  ipcp: 'negotiate',
})!;

/**
 * Independent oracle for the GTPv1-C IEs, messages and control-plane extension headers added for
 * Update PDP Context (TS 29.060 §7.3.3/§7.3.4, §6.1): Wireshark dissects what we encode with no
 * malformed packet or error, and reads the values we put in. (Create/Delete/Echo are in ip-gtp.test.ts.)
 */
const cases: { m: Gtpv1cMessage; fields: [string, string[]][] }[] = [
  {
    m: {
      type: 'update-pdp-context-request',
      teid: 0x3001,
      sequence: 0x79,
      extensionHeaders: [{ type: 'ms-info-change-reporting-support-indication' }],
      ies: [
        { ie: 'imsi', digits: '001010000000001' },
        { ie: 'rai', mcc: '001', mnc: '01', lac: 0x1234, rac: 0x56 },
        { ie: 'recovery', restartCounter: 3 },
        { ie: 'teid-data-i', teid: 9 },
        { ie: 'teid-control-plane', teid: 10 },
        { ie: 'nsapi', nsapi: 5 },
        { ie: 'gsn-address', address: '192.0.2.1' },
        { ie: 'gsn-address', address: '192.0.2.2' },
        { ie: 'qos-profile', allocationRetentionPriority: 2, data: Buffer.from('0b921f', 'hex') },
        gtpv1c.commonFlags({ dualAddressBearer: true }),
        { ie: 'rat-type', ratType: 1 },
        { ie: 'uli', locationType: 0, mcc: '001', mnc: '01', lac: 0x1234, identity: 0x5678 },
        { ie: 'ms-time-zone', timeZone: 0x40, daylightSavingTime: 1 },
        { ie: 'imei-sv', digits: '3534900698733201' },
        { ie: 'apn-ambr', uplink: 50000, downlink: 100000 },
      ],
    },
    fields: [
      ['gtp.message', ['0x12']],
      ['gtp.ext_hdr.next', ['0x02', '0x00']],
      ['gtp.ext_hdr.length', ['1']],
      ['e212.imsi', ['001010000000001']],
      ['gtp.lac', ['4660', '4660']],
      ['gtp.rai_rac', ['86']],
      ['gtp.nsapi', ['5']],
      ['gtp.cmn_flg.dual_addr_bearer_flg', ['1']],
      ['gtp.ext_rat_type', ['1']],
      ['gtp.geo_loc_type', ['0']],
      ['gtp.cgi_ci', ['22136']],
      ['gtp.timezone_dst', ['1']],
      ['gtp.ext_imeisv', ['3534900698733201']],
      ['gtp.apn_ambr_ul', ['50000']],
      ['gtp.apn_ambr_dl', ['100000']],
    ],
  },
  {
    m: {
      type: 'update-pdp-context-response',
      teid: 0x2001,
      sequence: 0x79,
      ies: [
        { ie: 'cause', value: 128 },
        { ie: 'recovery', restartCounter: 4 },
        { ie: 'teid-data-i', teid: 0x77 },
        { ie: 'teid-control-plane', teid: 0x78 },
        { ie: 'charging-id', chargingId: 0x99 },
        { ie: 'gsn-address', address: '192.0.2.7' },
        { ie: 'gsn-address', address: '192.0.2.8' },
        { ie: 'qos-profile', allocationRetentionPriority: 2, data: Buffer.from('0b921f', 'hex') },
        { ie: 'apn-restriction', restriction: 1 },
        { ie: 'charging-gateway-address', address: '192.0.2.9' },
      ],
    },
    fields: [
      ['gtp.message', ['0x13']],
      ['gtp.cause', ['128']],
      ['gtp.teid_data', ['0x00000077']],
      ['gtp.teid_cp', ['0x00000078']],
      ['gtp.gsn_ipv4', ['192.0.2.7', '192.0.2.8']],
      ['gtp.ext_apn_res', ['1']],
      ['gtp.chrg_ipv4', ['192.0.2.9']],
    ],
  },
  {
    m: {
      type: 'supported-extension-headers-notification',
      teid: 0,
      sequence: 1,
      ies: [{ ie: 'extension-header-type-list', types: [1, 2] }],
    },
    fields: [
      ['gtp.message', ['0x1f']],
      ['gtp.num_ext_hdr_types', ['2']],
      ['gtp.ext_hdr_type', ['1', '2']],
    ],
  },
  {
    m: {
      type: 'create-pdp-context-request',
      teid: 0,
      sequence: 2,
      ies: [
        { ie: 'reordering-required', required: true },
        { ie: 'selection-mode', mode: 1 },
        { ie: 'teardown-ind', teardown: true },
        { ie: 'nsapi', nsapi: 6 },
        { ie: 'end-user-address', pdpTypeOrganization: 1, pdpType: 0x8d },
      ],
    },
    fields: [
      ['gtp.reorder', ['1']],
      ['gtp.sel_mode', ['1']],
      ['gtp.tear_ind', ['1']],
      ['gtp.nsapi', ['6']],
      ['gtp.user_addr_pdp_type', ['0x8d']],
    ],
  },
  {
    m: { type: 'create-pdp-context-request', teid: 0, sequence: 3, ies: [{ ie: 'pco', ...pcoAsked }] },
    fields: [
      ['gsm_a.gm.sm.pco_pid', ['0x0003', '0x000d', '0x8021', '0xc023']],
      ['ppp.code', ['1']],
      ['pap.code', ['1']],
      ['ipcp.opt.pri_dns_address', ['0.0.0.0']],
      ['ipcp.opt.sec_dns_address', ['0.0.0.0']],
    ],
  },
  {
    m: {
      type: 'create-pdp-context-response',
      teid: 1,
      sequence: 3,
      ies: [
        { ie: 'cause', value: 128 },
        { ie: 'pco', ...pcoAnswered },
      ],
    },
    fields: [
      ['gsm_a.gm.sm.pco_pid', ['0x0003', '0x000d', '0x000d', '0x8021', '0xc023']],
      ['gsm_a.gm.sm.pco.dns.ipv6', ['2001:db8:53::1']],
      ['gsm_a.gm.sm.pco.dns.ipv4', ['192.0.2.53', '198.51.100.53']],
      ['ppp.code', ['3']],
      ['pap.code', ['2']],
      ['ipcp.opt.pri_dns_address', ['192.0.2.53']],
      ['ipcp.opt.sec_dns_address', ['198.51.100.53']],
    ],
  },
];

let frames: Frame[] = [];

test.before(async () => {
  const sgsn = { address: '192.0.2.1', port: 2123 };
  const ggsn = { address: '192.0.2.7', port: 2123 };
  frames = await dissect(
    writePcap(
      cases.map((c) => udp(gtpv1c.encode(c.m), sgsn, ggsn)),
      'gtpv1c',
    ),
  );
});

test('Update PDP Context, extension headers and the new IEs dissect cleanly with the values we encoded', (t) => {
  t.is(frames.length, cases.length);
  cases.forEach((c, i) => {
    const f = frames[i];
    t.false(f.malformed, `frame ${i + 1}`);
    t.deepEqual(f.errors, [], `frame ${i + 1}`);
    for (const [name, values] of c.fields) t.deepEqual(f.fields.get(name) ?? [], values, `${name} in frame ${i + 1}`);
  });
});
