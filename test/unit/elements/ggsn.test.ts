import test from 'ava';
import { Ggsn, type GgsnFault } from '../../../harness/elements/ggsn/index.ts';
import type { ApnConfig } from '../../../harness/elements/common/apn-config.ts';
import { SgsnGnDriver } from '../../../harness/drivers/sgsn/index.ts';
import { UeIpv4Host, UeIpv6Host, splitByFamily, withInterfaceId } from '../../../harness/drivers/ue/index.ts';
import { findIe } from '../../../harness/protocol/gtpv1c/index.ts';
import { noRecorder } from '../../../harness/net/pcap/index.ts';

/**
 * The GGSN stand-in as TS 29.060 has it, driven by our SGSN driver over real sockets on loopback:
 * Update PDP Context, SGSN restart (TS 23.007 §18) by Create and by Echo, the §7.6 response cache,
 * and the IPv4 and UE-to-UE user plane.
 */
const APN: ApnConfig = {
  pdnTypes: 'ipv4v6',
  singleAddressBearersOnly: false,
  prefer: 'ipv6',
  ipv6Pool: '2001:db8:45::/48',
  ipv4Pool: '203.0.113.0/24',
  dnsIpv6: ['2001:db8:53::1'],
  dnsIpv4: ['192.0.2.53'],
  mtu: 1400,
  probeIpv6: '2001:db8:ffff::2',
};
const INTERNET = {
  ipv6Only: '2001:db8:f000::6',
  ipv4Only: '192.0.2.4',
  dualStack: { ipv6: '2001:db8:f000::46', ipv4: '192.0.2.46' },
  brokenIpv6: { ipv6: '2001:db8:f000::bad', ipv4: '192.0.2.66' },
  udpEchoPort: 7,
};

async function lab(t: import('ava').ExecutionContext, faults: GgsnFault[] = [], echoIntervalS?: number) {
  const ggsn = new Ggsn({
    address: '127.0.0.1',
    restartCounter: 7,
    faults,
    apns: { inet46: APN },
    internet: INTERNET,
    echoIntervalS,
  });
  await ggsn.start();
  const drivers: SgsnGnDriver[] = [];
  const sgsn = async () => {
    const d = new SgsnGnDriver({
      ggsn: { ...ggsn.endpoint, userPlanePort: ggsn.userPlane.endpoint.port },
      recorder: noRecorder,
      localAddress: '127.0.0.1',
      timers: { t3ResponseMs: 500, n3Requests: 1 },
    });
    await d.open();
    drivers.push(d);
    return d;
  };
  t.teardown(async () => {
    await Promise.all(drivers.map((d) => d.close()));
    await ggsn.stop();
  });
  return { ggsn, sgsn };
}

const create = (d: SgsnGnDriver, imsi: string) =>
  d.createPdpContext({ imsi, apn: 'inet46', pdpType: 'ipv4v6' }).then((r) => {
    if (!r.context || r.outcome.kind !== 'response') throw new Error('Create PDP Context failed');
    return { context: r.context, res: r.outcome.message };
  });

test('Update PDP Context: cause 128, the user plane follows the new TEID; an unknown TEID gets 192 Non-existent', async (t) => {
  const { sgsn } = await lab(t);
  const d = await sgsn();
  const { context, res } = await create(d, '001010000000101');
  const eua = findIe(res, 'end-user-address')!;
  const up = await d.updatePdpContext(context);
  t.is(up.outcome.kind === 'response' ? findIe(up.outcome.message, 'cause')?.value : undefined, 128);
  t.is(up.outcome.kind === 'response' ? up.outcome.message.teid : undefined, up.context!.teidControl);
  let onOld = 0;
  d.bearer(context).onPacket(() => onOld++);
  const ue = new UeIpv6Host(d.bearer(up.context!), withInterfaceId('::', eua.ipv6!));
  t.truthy(await ue.ping(APN.probeIpv6!, 1, 1, 1000), 'echo reply on the new TEID');
  t.is(onOld, 0);
  const unknown = await d.updatePdpContext(context, { ggsnTeidControl: 0x7777 });
  t.is(unknown.outcome.kind === 'response' ? findIe(unknown.outcome.message, 'cause')?.value : undefined, 192);
  const del = await d.deletePdpContext(up.context!);
  t.is(del.kind === 'response' ? del.message.teid : undefined, up.context!.teidControl, 'the new TEID-C in the header');
});

test('SGSN restart: a Create with a new Recovery makes the GGSN delete the old contexts and tell the SGSN', async (t) => {
  const { ggsn, sgsn } = await lab(t);
  const d = await sgsn();
  const old = await create(d, '001010000000102');
  await create(d, '001010000000103');
  t.is(ggsn.contextCount, 2);
  d.simulateRestart();
  const deleted = d.fromGgsn.next((m) => m.type === 'delete-pdp-context-request', 2000);
  await create(d, '001010000000104');
  const req = await deleted;
  t.is(req?.teid, old.context.teidControl);
  t.is(ggsn.contextCount, 1);
  await new Promise((r) => setTimeout(r, 50));
  t.is(d.fromGgsn.received.filter((r) => r.message.type === 'delete-pdp-context-request').length, 2);
});

test('SGSN restart seen in an Echo Response of the GGSN-initiated Echo (interval 1 s) releases the contexts; the fault keeps them', async (t) => {
  const { ggsn, sgsn } = await lab(t, [], 1);
  const d = await sgsn();
  await create(d, '001010000000105');
  const first = await d.fromGgsn.next((m) => m.type === 'echo-request', 2500);
  t.truthy(first, 'an Echo Request within 2.5 s');
  d.simulateRestart();
  const deleted = await d.fromGgsn.next((m) => m.type === 'delete-pdp-context-request', 2500);
  t.truthy(deleted);
  t.is(ggsn.contextCount, 0);
  t.true(ggsn.paths.stats.restartsDetected >= 1);
});

