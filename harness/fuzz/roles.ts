import type { Target } from '../lab/index.ts';

/** What the fuzzer plays toward an element, and so which seeds and which liveness probe it gets. */
export type FuzzRole = 'pgw' | 'sgw' | 'ggsn' | 'aaa' | 'upf';

const STANDIN_ROLES: readonly string[] = ['pgw', 'sgw', 'ggsn', 'aaa', 'upf'];

/**
 * Real elements the lab itself runs inside its own networks (open5gs in the docker lab): the
 * SGW-C on S11, the SMF as PGW-C on S5/S8, the UPF on Sxb/N4 and its user plane. The SGW-U is
 * reached only through the SGW-C's sessions, as in a real network.
 */
const REAL_ROLES: Readonly<Record<string, FuzzRole>> = {
  'open5gs-sgwc': 'sgw',
  'open5gs-smf': 'pgw',
  'open5gs-upf': 'upf',
};

/**
 * The elements of the target that may be fuzzed, by name, with their role: stand-ins and the real
 * elements the lab runs on its own internal networks. External elements never are (CLOUD-HARM:
 * mutated traffic goes nowhere the lab does not own).
 */
export function fuzzRoles(target: Target): Map<string, FuzzRole> {
  const out = new Map<string, FuzzRole>();
  for (const [name, el] of Object.entries(target.elements)) {
    if (el.kind === 'standin') {
      const role = el.standin ?? name;
      if (STANDIN_ROLES.includes(role)) out.set(name, role as FuzzRole);
    } else if (el.kind === 'real' && target.provider === 'docker') {
      // One real element per role: a real UPF is probed as the PGW-C on port 8805 of the host's
      // bridge address, which a second one (the 5G-role UPF of targets/open5gs.yaml) cannot share.
      const role = REAL_ROLES[el.software];
      if (role && ![...out.values()].includes(role)) out.set(name, role);
    }
  }
  return out;
}
