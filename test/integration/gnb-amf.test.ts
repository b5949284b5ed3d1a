import test from 'ava';
import type { Gnb, SuciProtection, Ue5g } from '../../harness/drivers/gnb/index.ts';
import { homeNetworkPublicKey } from '../../harness/protocol/crypto5g/index.ts';
import { MM5G_MESSAGE_TYPES, type NasMessage } from '../../harness/protocol/nas/index.ts';
import { MESSAGE_INFO } from '../../harness/protocol/ngap/index.ts';
import { colonHex, frames, hex2, K, KEY_A, KEY_B, OPC, PLMN, withLab } from '../helpers/gnb-amf-lab.ts';
import { needRoot } from '../helpers/root.ts';
import { fieldAll } from '../helpers/tshark.ts';

/**
 * The gNB+UE driver against the AMF stand-in over our SCTP on ::1: NG Setup, registration (SUCI
 * of the null scheme and ECIES profiles A and B, 5G AKA, security mode control, Initial Context
 * Setup) and deregistration. tshark reads the whole N2 capture (SCTP, NGAP and, with NEA0, every
 * NAS-5GS message inside) with no malformed frame or expert error, in the order our transcript
 * says, with the values our driver put in.
 */
const ue = (gnb: Gnb, imsi: string, suci: SuciProtection = { scheme: 'null' }) =>
  gnb.ue({ imsi, homePlmn: PLMN, k: K, opc: OPC, suci });

test('registration with NEA0 over SCTP/UDP: tshark reads every NGAP and NAS-5GS message in transcript order with our values', async (t) => {
  let registered: Ue5g | undefined;
  const { recorder, udpPort } = await withLab('udp', { ciphering: [0] }, async (gnb) => {
    t.is((await gnb.open()).kind, 'accepted');
    registered = ue(gnb, '001010000000001');
    const r = await registered.register();
    t.is(r.kind, 'registered', JSON.stringify(r));
    if (r.kind !== 'registered') return;
    t.deepEqual(
      { integrity: r.securityMode.integrity, ciphering: r.securityMode.ciphering, mac: r.securityMode.macValid },
      { integrity: 2, ciphering: 0, mac: true },
    );
    t.true(r.securityMode.replayedCapabilitiesMatch);
    t.is(r.contextSetup?.securityKeyCount, 0, 'KgNB from KAMF and the Security Mode Complete COUNT');
    t.deepEqual(r.acceptProtection, { securityHeaderType: 2, macValid: true });
    t.deepEqual((await registered.deregister()).kind, 'deregistered');
  });
  const f = await frames(recorder, udpPort, 'registration');
  t.deepEqual(
    f.filter((x) => x.malformed || x.errors.length).map((x) => `${x.number}: ${x.errors.join('; ')}`),
    [],
  );
  const ngap = f.filter((x) => x.protocols.includes('ngap'));
  const procedures = ngap.flatMap((x) => fieldAll(x, 'ngap.procedureCode'));
  const code = (m: string) => String(MESSAGE_INFO.get(m)!.procedureCode);
  t.deepEqual(procedures, [
    code('NGSetupRequest'),
    code('NGSetupResponse'),
    code('InitialUEMessage'),
    code('DownlinkNASTransport'),
    code('UplinkNASTransport'),
    code('DownlinkNASTransport'),
    code('UplinkNASTransport'),
    code('InitialContextSetupRequest'),
    code('InitialContextSetupResponse'),
    code('UplinkNASTransport'),
    code('UplinkNASTransport'),
    code('DownlinkNASTransport'),
    code('UEContextReleaseCommand'),
    code('UEContextReleaseComplete'),
  ]);
  // The NAS message types tshark reads (inner messages of protected ones, deciphered with NEA0).
  const transcript = registered!.transcript!.filter((e) => e.nas?.protocol === '5gmm');
  const mmTypes = ngap.flatMap((x) => fieldAll(x, 'nas_5gs.mm.message_type'));
  // tshark also dissects the whole Registration Request inside the Security Mode Complete's NAS
  // message container (TS 24.501 §4.4.6): it follows that message.
  t.deepEqual(
    mmTypes,
    transcript.flatMap((e) => {
      const type = (e.nas as Extract<NasMessage, { protocol: '5gmm' }>).type;
      const own = hex2(MM5G_MESSAGE_TYPES[type]);
      return type === 'security-mode-complete' ? [own, hex2(MM5G_MESSAGE_TYPES['registration-request'])] : [own];
    }),
  );
  const byType = (type: string) => transcript.find((e) => e.nas?.type === type)?.nas;
  const withMm = (type: string) =>
    ngap.find((x) =>
      fieldAll(x, 'nas_5gs.mm.message_type').includes(hex2(MM5G_MESSAGE_TYPES[type as 'registration-request'])),
    )!;
  t.deepEqual(fieldAll(withMm('registration-request'), 'nas_5gs.mm.suci.msin'), ['0000000001']);
  t.deepEqual(fieldAll(withMm('registration-request'), 'nas_5gs.mm.5g_128_ia2'), ['1']);
  const auth = byType('authentication-request') as Extract<NasMessage, { type: 'authentication-request' }>;
  const rand = auth.ies.find((i) => i.ie === 'rand')?.value as Buffer;
  t.deepEqual(fieldAll(withMm('authentication-request'), 'gsm_a.dtap.rand'), [colonHex(rand)]);
  const res = (byType('authentication-response') as Extract<NasMessage, { type: 'authentication-response' }>).ies[0]
    .value as Buffer;
  t.deepEqual(fieldAll(withMm('authentication-response'), 'nas_eps.emm.res'), [colonHex(res)]);
  t.deepEqual(fieldAll(withMm('security-mode-command'), 'nas_5gs.mm.nas_sec_algo_enc'), ['0']);
  t.deepEqual(fieldAll(withMm('security-mode-command'), 'nas_5gs.mm.nas_sec_algo_ip'), ['2']);
  t.deepEqual(fieldAll(withMm('security-mode-complete'), 'nas_5gs.mm.imeisv'), ['3501000000000101']);
  const accept = byType('registration-accept') as Extract<NasMessage, { type: 'registration-accept' }>;
  const guti = accept.ies.find((i) => i.ie === '5g-guti')?.value as { tmsi: number };
  t.deepEqual(fieldAll(withMm('registration-accept'), 'nas_5gs.5g_tmsi'), [String(guti.tmsi)]);
  // The 5G-GUTI the UE deregisters with is the one it was given.
  t.deepEqual(fieldAll(withMm('deregistration-request-ue-originating'), 'nas_5gs.5g_tmsi'), [String(guti.tmsi)]);
  const setup = ngap[0];
  t.deepEqual(fieldAll(setup, 'ngap.gNB_ID'), ['00:00:12:34']);
});

