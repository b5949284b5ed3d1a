import {
  CAUSE,
  findIe,
  findIes,
  type GroupedIe,
  ieType,
  type PfcpIe,
  type PfcpMessage,
} from '../../protocol/pfcp/index.ts';
import { addressBytes } from '../../protocol/common/ip-bytes.ts';
import { Ipv4Pool, Ipv6PrefixPool } from '../common/address-pools.ts';
import type { ApnConfig } from '../common/apn-config.ts';
import type { PfcpNode } from '../common/pfcp-node.ts';
import type { UpfFault } from './faults.ts';
import { type Pdr, parseFar, parsePdr, parseQer, parseUrr, RuleError } from './rules.ts';
import type { N4Session, N4Sessions } from './sessions.ts';

/**
 * N4 session procedures on the UPF (TS 29.244 §7.5): Establishment (§7.5.2/§7.5.3), Modification
 * (§7.5.4/§7.5.5), Deletion (§7.5.6/§7.5.7), with the causes of §8.2.1: 72 without an
 * association, 66 + Offending IE for a missing mandatory IE, 73 for a rule that cannot be created,
 * 65 for an unknown SEID (answered with SEID 0, §7.2.2.4.2), 79 when a CHOOSE pool is exhausted.
 */
export class N4Procedures {
  private readonly v6Pools = new Map<string, Ipv6PrefixPool>();
  private readonly v4Pools = new Map<string, Ipv4Pool>();

  constructor(
    private readonly node: PfcpNode,
    private readonly sessions: N4Sessions,
    private readonly faults: ReadonlySet<UpfFault>,
    private readonly dnns: Readonly<Record<string, ApnConfig>>,
  ) {}

  handle(req: PfcpMessage, peer: string): PfcpMessage | undefined {
    const reply = (type: PfcpMessage['type'], ies: PfcpIe[], seid: bigint): PfcpMessage =>
      ({ type, sequence: req.sequence, seid, ies }) as PfcpMessage;
    switch (req.type) {
      case 'session-establishment-request':
        return this.establish(req, peer);
      case 'session-modification-request':
      case 'session-deletion-request': {
        const type =
          req.type === 'session-modification-request' ? 'session-modification-response' : 'session-deletion-response';
        const s = this.sessions.get(req.seid ?? 0n);
        if (!s) return reply(type, [cause(CAUSE.SESSION_CONTEXT_NOT_FOUND)], 0n);
        if (req.type === 'session-deletion-request') {
          if (!this.faults.has('keep-deleted-sessions')) this.release(s);
          return reply(type, [cause(CAUSE.REQUEST_ACCEPTED)], s.cpSeid);
        }
        try {
          return reply(type, [cause(CAUSE.REQUEST_ACCEPTED), ...this.modify(s, req)], s.cpSeid);
        } catch (err) {
          if (!(err instanceof RuleError)) throw err;
          return reply(type, failure(err), s.cpSeid);
        }
      }
      default:
        return undefined;
    }
  }

  private establish(req: PfcpMessage, peer: string): PfcpMessage {
    const fseid = findIe(req, 'f-seid');
    const reply = (ies: PfcpIe[]): PfcpMessage => ({
      type: 'session-establishment-response',
      sequence: req.sequence,
      seid: fseid?.seid ?? 0n,
      ies: [this.node.nodeId(), ...ies],
    });
    if (!this.node.isAssociated(peer) && !this.faults.has('no-association-check'))
      return reply([cause(CAUSE.NO_ESTABLISHED_PFCP_ASSOCIATION)]);
    for (const m of ['node-id', 'f-seid', 'create-pdr', 'create-far'] as const)
      if (!findIe(req, m)) return reply([cause(CAUSE.MANDATORY_IE_MISSING), { ie: 'offending-ie', type: ieType(m) }]);
    const s: N4Session = {
      cpSeid: fseid!.seid,
      upSeid: this.sessions.allocateSeid(),
      cpAddress: peer,
      pdrs: [],
      fars: new Map(),
      qers: new Map(),
      urrs: new Map(),
      teids: new Set(),
    };
    try {
      const created = this.applyCreates(s, req);
      this.sessions.add(s);
      return reply([cause(CAUSE.REQUEST_ACCEPTED), this.node.fseid(s.upSeid), ...created]);
    } catch (err) {
      if (!(err instanceof RuleError)) throw err;
      this.releaseChosen(s);
      return reply(failure(err));
    }
  }

