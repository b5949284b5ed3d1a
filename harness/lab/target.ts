import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * A target file (targets/*.yaml) says, per element, whether it is a stand-in or an external DUT.
 * The schema lives with the lab because the lab is what reads it; the runner validates with it.
 */
const transport = z.enum(['ipv6', 'ipv4']);

const ipv6Prefix = z.string().regex(/^[0-9a-fA-F:]+\/\d{1,3}$/, 'an IPv6 prefix such as 2001:db8:100::/48');
const ipv4Prefix = z.string().regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'an IPv4 prefix such as 198.51.100.0/24');
const ip = z.string().refine((a) => isIP(a) !== 0, 'must be an IPv4 or IPv6 address');

/**
 * The operator's declared policy for one APN (what the element is meant to do). Stand-ins are
 * configured from it; scenarios judge any element, stand-in or DUT, against it.
 */
export const apnPolicySchema = z
  .object({
    /** PDN types the APN grants: one family, or both. */
    pdnTypes: z.enum(['ipv4', 'ipv6', 'ipv4v6']),
    /** A dual-stack APN that sets up single-address bearers only (cause 19 for IPv4v6, TS 29.274 §8.4). */
    singleAddressBearersOnly: z.boolean().default(false),
    /** The family granted when only one can be. */
    prefer: z.enum(['ipv4', 'ipv6']).default('ipv6'),
    ipv6Pool: ipv6Prefix.default('2001:db8:100::/48'),
    ipv4Pool: ipv4Prefix.default('198.51.100.0/24'),
    dnsIpv6: z.array(ip).default(['2001:db8:53::1']),
    dnsIpv4: z.array(ip).default(['192.0.2.53']),
    /** IPv4 link MTU in PCO (0x0010) and the RA MTU option. */
    mtu: z.number().int().min(1280).max(9000).default(1400),
    /** An IPv6 address that answers ICMPv6 echo through this APN (e.g. the gateway's own SGi/tun address). */
    probeIpv6: ip.optional(),
  })
  .strict();

export type ApnPolicy = z.infer<typeof apnPolicySchema>;
const apns = z.record(z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'APN names are lowercase labels'), apnPolicySchema).default({});

/**
 * The family per interface where it differs from the element's transport (F-TEIDs then carry V4
 * or V6 accordingly, TS 29.274 §8.22): the SGW uses s11, s1u and s5; the PGW s5; the GGSN gn.
 */
const interfaces = z.record(z.enum(['s11', 's1u', 's5', 'gn', 'sxb']), transport).default({});
export type InterfaceName = 's11' | 's1u' | 's5' | 'gn' | 'sxb';

const standin = z
  .object({
    kind: z.literal('standin'),
    /** Which stand-in to run (defaults to the element's name). */
    standin: z.string().optional(),
    /** Address family of the element's GTP/PFCP transport. */
    transport: transport.default('ipv6'),
    interfaces,
    /**
     * The PGW's SGi: `inproc` answers for the target's internet hosts inside the stand-in; `tun`
     * (docker lab) makes SGi a real TUN device, so UE traffic crosses the kernel to host containers.
     */
    sgi: z.enum(['inproc', 'tun']).default('inproc'),
    /** Deliberate misbehaviours, to prove scenarios can fail (see each stand-in's fault list). */
    faults: z.array(z.string()).default([]),
    /** Initial Recovery restart counter (TS 23.007 §18). */
    restartCounter: z.number().int().min(0).max(255).default(1),
    apns,
  })
  .strict();

const external = z
  .object({
    kind: z.literal('external'),
    address: z.string().refine((a) => isIP(a) !== 0, 'must be an IPv4 or IPv6 address'),
    port: z.number().int().min(1).max(65535),
    /** The DUT's declared transport family per interface (judged from the F-TEIDs it sends). */
    interfaces,
    apns,
  })
  .strict();

export const elementSchema = z.discriminatedUnion('kind', [standin, external]);

/**
 * Hosts reachable through the gateways' SGi/Gi (the internet stand-in in-process; real hosts for
 * a real network): IPv6-only, IPv4-only, dual-stack, and dual-stack with broken IPv6.
 */
const dual = z.object({ ipv6: ip, ipv4: ip }).strict();
export const internetSchema = z
  .object({
    ipv6Only: ip,
    ipv4Only: ip,
    dualStack: dual,
    brokenIpv6: dual,
    /** UDP echo (RFC 862) port on every host. */
    udpEchoPort: z.number().int().min(1).max(65535).default(7),
  })
  .strict();

/**
 * What the harness may send toward elements the target marks external (CLOUD-HARM): a ceiling by
 * default, raised only by writing it here. Stand-ins are not limited.
 */
export const limitsSchema = z
  .object({
    /** GTP-C/PFCP/RADIUS messages per second toward each external element. */
    messagesPerSecond: z.number().positive().max(1_000_000).default(50),
    /** GTP-U packets per second toward each external element's user plane. */
    userPlanePacketsPerSecond: z.number().positive().max(10_000_000).default(1000),
  })
  .strict();

export const targetSchema = z
  .object({
    name: z.string().min(1),
    limits: limitsSchema.default({}),
    description: z.string().optional(),
    provider: z.enum(['inproc', 'external', 'docker']).default('inproc'),
    internet: internetSchema.optional(),
    elements: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'element names are lowercase'), elementSchema),
  })
  .strict();

export type Target = z.infer<typeof targetSchema>;
export type InternetHosts = z.infer<typeof internetSchema>;
export type TargetElement = z.infer<typeof elementSchema>;
export type StandinElement = Extract<TargetElement, { kind: 'standin' }>;
