import {
  Gnb,
  type NgSetupOutcome,
  type RegistrationOutcome,
  type SuciProtection,
  type Ue5g,
  type UeProfile,
} from '../../harness/drivers/gnb/index.ts';
import { sourceAddressFor } from '../../harness/drivers/common/source-address.ts';
import type { AmfDeclaration } from '../../harness/lab/amf-declaration.ts';
import type { ElementEndpoint } from '../../harness/lab/index.ts';
import type { ApnPolicy } from '../../harness/lab/target.ts';
import { MM5G_CAUSE_NAMES } from '../../harness/protocol/nas/index.ts';
import type { ScenarioContext } from '../../harness/runner/context.ts';
import { fixture, type Fixture } from '../../harness/runner/fixture.ts';

/**
 * What the 5G scenarios share: the gNB opened toward the target's AMF (its PLMN, TAC and slices as
 * declared, N2 over the declared SCTP transport), the subscribers the AMF declares with K and OPc,
 * and their USIM profiles with SUCI of the null scheme or a declared ECIES profile.
 */
export function amfOf(ctx: ScenarioContext, amf: ElementEndpoint): AmfDeclaration {
  if (!amf.amf || !amf.sctp) ctx.skip(`element "${amf.name}" is not declared as an AMF (tac, slices, sctp)`);
  return amf.amf;
}

/** The gNB of a scenario on the AMF's PLMN and TAC (the `gnbOnN2` fixture opens it and the runner closes it). */
async function openGnb(
  ctx: ScenarioContext,
  amf: ElementEndpoint,
  o: { gnbId?: number; upf?: ElementEndpoint; transcripts?: boolean } = {},
): Promise<{ gnb: Gnb; setup: NgSetupOutcome; declared: AmfDeclaration }> {
  const declared = amfOf(ctx, amf);
  const n3Address = await sourceAddressFor(o.upf?.address ?? amf.address);
  const upfPort = o.upf?.userPlanePort ?? 2152;
  const make = (n3Port: number) =>
    new Gnb({
      amf: {
        address: amf.address,
        port: amf.port,
        transport: amf.sctp!.transport,
        ...(amf.sctp!.udpPort ? { udpPort: amf.sctp!.udpPort } : {}),
        ...(amf.sendLimit ? { sendLimit: amf.sendLimit } : {}),
      },
      plmn: declared.plmn,
      tac: declared.tac,
      gnbId: o.gnbId ?? 0x000101,
      slices: declared.slices,
      n3Address,
      n3Port,
      upfPort: () => upfPort,
      recorder: ctx.recorder,
      transcripts: o.transcripts ?? true,
      ...(o.upf?.userPlaneLimit ? { userPlaneLimit: o.upf.userPlaneLimit } : {}),
    });
  let gnb = make(amf.kind === 'standin' ? 0 : 2152);
  try {
    return { gnb, setup: await gnb.open(5000, ctx.signal), declared };
  } catch (e) {
    // A real AMF's UPF sends N3 to port 2152 (TS 29.281 §4.4.2.3); when another GTP-U user holds it
    // here, N2 still runs from another port and the scenario says what that costs.
    await gnb.close();
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || amf.kind === 'standin') throw e;
    gnb = make(0);
    ctx.log(
      `N3 port 2152 on ${n3Address} is in use: the gNB's N3 is on another port, downlink G-PDUs to 2152 cannot reach it`,
    );
    return { gnb, setup: await gnb.open(5000, ctx.signal), declared };
  }
}

/** What the `gnbOnN2` fixture gives a scenario: the gNB is opened once the scenario knows toward what. */
export interface GnbSlot {
  open(
    amf: ElementEndpoint,
    o?: { gnbId?: number; upf?: ElementEndpoint; transcripts?: boolean },
  ): Promise<{ gnb: Gnb; setup: NgSetupOutcome; declared: AmfDeclaration }>;
}

/**
 * A gNB toward the AMF (N2, and N3 toward its UPF), not yet open: the scenario opens it after its
 * declarations are checked (a missing one is a skip, not a failed fixture); the runner closes it.
 */
export const gnbOnN2 = (): Fixture<GnbSlot & { gnb?: Gnb }> =>
  fixture({
    title: 'gNB on N2/N3',
    element: 'amf',
    async open(ctx) {
      const slot: GnbSlot & { gnb?: Gnb } = {
        async open(amf, o) {
          const opened = await openGnb(ctx, amf, o);
          slot.gnb = opened.gnb;
          return opened;
        },
      };
      return slot;
    },
    close: async (slot) => {
      await slot.gnb?.close();
    },
  });

