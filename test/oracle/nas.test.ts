import test from 'ava';
import {
  encode,
  ESM_MESSAGE_TYPES,
  SM5G_MESSAGE_TYPES,
  type EsmMessage,
  type NasMessage,
  type PacketFilterContents,
  type Sm5gMessage,
  type Tft,
} from '../../harness/protocol/nas/index.ts';
import { formatIpv6 } from '../../harness/protocol/common/ip-bytes.ts';
import { ESM_MORE_SAMPLES, ESM_SAMPLES, SM5G_MORE_SAMPLES, SM5G_SAMPLES } from '../helpers/nas-samples.ts';
import { dissect, NAS_USER_DLTS, writePcap, type Frame } from '../helpers/tshark.ts';

/**
 * Wireshark's NAS-EPS and NAS-5GS dissectors read every ESM and 5GSM message we encode (user DLTs
 * 147/148): no malformed frame, no expert error, no extraneous data, and the fields equal the
 * values we encoded, derived from the message values themselves.
 */
const ESM_ALL = [...ESM_SAMPLES, ...ESM_MORE_SAMPLES] as EsmMessage[];
const SM5G_ALL = [...SM5G_SAMPLES, ...SM5G_MORE_SAMPLES] as Sm5gMessage[];
let esm: Frame[] = [];
let sm5g: Frame[] = [];
test.before(async () => {
  esm = await dissect(
    writePcap(
      ESM_ALL.map((m) => encode(m)),
      'nas-eps',
      147,
    ),
    { extraArgs: NAS_USER_DLTS },
  );
  sm5g = await dissect(
    writePcap(
      SM5G_ALL.map((m) => encode(m)),
      'nas-5gs',
      148,
    ),
    { extraArgs: NAS_USER_DLTS },
  );
});

const hex2 = (n: number) => `0x${n.toString(16).padStart(2, '0')}`;
const get = (f: Frame, name: string) => f.fields.get(name) ?? [];
const ies = (m: NasMessage) => ('ies' in m ? (m.ies as { ie: string; value: unknown }[]) : []);
const ie = <T>(m: NasMessage, name: string) => ies(m).find((i) => i.ie === name)?.value as T | undefined;

function components(f: PacketFilterContents) {
  return 'components' in f ? f.components : [];
}

/** Fields tshark shows for packet filter components: IPv6 address/prefix, protocol, single port. */
function componentFields(list: PacketFilterContents[]) {
  const out = {
    types: [] as string[],
    ipv6: [] as string[],
    prefix: [] as string[],
    proto: [] as number[],
    port: [] as string[],
  };
  for (const c of list.flatMap(components)) {
    out.types.push(String(c.type));
    if (c.type === 0x21 || c.type === 0x23) {
      out.ipv6.push(formatIpv6(c.value.subarray(0, 16)));
      out.prefix.push(String(c.value[16]));
    }
    if (c.type === 0x30) out.proto.push(c.value[0]);
    if (c.type === 0x40 || c.type === 0x50) out.port.push(String(c.value.readUInt16BE(0)));
  }
  return out;
}

test('every ESM and 5GSM message dissects without malformed frames, expert errors or extraneous data', (t) => {
  t.is(esm.length, ESM_ALL.length);
  t.is(sm5g.length, SM5G_ALL.length);
  for (const f of [...esm, ...sm5g]) {
    t.false(f.malformed, `frame ${f.number}: ${f.protocols.join(':')}`);
    t.deepEqual(f.errors, [], `frame ${f.number}`);
    t.deepEqual(
      [...f.fields.keys()].filter((k) => /extraneous|unknown/.test(k)),
      [],
      `frame ${f.number}`,
    );
  }
});

test('every ESM message type of TS 24.301 §8.3 we decode is among the samples, and tshark names each one', (t) => {
  const types = new Set(ESM_ALL.map((m) => m.type));
  const untested = Object.keys(ESM_MESSAGE_TYPES).filter((n) => !types.has(n as EsmMessage['type']));
  t.deepEqual(untested, []);
  t.deepEqual(
    esm.map((f) => get(f, 'nas_eps.nas_msg_esm_type')[0]),
    ESM_ALL.map((m) => hex2(ESM_MESSAGE_TYPES[m.type])),
  );
});