  private modify(s: N4Session, req: PfcpMessage): PfcpIe[] {
    for (const r of findIes(req, 'remove-pdr')) {
      const id = findIe(r, 'pdr-id')?.ruleId;
      s.pdrs = s.pdrs.filter((p) => p.id !== id);
    }
    for (const r of findIes(req, 'remove-far')) s.fars.delete(findIe(r, 'far-id')?.ruleId ?? -1);
    for (const r of findIes(req, 'remove-qer')) s.qers.delete(findIe(r, 'qer-id')?.ruleId ?? -1);
    for (const r of findIes(req, 'remove-urr')) s.urrs.delete(findIe(r, 'urr-id')?.ruleId ?? -1);
    if (!this.faults.has('ignore-update-far'))
      for (const u of findIes(req, 'update-far')) {
        const id = findIe(u, 'far-id')?.ruleId;
        const old = id !== undefined ? s.fars.get(id) : undefined;
        if (!old)
          throw new RuleError(
            CAUSE.RULE_CREATION_MODIFICATION_FAILURE,
            ieType('far-id'),
            `Update FAR ${id}: no such FAR`,
          );
        s.fars.set(old.id, parseFar(u, old));
      }
    for (const u of findIes(req, 'update-qer')) {
      const id = findIe(u, 'qer-id')?.ruleId;
      const old = id !== undefined ? s.qers.get(id) : undefined;
      if (!old)
        throw new RuleError(
          CAUSE.RULE_CREATION_MODIFICATION_FAILURE,
          ieType('qer-id'),
          `Update QER ${id}: no such QER`,
        );
      s.qers.set(
        old.id,
        this.faults.has('ignore-gate-status')
          ? { ...parseQer(u, old), gateUlOpen: old.gateUlOpen, gateDlOpen: old.gateDlOpen }
          : parseQer(u, old),
      );
    }
    const created = this.applyCreates(s, req);
    this.sessions.reindex(s);
    return created;
  }

  /** Create PDR/FAR/QER/URR of a request; returns the Created PDRs for what was chosen here. */
  private applyCreates(s: N4Session, req: PfcpMessage): PfcpIe[] {
    for (const g of findIes(req, 'create-far')) {
      const far = parseFar(g);
      s.fars.set(far.id, far);
    }
    for (const g of findIes(req, 'create-qer')) {
      const q = parseQer(g);
      s.qers.set(q.id, q);
    }
    for (const g of findIes(req, 'create-urr')) {
      const u = parseUrr(g);
      s.urrs.set(u.id, u);
    }
    const created: PfcpIe[] = [];
    const chosen = new Map<number, number>();
    for (const g of findIes(req, 'create-pdr')) {
      const pdr = parsePdr(g, this.faults.has('ignore-ipv6-delegation'));
      if (pdr.farId !== undefined && !s.fars.has(pdr.farId))
        throw new RuleError(
          CAUSE.RULE_CREATION_MODIFICATION_FAILURE,
          ieType('far-id'),
          `PDR ${pdr.id} points to no FAR`,
        );
      const ies = this.choose(s, g, pdr, chosen);
      if (ies.length) created.push({ ie: 'created-pdr', ies: [{ ie: 'pdr-id', ruleId: pdr.id }, ...ies] });
      s.pdrs = s.pdrs.filter((p) => p.id !== pdr.id);
      s.pdrs.push(pdr);
    }
    s.pdrs.sort((a, b) => a.precedence - b.precedence);
    return created;
  }

