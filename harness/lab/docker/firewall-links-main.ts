import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { targetSchema } from '../target.ts';
import { plumbFirewall } from './firewall-plumbing.ts';

/**
 * The firewall's links when the lab is brought up by hand (docker-compose.yml's `firewall-links`
 * service, on the host's network and PID namespace, with the Docker socket): wires the firewall
 * and server containers named in argv as the docker lab does (firewall-plumbing.ts), from the
 * target file V6H_TARGET (default targets/docker.yaml in the image), then ends. The links and the
 * host's routes over them go when the firewall's container does (a veth pair dies with either end).
 */
const [firewall, server] = process.argv.slice(2);
if (!firewall || !server) throw new Error('usage: firewall-links-main FIREWALL-CONTAINER SERVER-CONTAINER');
const target = targetSchema.parse(parse(readFileSync(process.env.V6H_TARGET ?? 'targets/docker.yaml', 'utf8')));
await plumbFirewall(firewall, server, target.gateway.firewall, firewall);
process.stdout.write(`v6harness-ready firewall links between ${firewall} and ${server}\n`);
