import { isIP } from 'node:net';
import type { Subscriber, Target, TargetElement } from '../target.ts';
import { defaultPort, elementKind } from '../element-kinds.ts';
import { openExternalFirewall } from './external-firewall.ts';
import {
  ElementNotInTarget,
  LabError,
  type ElementEndpoint,
  type Lab,
  type LabSession,
  type OpenOptions,
} from '../types.ts';

/**
 * The `external` provider: every element is a DUT the user runs; the lab only hands out the
 * addresses from the target file. Stand-ins are not started here.
 */
export class ExternalLab implements Lab {
  readonly provider = 'external' as const;

  constructor(private readonly target: Target) {}

  async open(needs: readonly string[], _opts: OpenOptions): Promise<LabSession> {
    const elements = new Map<string, ElementEndpoint>();
    for (const name of needs) {
      const el = this.target.elements[name];
      if (!el) throw new ElementNotInTarget(name, this.target.name);
      if (el.kind !== 'external')
        throw new LabError(
          name,
          `element "${name}" is a ${el.kind === 'real' ? 'real element the docker lab runs (use provider: docker)' : 'stand-in, but the external provider starts no stand-ins (use provider: inproc)'}`,
        );
    }
    const closers: (() => Promise<void>)[] = [];
    const close = async () => {
      for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
    };
    try {
      for (const name of needs) {
        const opened = await openExternal(name, this.target.elements[name] as External, this.target);
        elements.set(name, opened.endpoint);
        if (opened.close) closers.push(opened.close);
      }
    } catch (e) {
      await close();
      throw e;
    }
    return { elements, internet: this.target.internet, gateway: this.target.gateway, close };
  }

  async close(): Promise<void> {}
}

type External = Extract<TargetElement, { kind: 'external' }>;

/**
 * An external element for one scenario: its endpoint, and for a firewall between two of the
 * host's interfaces the harness's own endpoints on both sides (external-firewall.ts), torn down by
 * `close`.
 */
export async function openExternal(
  name: string,
  el: External,
  target: Target,
): Promise<{ endpoint: ElementEndpoint; close?: () => Promise<void> }> {
  const endpoint = externalEndpoint(name, el, target.limits);
  if (elementKind(name) !== 'firewall' || (!el.inside && !el.outside)) return { endpoint };
  const { farHost, close } = await openExternalFirewall(name, el, target.gateway.firewall);
  return { endpoint: { ...endpoint, farHost }, close };
}

export function externalEndpoint(
  name: string,
  el: Extract<TargetElement, { kind: 'external' }>,
  limits: Target['limits'],
): ElementEndpoint {
  return {
    name,
    kind: 'external',
    address: el.address,
    ...(el.ipv4Address ? { ipv4Address: el.ipv4Address } : {}),
    port: el.port ?? defaultPort(name),
    ...(el.userPlanePort ? { userPlanePort: el.userPlanePort } : {}),
    family: isIP(el.address) === 6 ? 6 : 4,
    apns: el.apns,
    ...(el.roles ? { apnRoles: el.roles } : {}),
    ...(el.echoInterval ? { echoInterval: el.echoInterval } : {}),
    ...hssData(el),
    interfaces: el.interfaces,
    ...(el.secret ? { radiusSecret: el.secret } : {}),
    // CLOUD-HARM: a real element gets at most what the target allows.
    sendLimit: { perSecond: limits.messagesPerSecond },
    userPlaneLimit: { perSecond: limits.userPlanePacketsPerSecond },
  };
}

/** What an HSS declares (subscribers, home PLMN, realm), for the endpoint scenarios judge it by. */
export function hssData(el: {
  subscribers?: Record<string, Subscriber>;
  homePlmn?: string;
  diameterRealm?: string;
}): Pick<ElementEndpoint, 'subscribers' | 'homePlmn' | 'diameterRealm'> {
  return {
    ...(el.subscribers ? { subscribers: el.subscribers } : {}),
    ...(el.homePlmn ? { homePlmn: el.homePlmn } : {}),
    ...(el.diameterRealm ? { diameterRealm: el.diameterRealm } : {}),
  };
}
