import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * A target file (targets/*.yaml) says, per element, whether it is a stand-in or an external DUT.
 * The schema lives with the lab because the lab is what reads it; the runner validates with it.
 */
const transport = z.enum(['ipv6', 'ipv4']);

const standin = z
  .object({
    kind: z.literal('standin'),
    /** Which stand-in to run (defaults to the element's name). */
    standin: z.string().optional(),
    /** Address family of the element's GTP/PFCP transport. */
    transport: transport.default('ipv6'),
    /** Deliberate misbehaviours, to prove scenarios can fail (see each stand-in's fault list). */
    faults: z.array(z.string()).default([]),
    /** Initial Recovery restart counter (TS 23.007 §18). */
    restartCounter: z.number().int().min(0).max(255).default(1),
  })
  .strict();

const external = z
  .object({
    kind: z.literal('external'),
    address: z.string().refine((a) => isIP(a) !== 0, 'must be an IPv4 or IPv6 address'),
    port: z.number().int().min(1).max(65535),
  })
  .strict();

export const elementSchema = z.discriminatedUnion('kind', [standin, external]);

export const targetSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    provider: z.enum(['inproc', 'external', 'docker']).default('inproc'),
    elements: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'element names are lowercase'), elementSchema),
  })
  .strict();

export type Target = z.infer<typeof targetSchema>;
export type TargetElement = z.infer<typeof elementSchema>;
export type StandinElement = Extract<TargetElement, { kind: 'standin' }>;
