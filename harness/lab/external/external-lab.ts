import { isIP } from 'node:net';
import type { Subscriber, Target, TargetElement } from '../target.ts';
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
      elements.set(name, externalEndpoint(name, el, this.target.limits));
    }
    return { elements, internet: this.target.internet, gateway: this.target.gateway, close: async () => {} };
  }

  async close(): Promise<void> {}
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
    port: el.port,
    family: isIP(el.address) === 6 ? 6 : 4,
    apns: el.apns,
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