test('ESM fields equal what we encoded: bearer identities, PTI, causes, QCI, TFT, timers, APN, PDN address', (t) => {
  ESM_ALL.forEach((m, i) => {
    const f = esm[i];
    const at = `${m.type} (frame ${f.number})`;
    t.deepEqual(get(f, 'nas_eps.bearer_id'), [String(m.epsBearerIdentity)], at);
    t.deepEqual(get(f, 'nas_eps.esm.proc_trans_id'), [String(m.pti)], at);
    const causes = ['esmCause' in m ? m.esmCause : undefined, ie<number>(m, 'esm-cause')].filter(
      (c) => c !== undefined,
    );
    t.deepEqual(get(f, 'nas_eps.esm.cause'), causes.map(String), at);
    const linked = 'linkedEpsBearerIdentity' in m ? m.linkedEpsBearerIdentity : undefined;
    const forFilter = 'epsBearerIdentityForPacketFilter' in m ? m.epsBearerIdentityForPacketFilter : undefined;
    t.deepEqual(
      get(f, 'nas_eps.esm.linked_bearer_id'),
      [linked ?? forFilter].filter((v) => v !== undefined).map(String),
      at,
    );
    const qos = [
      'epsQos' in m ? m.epsQos : undefined,
      ie<{ qci: number }>(m, 'new-eps-qos'),
      'requiredTrafficFlowQos' in m ? m.requiredTrafficFlowQos : undefined,
    ].filter((q) => q !== undefined);
    t.deepEqual(
      get(f, 'nas_eps.esm.qci'),
      qos.map((q) => String(q.qci)),
      at,
    );
    const tfts = [
      'tft' in m ? m.tft : undefined,
      ie<Tft>(m, 'tft'),
      'trafficFlowAggregate' in m ? m.trafficFlowAggregate : undefined,
    ].filter((x): x is Tft => x !== undefined);
    t.deepEqual(
      get(f, 'gsm_a.gm.sm.tft.op_code'),
      tfts.map((x) => String(x.operation)),
      at,
    );
    const ids = tfts.flatMap((x) => [
      ...(x.filters ?? []).map((p) => p.id),
      ...(x.filterIds ?? []).map((o) => o & 0x0f),
    ]);
    t.deepEqual(get(f, 'gsm_a.gm.sm.tft.pkt_flt_id'), ids.map(String), at);
    const c = componentFields(tfts.flatMap((x) => (x.filters ?? []).map((p) => p.filter)));
    t.deepEqual(get(f, 'gsm_a.gm.sm.tft.packet_filter_component_type_id'), c.types, at);
    t.deepEqual(get(f, 'gsm_a.gm.sm.ip6_address'), c.ipv6, at);
    t.deepEqual(get(f, 'gsm_a.gm.sm.ip6_prefix_length'), c.prefix, at);
    t.deepEqual(get(f, 'gsm_a.gm.sm.tft.protocol_header'), c.proto.map(hex2), at);
    t.deepEqual(get(f, 'gsm_a.gm.sm.tft.port'), c.port, at);
    const timers = [
      ie<{ unit: number; value: number }>(m, 't3396-value'),
      ie<{ unit: number; value: number }>(m, 'back-off-timer'),
    ];
    const timer = timers.find((x) => x !== undefined);
    t.deepEqual(get(f, 'gsm_a.gm.gmm.gprs_timer3_unit'), timer ? [String(timer.unit)] : [], at);
    t.deepEqual(get(f, 'gsm_a.gm.gmm.gprs_timer3_value'), timer ? [String(timer.value)] : [], at);
    const apn = 'apn' in m ? m.apn : ie<string>(m, 'apn');
    t.deepEqual(get(f, 'gsm_a.gm.sm.apn'), apn ? [apn] : [], at);
  });
  t.deepEqual(get(esm[0], 'nas_eps.esm_pdn_type'), ['3']);
  t.deepEqual(get(esm[2], 'nas_eps.esm.pdn_ipv6_if_id'), ['1a:2b:3c:4d:5e:6f:70:81']);
  t.deepEqual(get(esm[2], 'nas_eps.esm.pdn_ipv4'), ['198.51.100.7']);
  t.deepEqual(get(esm[2], 'gsm_a.gm.sm.pco.dns.ipv6'), ['2001:db8:53::1']);
  const dedicated = ESM_ALL.findIndex((m) => m.type === 'activate-dedicated-eps-bearer-context-request');
  t.deepEqual(get(esm[dedicated], 'nas_eps.esm.mbr_ul'), ['64']);
  t.deepEqual(get(esm[dedicated], 'nas_eps.esm.gbr_dl'), ['64']);
  t.deepEqual(get(esm[dedicated], 'gsm_a.gm.sm.tft.pkt_flt_dir'), ['3']);
  t.deepEqual(get(esm[dedicated], 'gsm_a.gm.sm.pco.dns.ipv6'), ['2001:db8:53::1']);
  const modify = ESM_ALL.findIndex((m) => m.type === 'modify-eps-bearer-context-request');
  t.deepEqual(get(esm[modify], 'nas_eps.esm.apn_ambr_dl'), ['254']);
});

test('every 5GSM message type of TS 24.501 §8.3 we decode is among the samples, and tshark names each one', (t) => {
  const types = new Set(SM5G_ALL.map((m) => m.type));
  const untested = Object.keys(SM5G_MESSAGE_TYPES).filter((n) => !types.has(n as Sm5gMessage['type']));
  t.deepEqual(untested, []);
  t.deepEqual(
    sm5g.map((f) => get(f, 'nas_5gs.sm.message_type')[0]),
    SM5G_ALL.map((m) => hex2(SM5G_MESSAGE_TYPES[m.type])),
  );
});

