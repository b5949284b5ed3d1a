import type { Target } from '../target.ts';
import type { Lab, LabSession, OpenOptions } from '../types.ts';
import type { DockerLab, DockerLabOptions } from './docker-lab.ts';

/**
 * The docker lab, loaded when it first opens: docker-lab.ts pulls in testcontainers (about 700
 * modules, seconds of start-up), which an in-process run, `list` or `--version` never needs.
 */
export class LazyDockerLab implements Lab {
  readonly provider = 'docker' as const;
  private lab?: Promise<DockerLab>;

  constructor(
    private readonly target: Target,
    private readonly log: (line: string) => void = () => {},
    private readonly options: DockerLabOptions = {},
  ) {}

  private load(): Promise<DockerLab> {
    this.lab ??= import('./docker-lab.ts').then((m) => new m.DockerLab(this.target, this.log, this.options));
    return this.lab;
  }

  async open(needs: readonly string[], opts: OpenOptions): Promise<LabSession> {
    return (await this.load()).open(needs, opts);
  }

  async saveLogs(reportDir: string, mask?: (text: string) => string): Promise<string[]> {
    return this.lab ? (await this.lab).saveLogs(reportDir, mask) : [];
  }

  async close(): Promise<void> {
    // Nothing was started when the lab was never opened.
    if (this.lab) await (await this.lab).close();
  }
}
