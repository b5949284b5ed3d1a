import { ExternalLab } from './external/external-lab.ts';
import { InprocLab, validateStandins } from './inproc/inproc-lab.ts';
import { LazyDockerLab } from './docker/lazy-docker-lab.ts';
import type { Target } from './target.ts';
import type { Lab } from './types.ts';

export * from './types.ts';
export type { AccountingRecord } from '../protocol/radius/index.ts';
export {
  targetSchema,
  type Target,
  type TargetElement,
  type ApnPolicy,
  type ApnRole,
  APN_ROLES,
  type InternetHosts,
  type GatewayPolicy,
  type Subscriber,
} from './target.ts';
export { validateStandins };
export { validateTarget } from './validate-target.ts';
export { apnForRole, missingRole } from './apn-roles.ts';

/** Makes the lab the target asks for. */
export function createLab(target: Target, log: (line: string) => void = () => {}): Lab {
  switch (target.provider) {
    case 'inproc':
      return new InprocLab(target, log);
    case 'external':
      return new ExternalLab(target);
    case 'docker':
      return new LazyDockerLab(target, log);
  }
}
