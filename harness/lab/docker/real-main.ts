import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse } from 'yaml';
import { targetSchema } from '../target.ts';
import { authoritative, realConfig, supervisorScript } from './real/index.ts';

/**
 * The entry point of a real element's container when it is brought up by hand
 * (docker-compose.yml): writes the element's configuration from the target file (V6H_TARGET,
 * default targets/docker.yaml in the image) for the element V6H_ELEMENT — or the lab's
 * authoritative server with V6H_ELEMENT=authoritative — then runs it under the same supervisor
 * as the docker lab does. V6H_AUTHORITATIVE: the authoritative server's address, for a DNS64.
 */
const target = targetSchema.parse(parse(readFileSync(process.env.V6H_TARGET ?? 'targets/docker.yaml', 'utf8')));
const name = process.env.V6H_ELEMENT ?? '';
const el = target.elements[name];
let cfg;
if (name === 'authoritative') cfg = authoritative(target.gateway);
else if (el?.kind === 'real') cfg = realConfig(el, target.gateway, process.env.V6H_AUTHORITATIVE ?? '::1');
else throw new Error(`V6H_ELEMENT names no real element of the target: "${name}"`);
for (const f of cfg.files) {
  mkdirSync(dirname(f.path), { recursive: true });
  writeFileSync(f.path, f.content);
}
const child = spawn('sh', ['-c', supervisorScript(cfg, '/tmp/v6harness.pcap')], { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGUSR2'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