for (const transport of ['raw', 'udp'] as const) {
  test(`SUCI null scheme and ECIES profiles A and B over ${transport} SCTP; an unknown subscriber gets #7`, async (t) => {
    if (transport === 'raw' && !needRoot(t, 'raw SCTP')) return;
    await withLab(transport, {}, async (gnb) => {
      t.is((await gnb.open()).kind, 'accepted');
      const schemes: SuciProtection[] = [
        { scheme: 'null' },
        { scheme: 'A', homeNetworkPublicKeyId: 1, homeNetworkPublicKey: homeNetworkPublicKey('A', KEY_A) },
        { scheme: 'B', homeNetworkPublicKeyId: 2, homeNetworkPublicKey: homeNetworkPublicKey('B', KEY_B) },
      ];
      for (const [i, s] of schemes.entries()) {
        const r = await ue(gnb, `00101000000001${i}`, s).register();
        t.is(r.kind, 'registered', `${s.scheme}: ${JSON.stringify(r)}`);
      }
      const wrongKey = await ue(gnb, '001010000000020', {
        scheme: 'A',
        homeNetworkPublicKeyId: 1,
        homeNetworkPublicKey: homeNetworkPublicKey('A', Buffer.alloc(32, 7)),
      }).register();
      t.like(wrongKey, { kind: 'rejected', cause: 9 }, 'a SUCI the SIDF cannot open: #9');
      t.like(await ue(gnb, '001010000009999').register(), { kind: 'rejected', cause: 7 });
    });
  });
}
