import { join } from 'node:path';
import test from 'ava';
import { loadTarget } from '../../harness/runner/target-file.ts';
import { failures, runScenarios } from '../helpers/run-scenarios.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { dissect, type Frame, field, fieldAll } from '../helpers/tshark.ts';

/**
 * tshark reads what tethering and 464XLAT over 5GS put on the wire, from the scenarios' own
 * captures: the SMF's N4 Session Establishment with the delegated prefix as the UE IP Address
 * (IPv6D, TS 29.244 §8.2.62) and the DHCPv6 PDR's SDF filter; the UE's DHCPv6 and the SMF's answers
 * GTP-U encapsulated on N3 and on N4-u (TS 23.501 §5.8.2.2.4) with the delegated /56 and PD_EXCLUDE
 * (RFC 8415 §21.22, RFC 6603 §4.1); the SMF's Router Advertisement with PREF64 (RFC 8781 §4). No
 * frame is malformed, and the fields are what the DNNs declare (targets/standins.yaml: tether, xlat).
 */
const PD = 'terminal/tethering/mode-prefix-delegation/access-5gs';
const XLAT = 'terminal/464xlat/discovery-ra-pref64/access-5gs';

/**
 * The capture dissected with GTP-U and PFCP on whatever UDP ports carry them (in-process labs bind
 * 2152 and 8805 only where they are free): a first pass finds them by their headers (GTP-U:
 * version 1, PT 1, type 255; PFCP: version 1, S = 1, a session message type 50-57).
 */
async function dissectWithGtpu(path: string): Promise<Frame[]> {
  const decodeAs = new Set<string>();
  for (const f of await dissect(path)) {
    const data = field(f, 'data.data') ?? '';
    const port = field(f, 'udp.dstport');
    if (!port) continue;
    if (/^3[0-7]:ff:/.test(data)) decodeAs.add(`udp.port==${port},gtp`);
    else if (/^21:3[2-9]:/.test(data)) decodeAs.add(`udp.port==${port},pfcp`);
  }
  return dissect(path, { decodeAs: [...decodeAs] });
}

const clean = (frames: Frame[]) =>
  frames.filter((f) => f.malformed || f.errors.length).map((f) => `${f.number}: ${f.errors.join('; ')}`);

test('tethering and 464XLAT over 5GS: tshark reads the N4 rules, DHCPv6 on N3 and N4-u, and the RA PREF64 as set', async (t) => {
  const dir = tempDir('terminal-5gs-oracle');
  const results = await runScenarios([PD, XLAT], loadTarget().target, 40, {}, dir);
  t.deepEqual(
    results.map((r) => `${r.id} ${r.status}`),
    [`${PD} passed`, `${XLAT} passed`],
    results.map((r) => `${failures(r).join('; ')} ${r.error ?? ''}`).join('\n'),
  );
  const pcap = (id: string) => join(dir, 'pcap', `${id.replaceAll('/', '_')}.pcap`);

  const pd = await dissectWithGtpu(pcap(PD));
  t.deepEqual(clean(pd), []);
  const est = pd.filter((f) => field(f, 'pfcp.msg_type') === '50');
  t.is(est.length, 1);
  // The uplink and downlink PDRs: the /56 (delegation bits 64 − 56 = 8) starting with the session's /64.
  t.deepEqual(fieldAll(est[0], 'pfcp.ue_ip_address_flag.v6d'), ['1', '1']);
  t.deepEqual(fieldAll(est[0], 'pfcp.ue_ip_addr_ipv6_prefix'), ['8', '8']);
  t.deepEqual(fieldAll(est[0], 'pfcp.ue_ip_addr_ipv6'), ['2001:db8:8800::', '2001:db8:8800::']);
  t.true(
    fieldAll(est[0], 'pfcp.flow_desc').includes('permit out 17 from ff02::1:2/128 547 to assigned 546'),
    fieldAll(est[0], 'pfcp.flow_desc').join(', '),
  );
  const dhcp = pd.filter((f) => field(f, 'dhcpv6.msgtype') !== undefined);
  const tunnelled = (type: string) =>
    dhcp.filter((f) => field(f, 'gtp.teid') !== undefined && field(f, 'dhcpv6.msgtype') === type);
  // Solicit and Request up N3 and on over N4-u; Advertise and Reply back over N4-u and down N3.
  for (const type of ['1', '2', '3', '7']) t.true(tunnelled(type).length >= 2, `DHCPv6 type ${type} in GTP-U`);
  for (const f of tunnelled('7')) {
    t.is(field(f, 'dhcpv6.iaprefix.pref_addr'), '2001:db8:8800::');
    t.is(field(f, 'dhcpv6.iaprefix.pref_len'), '56');
    t.is(field(f, 'dhcpv6.pd_exclude.pref_len'), '64');
  }

  const xlat = await dissectWithGtpu(pcap(XLAT));
  t.deepEqual(clean(xlat), []);
  const ras = xlat.filter((f) => field(f, 'icmpv6.type') === '134' && field(f, 'gtp.teid') !== undefined);
  t.true(ras.length >= 2, 'RAs in GTP-U (N4-u and N3)');
  for (const f of ras) {
    t.deepEqual(fieldAll(f, 'icmpv6.opt.pref64.prefix'), ['2001:db8:64::']);
    t.deepEqual(fieldAll(f, 'icmpv6.opt.pref64.scaled_lifetime'), [String(1800 / 8)]);
  }
});
