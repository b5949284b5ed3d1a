import { writeFileSync } from 'node:fs';
import { dockerApi } from '../../lab/docker/docker-api.ts';
import { removeLabObjects } from '../../lab/docker/lab-objects.ts';
import { noRecorder } from '../../net/pcap/index.ts';
import { UsageError } from '../../runner/errors.ts';
import { loadTarget } from '../../runner/target-file.ts';

/**
 * `lab up|status|down [--target FILE] [--only a,b]`: the containerised topology of a target,
 * brought up by hand and left running (e.g. to point Wireshark or another tool at it), listed,
 * and removed. Containers and the network carry the label v6harness.manual=1.
 * `lab compose [--target FILE] [--out FILE]`: the same topology as docker-compose.yml (compose-file.ts).
 */
export async function labCommand(
  action: string | undefined,
  args: { target?: string; only?: string; out?: string },
): Promise<number> {
  switch (action) {
    case 'up': {
      const { target } = loadTarget(args.target ?? 'targets/docker.yaml');
      const names = args.only
        ? args.only.split(',').map((s) => s.trim())
        : Object.entries(target.elements)
            .filter(([, e]) => e.kind === 'standin')
            .map(([n]) => n);
      const { DockerLab } = await import('../../lab/docker/docker-lab.ts');
      const lab = new DockerLab({ ...target, provider: 'docker' }, (l) => process.stdout.write(`${l}\n`), {
        manual: true,
      });
      const session = await lab.open(names, { signal: new AbortController().signal, recorder: noRecorder });
      for (const e of session.elements.values())
        process.stdout.write(
          `${e.name.padEnd(8)} GTP-C [${e.address}]:${e.port}${e.userPlanePort ? `  GTP-U [${e.address}]:${e.userPlanePort}` : ''}\n`,
        );
      process.stdout.write('lab is up; `npx v6harness lab down` removes it\n');
      return 0;
    }
    case 'status': {
      const out = (await dockerApi().listContainers({ all: true, filters: { label: ['v6harness=1'] } }))
        .map((c) => [c.Names[0]?.replace(/^\//, ''), c.Status, c.Labels['v6harness.element'] ?? ''].join('\t'))
        .join('\n');
      process.stdout.write(out ? `${out}\n` : 'no v6harness containers\n');
      return 0;
    }
    case 'down':
      await removeLabObjects('v6harness.manual=1');
      await removeLabObjects('v6harness.lab=1');
      process.stdout.write('lab removed\n');
      return 0;
    case 'compose': {
      const { composeFile } = await import('../../lab/docker/compose-file.ts');
      const text = composeFile(loadTarget(args.target ?? 'targets/docker.yaml').target);
      if (args.out) writeFileSync(args.out, text);
      else process.stdout.write(text);
      return 0;
    }
    default:
      throw new UsageError(`lab needs up, status, down or compose (got ${action ?? 'nothing'})`);
  }
}