  /** CHOOSE: the F-TEID (§5.5.3, one per CHOOSE ID) and the UE IP address (§5.21.1). */
  private choose(s: N4Session, g: GroupedIe<'create-pdr'>, pdr: Pdr, chosen: Map<number, number>): PfcpIe[] {
    const out: PfcpIe[] = [];
    const pdi = findIe(g, 'pdi')!;
    const f = findIe(pdi, 'f-teid');
    if (f?.choose) {
      const id = f.choose.chooseId;
      const teid = (id !== undefined ? chosen.get(id) : undefined) ?? this.sessions.allocateTeid();
      if (id !== undefined) chosen.set(id, teid);
      pdr.teid = teid;
      const a = this.node.address;
      if (!this.faults.has('no-f-teid'))
        out.push(a.includes(':') ? { ie: 'f-teid', teid, ipv6: a } : { ie: 'f-teid', teid, ipv4: a });
    }
    const ue = findIe(pdi, 'ue-ip-address');
    const ni = findIe(pdi, 'network-instance')?.name;
    if (ni) s.networkInstance ??= ni;
    if (ue?.chooseIpv6 || ue?.chooseIpv4) {
      const dnn = this.dnn(s.networkInstance);
      if (ue.chooseIpv6 && !s.chosenIpv6) s.chosenIpv6 = this.pool6(dnn).allocate() ?? exhausted();
      if (ue.chooseIpv4 && !s.chosenIpv4) s.chosenIpv4 = this.pool4(dnn).allocate() ?? exhausted();
      const ie: PfcpIe = { ie: 'ue-ip-address', sourceOrDestination: ue.sourceOrDestination };
      if (ue.chooseIpv6) {
        pdr.ueIpv6 = addressBytes(s.chosenIpv6!);
        pdr.ueIpv6Length = 64;
        ie.ipv6 = s.chosenIpv6;
        ie.ipv6PrefixLength = 64;
      }
      if (ue.chooseIpv4) {
        pdr.ueIpv4 = addressBytes(s.chosenIpv4!);
        ie.ipv4 = s.chosenIpv4;
      }
      if (!this.faults.has('no-ue-ip-choose')) out.push(ie);
    }
    return out;
  }

  private dnn(name: string | undefined): [string, ApnConfig] {
    const e = name !== undefined ? this.dnns[name] : undefined;
    if (e) return [name!, e];
    const first = Object.entries(this.dnns)[0];
    if (!first)
      throw new RuleError(
        CAUSE.RULE_CREATION_MODIFICATION_FAILURE,
        ieType('ue-ip-address'),
        'no DNN to choose a UE address from',
      );
    return first;
  }

  private pool6([name, c]: [string, ApnConfig]): Ipv6PrefixPool {
    let p = this.v6Pools.get(name);
    if (!p) this.v6Pools.set(name, (p = new Ipv6PrefixPool(c.ipv6Pool)));
    return p;
  }

  private pool4([name, c]: [string, ApnConfig]): Ipv4Pool {
    let p = this.v4Pools.get(name);
    if (!p) this.v4Pools.set(name, (p = new Ipv4Pool(c.ipv4Pool)));
    return p;
  }

  private releaseChosen(s: N4Session): void {
    if (!s.chosenIpv6 && !s.chosenIpv4) return;
    const d = this.dnn(s.networkInstance);
    if (s.chosenIpv6) this.pool6(d).release(s.chosenIpv6);
    if (s.chosenIpv4) this.pool4(d).release(s.chosenIpv4);
  }

  private release(s: N4Session): void {
    this.sessions.remove(s);
    this.releaseChosen(s);
  }

  /** The association with the CP function at `peer` was released (§6.2.8.2): its sessions go. */
  releaseAll(peer: string): void {
    for (const s of [...this.sessions.all()]) if (s.cpAddress === peer) this.release(s);
  }

  /** A restart: every session is gone, the pools are whole again. */
  clear(): void {
    this.sessions.clear();
    this.v6Pools.clear();
    this.v4Pools.clear();
  }
}

function cause(value: number): PfcpIe {
  return { ie: 'cause', value };
}

function failure(err: RuleError): PfcpIe[] {
  return [
    cause(err.pfcpCause),
    ...(err.offendingIe !== undefined ? [{ ie: 'offending-ie' as const, type: err.offendingIe }] : []),
  ];
}

function exhausted(): never {
  throw new RuleError(CAUSE.ALL_DYNAMIC_ADDRESSES_ARE_OCCUPIED, ieType('ue-ip-address'), 'UE address pool exhausted');
}
