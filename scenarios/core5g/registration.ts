import type { RegistrationOutcome } from '../../harness/drivers/gnb/index.ts';
import { ngapView } from '../../harness/protocol/ngap/index.ts';
import { present } from '../../harness/runner/match.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import {
  amfOf,
  expectNgSetup,
  mmCause,
  gnbOnN2,
  type SuciChoice,
  subscriberOf,
  suciProtection,
  ueProfileOf,
} from './ran-kit.ts';

/**
 * Initial registration over N2 as a gNB and UE would do it (TS 23.502 §4.2.2.2.2, TS 24.501
 * §5.5.1.2): NG Setup; Registration Request with a SUCI of the chosen protection scheme; 5G AKA
 * (the UE checks AUTN, TS 33.501 §6.1.3.2); the Security Mode Command integrity protected with
 * the new context under the AMF's declared algorithm preference, the UE's capabilities replayed
 * unchanged, never NIA0 for a normal registration; Registration Accept protected, with a 5G-GUTI
 * of the AMF's GUAMI and the allowed NSSAI out of what was requested and is served, in Initial
 * Context Setup Request with KgNB of the UE's KAMF; then UE-originating deregistration.
 */
export default defineScenario({
  id: 'core5g/registration',
  title: 'Registration over N2: SUCI, 5G AKA, NAS security mode, Registration Accept, deregistration',
  covers: ['MNO-CORE', 'MNO-RAN', 'MNO-BACKEND', 'CLOUD-CORE-FUNCTIONS'],
  tags: ['ngap', 'nas', '5gmm', 'n2', '5g', 'security'],
  needs: ['amf'],
  params: { suci: ['null', 'profile-a', 'profile-b'] satisfies SuciChoice[] },
  timeout: 20,
  fixtures: { gnbSlot: gnbOnN2() },
  async run(ctx, { gnbSlot }) {
    const amf = ctx.element('amf');
    const declared = amfOf(ctx, amf);
    const suci = suciProtection(ctx, declared, ctx.params.suci);
    const sub = subscriberOf(ctx, amf);
    const { gnb, setup } = await gnbSlot.open(amf);
    expectNgSetup(ctx, setup);
    if (setup.kind === 'accepted')
      ctx.checkMatch(
        'NG Setup Response: AMF name, the declared PLMN and slices, a served GUAMI of the PLMN',
        {
          message: 'NGSetupResponse',
          ies: {
            AMFName: present,
            RelativeAMFCapacity: present,
            PLMNSupportList: [
              {
                plmnIdentity: declared.plmn,
                sliceSupportList: declared.slices.map((s) => ({ sNssai: s.sd === undefined ? { sst: s.sst } : s })),
              },
            ],
          },
        },
        ngapView(setup.message),
        { clause: 'TS 38.413 §9.2.6.2', element: 'amf' },
      );
    const ue = gnb.ue(ueProfileOf(declared, sub, suci));
    const r = await ue.register({ signal: ctx.signal });
    ctx.expect('registration accepted', {
      expected: 'Registration Accept',
      observed: describe(r),
      ok: r.kind === 'registered',
      clause: 'TS 24.501 §5.5.1.2.4',
      element: 'amf',
    });
    if (r.kind !== 'registered') return;
    ctx.metric('registration_ms', r.ms, 'ms');
    const s = r.securityMode;
    ctx.check('Security Mode Command integrity protected with the new 5G NAS security context', {
      expected: 'security header type 3, MAC valid under KNASint of KAMF',
      observed: `security header type ${s.securityHeaderType}, MAC ${s.macValid ? 'valid' : 'invalid'}`,
      ok: s.securityHeaderType === 3 && s.macValid,
      clause: 'TS 24.501 §5.4.2.2, TS 33.501 §6.7.2',
      element: 'amf',
    });
    ctx.check('replayed UE security capabilities equal those the UE sent', {
      expected: true,
      observed: s.replayedCapabilitiesMatch,
      clause: 'TS 24.501 §5.4.2.3, TS 33.501 §6.7.2',
      element: 'amf',
    });
    const wantIa = declared.integrity.find((a) => a === 0 || a === 2);
    const wantEa = declared.ciphering.find((a) => a === 0 || a === 2);
    ctx.check('NAS algorithms: the first of the declared preference the UE supports', {
      expected: `128-NIA${wantIa} / NEA${wantEa}`,
      observed: `128-NIA${s.integrity} / NEA${s.ciphering}`,
      ok: s.integrity === wantIa && s.ciphering === wantEa,
      clause: 'TS 33.501 §6.7.1; operator policy',
      element: 'amf',
    });
    ctx.check('no null integrity (NIA0) for a normal registration', {
      expected: 'a 5G-IA other than NIA0',
      observed: `128-NIA${s.integrity}`,
      ok: s.integrity !== 0,
      clause: 'TS 33.501 §5.5.2',
      element: 'amf',
    });
    ctx.check('Registration Accept integrity protected and ciphered, MAC valid', {
      expected: 'security header type 2, MAC valid',
      observed: `security header type ${r.acceptProtection.securityHeaderType}, MAC ${r.acceptProtection.macValid ? 'valid' : 'invalid'}`,
      ok: r.acceptProtection.securityHeaderType === 2 && r.acceptProtection.macValid,
      clause: 'TS 24.501 §4.4.5',
      element: 'amf',
    });
    ctx.check('5G-GUTI of the declared PLMN', {
      expected: { plmn: declared.plmn },
      observed: r.guti ? { plmn: r.guti.plmn } : 'no 5G-GUTI',
      clause: 'TS 24.501 §5.5.1.2.4, TS 23.003 §2.10',
      element: 'amf',
    });
    if (setup.kind === 'accepted' && r.guti) {
      const served = ngapView(setup.message).ies.ServedGUAMIList as
        | { guami: { amfRegionId: number; amfSetId: number; amfPointer: number } }[]
        | undefined;
      const g = served?.[0]?.guami;
      ctx.check('5G-GUTI names the AMF of the served GUAMI', {
        expected: g ? { region: g.amfRegionId, set: g.amfSetId, pointer: g.amfPointer } : 'a served GUAMI',
        observed: { region: r.guti.amfRegionId, set: r.guti.amfSetId, pointer: r.guti.amfPointer },
        clause: 'TS 23.003 §2.10.1',
        element: 'amf',
      });
    }
    const requested = declared.slices.map((x) => `${x.sst}${x.sd === undefined ? '' : `/${x.sd}`}`);
    const allowed = r.allowedNssai.map((x) => `${x.sst}${x.sd === undefined ? '' : `/${x.sd}`}`);
    ctx.check('allowed NSSAI: requested slices the AMF serves', {
      expected: requested,
      observed: allowed.length ? allowed : 'no allowed NSSAI',
      ok: allowed.length > 0 && allowed.every((a) => requested.includes(a)),
      clause: 'TS 24.501 §5.5.1.2.4, TS 23.501 §5.15.5.2.1',
      element: 'amf',
    });
    ctx.check('Initial Context Setup Request: Security Key is KgNB of the UE’s KAMF', {
      expected: 'KgNB = KDF(KAMF, uplink NAS COUNT, 3GPP access)',
      observed: r.contextSetup
        ? r.contextSetup.securityKeyCount !== undefined
          ? `KgNB with uplink NAS COUNT ${r.contextSetup.securityKeyCount}`
          : 'a key of no uplink NAS COUNT the UE used'
        : 'no Initial Context Setup Request',
      ok: r.contextSetup?.securityKeyCount !== undefined,
      clause: 'TS 33.501 §6.9.2.1.1, Annex A.9; TS 38.413 §8.3.1',
      element: 'amf',
    });
    const d = await ue.deregister({ signal: ctx.signal });
    ctx.check('UE-originating deregistration: Deregistration Accept, then UE Context Release', {
      expected: { kind: 'deregistered', contextReleased: true },
      observed: d,
      clause: 'TS 24.501 §5.5.2.2.2, TS 23.502 §4.2.2.3.2',
      element: 'amf',
    });
  },
});

function describe(r: RegistrationOutcome): string {
  switch (r.kind) {
    case 'registered':
      return 'Registration Accept';
    case 'rejected':
      return `Registration Reject ${mmCause(r.cause)} while waiting for ${r.stage}`;
    case 'authentication-rejected':
      return 'Authentication Reject';
    case 'failed':
      return `${r.reason} (at ${r.stage})`;
    case 'timeout':
      return `nothing while waiting for ${r.waitingFor}`;
  }
}