test('the faults ignore-sgsn-restart and no-echo: contexts kept, no Echo Request sent', async (t) => {
  const kept = await lab(t, ['ignore-sgsn-restart'], 1);
  const d = await kept.sgsn();
  await create(d, '001010000000109');
  d.simulateRestart();
  await create(d, '001010000000110');
  t.truthy(await d.fromGgsn.next((m) => m.type === 'echo-request', 2500));
  t.is(kept.ggsn.contextCount, 2);
  t.false(d.fromGgsn.received.some((r) => r.message.type === 'delete-pdp-context-request'));
  const silent = await lab(t, ['no-echo'], 1);
  const e = await silent.sgsn();
  await create(e, '001010000000111');
  t.is(await e.fromGgsn.next((m) => m.type === 'echo-request', 2500), undefined);
});

test('the response cache answers the same request again, but a reused sequence number with another request afresh', async (t) => {
  for (const [faults, expected] of [
    [[], 'delete-pdp-context-response'],
    [['stale-response-cache'], 'create-pdp-context-response'],
  ] as const) {
    const { sgsn } = await lab(t, [...faults]);
    const d = await sgsn();
    const made = await d.createPdpContext({ imsi: '001010000000106', apn: 'inet46', pdpType: 'ipv6' });
    const seq = made.outcome.sequence;
    const del = await d.deletePdpContext(made.context!, undefined, seq);
    t.is(del.kind === 'response' ? del.message.type : 'none', expected, faults.join(',') || 'no fault');
  }
});

test('IPv4 user plane and UE to UE: echo to a Gi host, Destination Unreachable elsewhere, both families between MSs', async (t) => {
  const { sgsn } = await lab(t);
  const d1 = await sgsn();
  const d2 = await sgsn();
  const a = await create(d1, '001010000000107');
  const b = await create(d2, '001010000000108');
  const euaA = findIe(a.res, 'end-user-address')!;
  const euaB = findIe(b.res, 'end-user-address')!;
  const fa = splitByFamily(d1.bearer(a.context));
  const fb = splitByFamily(d2.bearer(b.context));
  const a4 = new UeIpv4Host(fa.ipv4, euaA.ipv4!);
  const b4 = new UeIpv4Host(fb.ipv4, euaB.ipv4!);
  t.truthy(await a4.ping(INTERNET.ipv4Only, 1, 1, 1000), 'ICMP echo to the IPv4-only host');
  t.falsy(await a4.ping('198.51.100.77', 1, 2, 500));
  t.true(
    a4.unexpected.some((p) => p.payload.type === 'icmp' && p.payload.message.type === 'destination-unreachable'),
    'Destination Unreachable',
  );
  // In-process the GGSN learns each MS's GTP-U port from its first uplink packet (2152 in a real network).
  t.truthy(await b4.ping(INTERNET.ipv4Only, 2, 1, 1000));
  t.truthy(await a4.ping(euaB.ipv4!, 1, 3, 1000), 'IPv4 MS to MS');
  t.is(b4.echoRequestsAnswered, 1);
  const a6 = new UeIpv6Host(fa.ipv6, withInterfaceId('::', euaA.ipv6!));
  const b6 = new UeIpv6Host(fb.ipv6, withInterfaceId('::', euaB.ipv6!));
  await Promise.all([
    a6.solicitRouter({ intervalMs: 500, maxSolicitations: 2 }),
    b6.solicitRouter({ intervalMs: 500, maxSolicitations: 2 }),
  ]);
  t.truthy(await a6.ping(b6.global!, 2, 1, 1000), 'IPv6 MS to MS');
  const global = a6.global;
  a6.global = undefined;
  t.falsy(await a6.ping(b6.linkLocal, 2, 2, 300), 'link-local is never forwarded');
  a6.global = global;
});

test('IPv4 link-local (169.254/16) is never forwarded out of Gi (RFC 3927 §2.7); fault forward-link-local forwards it', async (t) => {
  for (const faults of [[], ['forward-link-local']] as GgsnFault[][]) {
    const { ggsn, sgsn } = await lab(t, faults);
    const d = await sgsn();
    const a = await create(d, '001010000000109');
    const a4 = new UeIpv4Host(splitByFamily(d.bearer(a.context)).ipv4, findIe(a.res, 'end-user-address')!.ipv4!);
    // The GGSN learns the MS's GTP-U port from its first uplink packet (in-process labs).
    t.truthy(await a4.ping(INTERNET.ipv4Only, 3, 1, 1000));
    const before = ggsn.userPlane.counters.droppedLinkLocal;
    t.falsy(await a4.ping('169.254.7.7', 3, 2, 500));
    // An echo to a Gi host after it: once its reply is back, anything Gi said about the first is too.
    t.truthy(await a4.ping(INTERNET.ipv4Only, 3, 3, 2000));
    const unreachable = a4.unexpected.some(
      (p) => p.payload.type === 'icmp' && p.payload.message.type === 'destination-unreachable',
    );
    if (faults.length === 0) {
      t.is(ggsn.userPlane.counters.droppedLinkLocal, before + 1, 'dropped at the GGSN');
      t.false(unreachable, 'nothing from Gi: the packet never left');
    } else {
      t.is(ggsn.userPlane.counters.droppedLinkLocal, before);
      t.true(unreachable, 'the Gi side answered: the packet was forwarded');
    }
  }
});
