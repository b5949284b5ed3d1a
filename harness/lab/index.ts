import { ExternalLab } from './external/external-lab.ts';
import { InprocLab, validateStandins } from './inproc/inproc-lab.ts';
import { DockerLab } from './docker/docker-lab.ts';
import type { Target } from './target.ts';
import type { Lab } from './types.ts';

export * from './types.ts';
export type { AccountingRecord } from '../protocol/radius/index.ts';
export {
  targetSchema,
  type Target,
  type TargetElement,
  type ApnPolicy,
  type InternetHosts,
  type GatewayPolicy,
  type Subscriber,
} from './target.ts';
export { validateStandins };

/** Makes the lab the target asks for. */
export function createLab(target: Target, log: (line: string) => void = () => {}): Lab {
  switch (target.provider) {
    case 'inproc':
      return new InprocLab(target, log);
    case 'external':
      return new ExternalLab(target);
    case 'docker':
      return new DockerLab(target, log);
  }
}