test('5GSM fields equal what we encoded: session ID, PTI, causes, QoS rules and flows, Session-AMBR, PDU address, DNN', (t) => {
  SM5G_ALL.forEach((m, i) => {
    const f = sm5g[i];
    const at = `${m.type} (frame ${f.number})`;
    t.deepEqual(get(f, 'nas_5gs.pdu_session_id'), [String(m.pduSessionId)], at);
    t.deepEqual(get(f, 'nas_5gs.proc_trans_id'), [String(m.pti)], at);
    const causes = ['cause' in m ? m.cause : undefined, ie<number>(m, '5gsm-cause')].filter((c) => c !== undefined);
    t.deepEqual(get(f, 'nas_5gs.sm.5gsm_cause'), causes.map(String), at);
    type Rule = {
      id: number;
      operation: number;
      precedence?: number;
      qfi?: number;
      filters?: { filter: PacketFilterContents }[];
    };
    const rules = [
      ...('authorizedQosRules' in m ? m.authorizedQosRules : []),
      ...(ie<Rule[]>(m, 'authorized-qos-rules') ?? []),
      ...(ie<Rule[]>(m, 'requested-qos-rules') ?? []),
    ] as Rule[];
    t.deepEqual(
      get(f, 'nas_5gs.sm.qos_rule_id'),
      rules.map((r) => String(r.id)),
      at,
    );
    t.deepEqual(
      get(f, 'nas_5gs.sm.rop'),
      rules.map((r) => String(r.operation)),
      at,
    );
    t.deepEqual(
      get(f, 'nas_5gs.sm.qos_rule_precedence'),
      rules.map((r) => String(r.precedence)),
      at,
    );
    const c = componentFields(rules.flatMap((r) => (r.filters ?? []).map((p) => p.filter)));
    t.deepEqual(get(f, 'nas_5gs.sm.pf_type'), c.types, at);
    t.deepEqual(get(f, 'nas_5gs.ipv6_address'), c.ipv6, at);
    t.deepEqual(get(f, 'nas_5gs.ipv6_prefix_len'), c.prefix, at);
    t.deepEqual(get(f, 'nas_5gs.protocol_identifier_or_next_hd'), c.proto.map(String), at);
    t.deepEqual(get(f, 'nas_5gs.single_port_number'), c.port, at);
    type Flow = { qfi: number; parameters: { id: number; contents: Buffer }[] };
    const flows = [
      ...(ie<Flow[]>(m, 'authorized-qos-flow-descriptions') ?? []),
      ...(ie<Flow[]>(m, 'requested-qos-flow-descriptions') ?? []),
    ];
    // tshark lists the QFI of each rule, then of each flow description.
    t.deepEqual(get(f, 'nas_5gs.sm.qfi'), [...rules.map((r) => String(r.qfi)), ...flows.map((d) => String(d.qfi))], at);
    t.deepEqual(
      get(f, 'nas_5gs.sm.param_id'),
      flows.flatMap((d) => d.parameters.map((p) => String(p.id))),
      at,
    );
    const fiveQi = flows.flatMap((d) => d.parameters.filter((p) => p.id === 1).map((p) => String(p.contents[0])));
    t.deepEqual(get(f, 'nas_5gs.sm.5qi'), fiveQi, at);
    const ambr = 'sessionAmbr' in m ? m.sessionAmbr : ie<{ downlink: number; uplink: number }>(m, 'session-ambr');
    t.deepEqual(get(f, 'nas_5gs.sm.session_ambr_dl'), ambr ? [String(ambr.downlink)] : [], at);
    t.deepEqual(get(f, 'nas_5gs.sm.session_ambr_ul'), ambr ? [String(ambr.uplink)] : [], at);
    const timer = ie<{ unit: number; value: number }>(m, 'back-off-timer');
    t.deepEqual(get(f, 'gsm_a.gm.gmm.gprs_timer3_unit'), timer ? [String(timer.unit)] : [], at);
  });
  t.deepEqual(get(sm5g[0], 'nas_5gs.sm.pdu_session_type'), ['2']);
  t.deepEqual(get(sm5g[1], 'nas_5gs.sm.pdu_session_type'), ['2']);
  t.deepEqual(get(sm5g[1], 'nas_5gs.sm.sel_sc_mode'), ['1']);
  t.deepEqual(get(sm5g[1], 'nas_5gs.sm.pdu_ses_type'), ['2']);
  t.deepEqual(get(sm5g[1], 'nas_5gs.sm.pdu_addr_inf_ipv6'), ['aa:aa:bb:bb:cc:cc:dd:dd']);
  t.deepEqual(get(sm5g[1], 'nas_5gs.cmn.dnn'), ['internet']);
  const command = SM5G_ALL.findIndex((m) => m.type === 'pdu-session-modification-command');
  t.deepEqual(get(sm5g[command], 'nas_5gs.sm.gfbr_ul'), ['64']);
  t.deepEqual(get(sm5g[command], 'nas_5gs.sm.unit_for_session_ambr_dl'), ['6']);
  const release = SM5G_ALL.findIndex((m) => m.type === 'pdu-session-release-command');
  t.deepEqual(get(sm5g[release], 'gsm_a.gm.sm.pco.dns.ipv6'), ['2001:db8:53::1']);
});