/** NG Setup must succeed for anything else to run (TS 38.413 §8.7.1.2). */
export function expectNgSetup(ctx: ScenarioContext, setup: NgSetupOutcome, element = 'amf'): void {
  ctx.expect('AMF answers NG Setup Request with NG Setup Response', {
    expected: 'NGSetupResponse',
    observed:
      setup.kind === 'accepted'
        ? 'NGSetupResponse'
        : setup.kind === 'rejected'
          ? `NGSetupFailure (${setup.cause ? `${setup.cause.choice} ${String(setup.cause.value)}` : 'no cause'})`
          : `${setup.kind}: ${setup.reason}`,
    ok: setup.kind === 'accepted',
    clause: 'TS 38.413 §8.7.1.2',
    element,
  });
}

/**
 * The `index`-th subscriber the AMF declares with K and OPc (blocks of `count` IMSIs in order);
 * skipped, naming the key, when the target declares none.
 */
export function subscriberOf(
  ctx: ScenarioContext,
  amf: ElementEndpoint,
  index = 0,
): { imsi: string; k: Buffer; opc: Buffer } {
  let left = index;
  for (const [first, s] of Object.entries(amf.subscribers ?? {})) {
    if (!s.k || !s.opc) continue;
    if (left < s.count) {
      const imsi = String(BigInt(first) + BigInt(left)).padStart(first.length, '0');
      return { imsi, k: Buffer.from(s.k, 'hex'), opc: Buffer.from(s.opc, 'hex') };
    }
    left -= s.count;
  }
  return ctx.skip(
    `the target declares no ${index ? `${index + 1} ` : ''}subscriber with K and OPc for the AMF (elements.${amf.name}.subscribers: { IMSI: { k, opc } })`,
  );
}

export type SuciChoice = 'null' | 'profile-a' | 'profile-b';

/** The SUCI protection of a choice, with the declared home network public key; skipped when none is declared. */
export function suciProtection(ctx: ScenarioContext, declared: AmfDeclaration, choice: SuciChoice): SuciProtection {
  if (choice === 'null') return { scheme: 'null' };
  const profile = choice === 'profile-a' ? 'A' : 'B';
  const key = declared.suciKeys.find((k) => k.profile === profile);
  if (!key)
    return ctx.skip(
      `the AMF declares no SUCI home network key of profile ${profile} (suciKeys: [{ id, profile: ${profile}, publicKey }])`,
    );
  return { scheme: profile, homeNetworkPublicKeyId: key.id, homeNetworkPublicKey: key.publicKey };
}

/** A USIM profile for a declared subscriber: its home PLMN (the AMF's), requesting every declared slice. */
export function ueProfileOf(
  declared: AmfDeclaration,
  sub: { imsi: string; k: Buffer; opc: Buffer },
  suci: SuciProtection = { scheme: 'null' },
): UeProfile {
  return { imsi: sub.imsi, homePlmn: declared.plmn, k: sub.k, opc: sub.opc, suci, requestedNssai: declared.slices };
}

/** A 5GMM cause as "#7 (5GS services not allowed)". */
export function mmCause(cause: number): string {
  return `#${cause} (${MM5G_CAUSE_NAMES[cause] ?? 'unnamed'})`;
}

/**
 * A UE of `profile` registered through `gnb`, for scenarios about what follows registration: the
 * Registration Accept is expected (TS 24.501 §5.5.1.2.4, naming the AMF); undefined when it did
 * not come (the scenario has failed and stops).
 */
export async function registeredUe(
  ctx: ScenarioContext,
  gnb: Gnb,
  profile: UeProfile,
): Promise<{ ue: Ue5g; registration: Extract<RegistrationOutcome, { kind: 'registered' }> } | undefined> {
  const ue = gnb.ue(profile);
  const r = await ue.register({ signal: ctx.signal });
  ctx.expect('registration accepted', {
    expected: 'Registration Accept',
    observed: r.kind === 'registered' ? 'Registration Accept' : r.kind === 'rejected' ? mmCause(r.cause) : r.kind,
    ok: r.kind === 'registered',
    clause: 'TS 24.501 §5.5.1.2.4',
    element: 'amf',
  });
  return r.kind === 'registered' ? { ue, registration: r } : undefined;
}

/** The DNN for a PDU session of `type`: "internet" when it grants the type, else the first one that does. */
export function dnnGranting(
  type: 'ipv6' | 'ipv4v6',
  dnns: Readonly<Record<string, ApnPolicy>>,
): [string, ApnPolicy] | undefined {
  const grants = (p: ApnPolicy) =>
    type === 'ipv6' ? p.pdnTypes !== 'ipv4' : p.pdnTypes === 'ipv4v6' && !p.singleAddressBearersOnly;
  const entries = Object.entries(dnns).filter(([, p]) => grants(p));
  return entries.find(([n]) => n === 'internet') ?? entries[0];
}
