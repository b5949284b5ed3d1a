import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import test, { type ExecutionContext } from 'ava';
import { execa, type ResultPromise } from 'execa';
import { Address6 } from 'ip-address';
import {
  openUdpTransport,
  releasePrefix,
  requestPrefixVia,
  type Dhcpv6Transport,
  type PdClientOptions,
  type PdOutcome,
} from '../../harness/drivers/ue/index.ts';
import { openHostLink, type HostLink } from '../../harness/lab/netns/host-link.ts';
import {
  findOption,
  MESSAGE,
  OPTION,
  STATUS,
  type Dhcpv6Message,
  type Dhcpv6Option,
} from '../../harness/protocol/dhcpv6/index.ts';
import { dissect, fieldAll, type Frame } from '../helpers/tshark.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { needPrecondition } from '../helpers/precondition.ts';

/**
 * Our requesting router (harness/drivers/ue/dhcpv6-pd-client.ts) and DHCPv6 codec against ISC kea
 * (Debian package kea-dhcp6-server, 2.2), a delegating router we did not write. Each test runs a
 * kea of its own in a network namespace joined to this one by a veth pair (harness/lab/netns/
 * host-link.ts); our client speaks from the root end's link-local address, port 546, to
 * ff02::1:2 port 547 (RFC 8415 §7.1), over the same exchange logic the UE runs in its GTP tunnel.
 * kea's configuration is JSON written to a temporary directory, with its lease file, pid file
 * and lock file there too; its server DUID is a DUID-EN (RFC 8415 §11.3) that is not persisted.
 * Needs root (namespaces, port 546); without root or kea the tests are skipped, in CI they fail.
 */

/** The documentation Private Enterprise Number (RFC 5612) and an identifier: kea's DUID-EN. */
const SERVER_DUID = '000200007ed9' + 'c0ffee01';
const OPTS: PdClientOptions = { timeoutMs: 1000, attempts: 3 };

/** A fresh ULA /48 (RFC 4193 §3.1: fd00::/8 and a pseudo-random 40-bit global ID) for the pd-pool, as kea and our decoder write it. */
function ula48(): string {
  return at(`fd${randomBytes(5).toString('hex')}`.replace(/(.{4})(.{4})(.{4})/, '$1:$2:$3::'), 0n);
}

/** The address `offset` past `base`, in RFC 5952 form. */
function at(base: string, offset: bigint): string {
  return Address6.fromBigInt(new Address6(base).bigInt() + offset).correctForm();
}

async function keaProblem(): Promise<string | undefined> {
  if (process.getuid?.() !== 0) return 'network namespaces and DHCPv6 port 546 need root';
  for (const [cmd, args] of [
    ['kea-dhcp6', ['-v']],
    ['ip', ['netns', 'list']],
    ['dumpcap', ['-v']],
    ['tshark', ['-v']],
  ] as const) {
    const r = await execa(cmd, [...args], { reject: false, timeout: 10_000 });
    if (r.exitCode !== 0)
      return `${cmd} ${args.join(' ')} failed: ${(r.stderr || r.stdout || 'not installed: run containers/install-deps.sh').trim().split('\n')[0]}`;
  }
  return undefined;
}
const problem = keaProblem();

/** Skipped with the reason where kea or root is missing; in CI (CI set), a failure: the interop test must run. */
async function needKea(t: ExecutionContext): Promise<boolean> {
  return needPrecondition(t, await problem, 'the kea interop test');
}

interface Kea {
  /** kea's temporary directory (configuration, leases), removed afterwards. */
  dir: string;
  link: HostLink;
  transport: Dhcpv6Transport;
  log(): string;
}

/** Everything this file started, so a test that fails half-way still leaves nothing behind. */
const started = { links: new Set<HostLink>(), keas: new Set<ResultPromise>() };

/**
 * Runs `fn` against a kea whose one subnet (the link's /64, on kea's end of the veth) carries
 * `subnet` (pd-pools, options, rapid-commit). kea, the capture if any, the socket and the
 * namespace are gone when this returns, whatever happened.
 */
async function withKea(subnet: Record<string, unknown>, fn: (k: Kea) => Promise<void>): Promise<void> {
  const link = await openHostLink('kea');
  started.links.add(link);
  const dir = tempDir('kea');
  let kea: ResultPromise | undefined;
  let transport: Awaited<ReturnType<typeof openUdpTransport>> | undefined;
  let log = '';
  try {
    const config = {
      Dhcp6: {
        'interfaces-config': { interfaces: [link.nsIf] },
        'server-id': { type: 'EN', 'enterprise-id': 32473, identifier: SERVER_DUID.slice(12), persist: false },
        'lease-database': { type: 'memfile', name: join(dir, 'leases6.csv'), 'lfc-interval': 0 },
        // No control socket, no DDNS: only the DHCPv6 service on the veth.
        subnet6: [{ id: 1, subnet: `${link.prefix}/64`, interface: link.nsIf, ...subnet }],
        loggers: [{ name: 'kea-dhcp6', output_options: [{ output: 'stdout' }], severity: 'INFO' }],
      },
    };
    writeFileSync(join(dir, 'kea-dhcp6.json'), JSON.stringify(config, null, 2));
    kea = execa('ip', ['netns', 'exec', link.ns, 'kea-dhcp6', '-c', join(dir, 'kea-dhcp6.json')], {
      reject: false,
      all: true,
      timeout: 120_000,
      env: { KEA_PIDFILE_DIR: dir, KEA_LOCKFILE_DIR: dir },
    });
    started.keas.add(kea);
    kea.all?.on('data', (d: Buffer) => (log += d.toString()));
    let exited = false;
    void kea.finally(() => (exited = true));
    for (let i = 0; i < 200 && !exited && !log.includes('DHCP6_STARTED'); i++)
      await new Promise((r) => setTimeout(r, 25));
    if (!log.includes('DHCP6_STARTED'))
      throw new Error(`kea-dhcp6 did not start${exited ? ' (it exited)' : ' within 5 s'}:\n${log}`);
    transport = await openUdpTransport({ interface: link.hostIf, linkLocal: link.hostLinkLocal });
    await fn({ dir, link, transport, log: () => log });
  } finally {
    await transport?.close();
    if (kea) {
      kea.kill('SIGKILL');
      await kea;
      started.keas.delete(kea);
    }
    await link.close();
    started.links.delete(link);
    rmSync(dir, { recursive: true, force: true });
  }
}

test.after.always(async () => {
  for (const k of started.keas) k.kill('SIGKILL');
  for (const l of started.links) await l.close();
});

/**
 * A capture of the root end of the veth by tshark, into a pcapng file. libpcap hands packets over
 * in blocks, so a capture stopped right after the exchange could miss its end: a probe datagram
 * (UDP to the discard port, RFC 863, on ff02::1) is sent until tshark prints it, once before the
 * exchange (the capture runs) and once after (everything before the probe has been written).
 */
async function capture(dev: string, dir: string): Promise<{ stop(): Promise<string> }> {
  const path = join(dir, 'dhcpv6.pcapng');
  const cap = execa(
    'tshark',
    ['-i', dev, '-f', 'udp port 546 or udp port 547 or udp port 9', '-w', path, '-P', '-l', '-n'],
    { reject: false, all: true, timeout: 120_000 },
  );
  let out = '';
  cap.all?.on('data', (d: Buffer) => (out += d.toString()));
  let exited = false;
  void cap.finally(() => (exited = true));
  const probe = createSocket('udp6');
  let probes = 0;
  const probed = async () => {
    // Each probe round has a payload length of its own, so tshark's summary line tells the rounds apart.
    const payload = Buffer.alloc(16 + probes++, 0x70);
    const line = new RegExp(`→ 9 Len=${payload.length}\\b`);
    for (let i = 0; i < 100 && !exited; i++) {
      probe.send(payload, 9, `ff02::1%${dev}`);
      if (line.test(out)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`tshark on ${dev} did not print probe ${probes}${exited ? ' (it exited)' : ''}: ${out}`);
  };
  const end = async () => {
    probe.close();
    cap.kill('SIGINT');
    const timer = setTimeout(() => cap.kill('SIGKILL'), 5000);
    await cap;
    clearTimeout(timer);
  };
  try {
    await probed();
  } catch (e) {
    await end();
    throw e;
  }
  return {
    async stop() {
      try {
        await probed();
      } finally {
        await end();
      }
      return path;
    },
  };
}

/**
 * What the test expects of a delegation, as a list of differences (empty: as expected): a prefix
 * of `length` inside `pool` (RFC 8415 §18.3.2, kea's pd-pool `delegated-len`), and, when
 * `excluded` is given, PD_EXCLUDE naming it (RFC 6603 §4.2).
 */
function delegationProblems(pd: PdOutcome, want: { pool: string; length: number; excluded?: string }): string[] {
  if (pd.kind === 'refused')
    return [
      `kea refused the delegation: status ${pd.status} "${pd.message}"; expected a /${want.length} from ${want.pool}`,
    ];
  if (pd.kind === 'no-answer') return [`kea did not answer the ${pd.stage}`];
  const problems: string[] = [];
  if (pd.length !== want.length)
    problems.push(
      `kea delegated ${pd.prefix}/${pd.length}: expected a /${want.length} (RFC 8415 §18.3.2, the pool's delegated-len)`,
    );
  if (!new Address6(`${pd.prefix}/${pd.length}`).isInSubnet(new Address6(want.pool)))
    problems.push(`kea delegated ${pd.prefix}/${pd.length}, outside the pool ${want.pool}`);
  if (want.excluded !== undefined && pd.excluded !== want.excluded)
    problems.push(`PD_EXCLUDE names ${pd.excluded ?? 'nothing'}: expected ${want.excluded} (RFC 6603 §4.2)`);
  return problems;
}

/** The prefix kea excludes from `delegated`: the configured excluded prefix's bits past the pool's delegated-len, in that prefix (RFC 6603 §4.2). */
function expectedExcluded(
  delegated: string,
  delegatedLength: number,
  configured: string,
  configuredLength: number,
): string {
  const d = new Address6(delegated).bigInt();
  const c = new Address6(configured).bigInt();
  const between = ((1n << BigInt(128 - delegatedLength)) - 1n) ^ ((1n << BigInt(128 - configuredLength)) - 1n);
  return `${Address6.fromBigInt(d | (c & between)).correctForm()}/${configuredLength}`;
}

const msgTypes = (m: Dhcpv6Message[]) => m.map((x) => x.msgType);

test.serial(
  'kea delegates a /56 from its /48 pd-pool with PD_EXCLUDE and DNS servers; Rapid Commit; tshark reads the same IA_PD fields',
  async (t) => {
    if (!(await needKea(t))) return;
    const pool = ula48();
    const excludedConfigured = at(pool, 0x2an << 64n); // the /64 with subnet ID 0x2a in the pool's first /56
    const dns = [at(pool, (0xffffn << 64n) + 0x53n), at(pool, (0xffffn << 64n) + 0x54n)];
    await withKea(
      {
        'rapid-commit': true,
        'pd-pools': [
          {
            prefix: pool,
            'prefix-len': 48,
            'delegated-len': 56,
            'excluded-prefix': excludedConfigured,
            'excluded-prefix-len': 64,
          },
        ],
        'option-data': [{ name: 'dns-servers', data: dns.join(', ') }],
      },
      async (kea) => {
        const pcap = await capture(kea.link.hostIf, kea.dir);
        let withExclude: PdOutcome, rapid: PdOutcome, path: string;
        try {
          // Solicit → Advertise → Request → Reply (RFC 8415 §18.2.1-2), PD_EXCLUDE and DNS servers in the ORO.
          withExclude = await requestPrefixVia(kea.transport, { ...OPTS, pdExclude: true });
          // Solicit with Rapid Commit → Reply (§18.2.1, §18.3.1: kea's subnet has rapid-commit), no PD_EXCLUDE asked for.
          rapid = await requestPrefixVia(kea.transport, { ...OPTS, pdExclude: false, rapidCommit: true });
        } finally {
          path = await pcap.stop();
        }
        t.deepEqual(delegationProblems(withExclude, { pool: `${pool}/48`, length: 56 }), [], kea.log());
        if (withExclude.kind !== 'delegated' || rapid.kind !== 'delegated') return;
        t.deepEqual(msgTypes(withExclude.exchange), [
          MESSAGE.SOLICIT,
          MESSAGE.ADVERTISE,
          MESSAGE.REQUEST,
          MESSAGE.REPLY,
        ]);
        // kea 2.2 supports RFC 6603 (pd-pools excluded-prefix): the option carries the configured
        // subnet ID, so inside the delegated /56 it names the /64 with that ID.
        t.is(withExclude.excluded, expectedExcluded(withExclude.prefix, 56, excludedConfigured, 64));
        t.is(
          withExclude.prefix,
          pool,
          'kea allocates from the start of a fresh pool, so the excluded /64 is the configured one itself',
        );
        t.is(withExclude.excluded, `${excludedConfigured}/64`);
        t.deepEqual(
          withExclude.dnsServers,
          dns,
          'DNS Recursive Name Server option (RFC 3646 §3) as configured, asked for in the ORO',
        );
        t.is(withExclude.lease.serverId.toString('hex'), SERVER_DUID, 'Server ID is kea’s configured DUID-EN');

        t.deepEqual(
          msgTypes(rapid.exchange),
          [MESSAGE.SOLICIT, MESSAGE.REPLY],
          'Rapid Commit: the Reply answers the Solicit',
        );
        t.truthy(
          findOption(rapid.exchange[1].options, OPTION.RAPID_COMMIT),
          'RFC 8415 §18.3.1: a Reply to a Rapid Commit Solicit carries Rapid Commit',
        );
        t.deepEqual(delegationProblems(rapid, { pool: `${pool}/48`, length: 56 }), []);
        t.not(rapid.prefix, withExclude.prefix, 'another client (DUID) gets another /56');
        t.is(
          rapid.excluded,
          undefined,
          'PD_EXCLUDE not in the ORO: kea leaves it out, as RFC 6603 §4 has a server send it to a client that asked for it',
        );

        // Wireshark's dissector on what crossed the veth: nothing malformed, the same IA_PD fields.
        // The kernel fills in UDP checksums lazily on a veth (checksum offload), so those are not checked here.
        const frames = (await dissect(path, { extraArgs: ['-o', 'udp.check_checksum:FALSE'] })).filter((f) =>
          f.protocols.includes('dhcpv6'),
        );
        const ours = [...withExclude.exchange, ...rapid.exchange];
        t.is(
          frames.length,
          ours.length,
          `one frame per message we sent or decoded: ${frames.map((f) => fieldAll(f, 'dhcpv6.msgtype')).join(',')}`,
        );
        for (const f of frames) {
          t.false(f.malformed, `frame ${f.number} malformed`);
          t.deepEqual(f.errors, [], `frame ${f.number}`);
          const xid = Number(fieldAll(f, 'dhcpv6.xid')[0]);
          const type = Number(fieldAll(f, 'dhcpv6.msgtype')[0]);
          const m = ours.find((x) => x.transactionId === xid && x.msgType === type);
          if (!m) {
            t.fail(`frame ${f.number}: message type ${type} xid ${xid} is not in our exchange`);
            continue;
          }
          t.deepEqual(
            tsharkIaPd(f),
            iaPdFields(m),
            `frame ${f.number} (${type}): IA_PD as tshark reads it and as we decoded/encoded it`,
          );
        }
      },
    );
  },
);

/** IA_PD (RFC 8415 §21.21-22) and PD_EXCLUDE (RFC 6603 §4.2) fields of one message, named as tshark names them. */
function iaPdFields(m: Dhcpv6Message): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (k: string, v: string) => (out[k] ??= []).push(v);
  const walk = (list: readonly Dhcpv6Option[]) => {
    for (const o of list) {
      if ('unknown' in o) continue;
      if (o.code === OPTION.IA_PD) {
        add('iaid', o.iaid.toString(16).padStart(8, '0'));
        add('t1', String(o.t1));
        add('t2', String(o.t2));
        walk(o.options);
      } else if (o.code === OPTION.IAPREFIX) {
        add('prefix', `${new Address6(o.prefix).correctForm()}/${o.prefixLength}`);
        add('lifetimes', `${o.preferredLifetime}/${o.validLifetime}`);
        walk(o.options);
      } else if (o.code === OPTION.PD_EXCLUDE) {
        add('pd_exclude', `${o.prefixLength} ${o.subnetId.toString('hex')}`);
      } else if (o.code === OPTION.STATUS_CODE) {
        add('status', String(o.status));
      } else if (o.code === OPTION.DNS_SERVERS) {
        for (const s of o.servers) add('dns', new Address6(s).correctForm());
      }
    }
  };
  walk(m.options);
  return out;
}

function tsharkIaPd(f: Frame): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const put = (k: string, v: string[]) => v.length && (out[k] = v);
  const all = (n: string) => fieldAll(f, n);
  put(
    'iaid',
    all('dhcpv6.iaid').map((s) => s.replace(/^0x/, '').padStart(8, '0')),
  );
  put('t1', all('dhcpv6.iaid.t1'));
  put('t2', all('dhcpv6.iaid.t2'));
  const lens = all('dhcpv6.iaprefix.pref_len');
  put(
    'prefix',
    all('dhcpv6.iaprefix.pref_addr').map((a, i) => `${new Address6(a).correctForm()}/${lens[i]}`),
  );
  const valid = all('dhcpv6.iaprefix.valid_lifetime');
  put(
    'lifetimes',
    all('dhcpv6.iaprefix.pref_lifetime').map((p, i) => `${p}/${valid[i]}`),
  );
  const ids = all('dhcpv6.pd_exclude.subnet_id');
  put(
    'pd_exclude',
    all('dhcpv6.pd_exclude.pref_len').map((l, i) => `${l} ${ids[i].replace(/:/g, '')}`),
  );
  put('status', all('dhcpv6.status_code'));
  put(
    'dns',
    all('dhcpv6.dns_server').map((a) => new Address6(a).correctForm()),
  );
  return out;
}

test.serial(
  'a tiny pool (one /56): the second client gets NoPrefixAvail, the first gets its prefix again, and after its Release the second gets it',
  async (t) => {
    if (!(await needKea(t))) return;
    const pool = ula48();
    await withKea({ 'pd-pools': [{ prefix: pool, 'prefix-len': 56, 'delegated-len': 56 }] }, async (kea) => {
      const first = { duid: Buffer.concat([Buffer.from([0, 4]), randomBytes(16)]), iaid: 7 };
      const second = { duid: Buffer.concat([Buffer.from([0, 4]), randomBytes(16)]), iaid: 7 };
      const a = await requestPrefixVia(kea.transport, { ...OPTS, ...first });
      t.deepEqual(delegationProblems(a, { pool: `${pool}/56`, length: 56 }), [], kea.log());
      if (a.kind !== 'delegated') return;
      t.is(a.prefix, pool);

      // RFC 8415 §18.3.9: no prefix for the IA_PD → an Advertise whose IA_PD holds NoPrefixAvail.
      const b = await requestPrefixVia(kea.transport, { ...OPTS, ...second });
      t.like(b, { kind: 'refused', status: STATUS.NoPrefixAvail }, JSON.stringify(b.kind === 'refused' ? b : b.kind));
      t.deepEqual(
        msgTypes(b.exchange),
        [MESSAGE.SOLICIT, MESSAGE.ADVERTISE],
        'refused at the Advertise: the client sends no Request (RFC 8415 §18.2.9)',
      );

      // The same client (DUID, IAID) soliciting again: the server's binding gives the same prefix (RFC 8415 §18.3.1-2).
      const again = await requestPrefixVia(kea.transport, { ...OPTS, ...first });
      t.like(again, { kind: 'delegated', prefix: a.prefix, length: 56 });

      // Release (RFC 8415 §18.2.7) → Reply with Success (§18.3.7); the prefix is free for the other client.
      const released = await releasePrefix(kea.transport, a.lease, OPTS);
      t.like(released, { kind: 'released', status: STATUS.Success });
      t.deepEqual(msgTypes(released.exchange), [MESSAGE.RELEASE, MESSAGE.REPLY]);
      const b2 = await requestPrefixVia(kea.transport, { ...OPTS, ...second });
      t.like(b2, { kind: 'delegated', prefix: a.prefix, length: 56 }, kea.log().split('\n').slice(-5).join('\n'));
    });
  },
);

test.serial(
  'it can fail: kea delegating /64s where a /56 is expected, and kea without pd-pools, are reported as such',
  async (t) => {
    if (!(await needKea(t))) return;
    const pool = ula48();
    await withKea({ 'pd-pools': [{ prefix: pool, 'prefix-len': 48, 'delegated-len': 64 }] }, async (kea) => {
      const pd = await requestPrefixVia(kea.transport, OPTS);
      t.deepEqual(
        delegationProblems(pd, { pool: `${pool}/48`, length: 56 }),
        [`kea delegated ${pool}/64: expected a /56 (RFC 8415 §18.3.2, the pool's delegated-len)`],
        kea.log(),
      );
    });
    await withKea({}, async (kea) => {
      const pd = await requestPrefixVia(kea.transport, OPTS);
      t.like(pd, { kind: 'refused', status: STATUS.NoPrefixAvail });
      t.regex(
        delegationProblems(pd, { pool: `${pool}/48`, length: 56 })[0],
        /^kea refused the delegation: status 6 ".*"; expected a \/56 from .*\/48$/,
      );
    });
  },
);

test.serial('nothing is left behind: no namespace, no veth, no kea', async (t) => {
  t.is(started.links.size, 0);
  t.is(started.keas.size, 0);
  const ns = await execa('ip', ['netns', 'list'], { reject: false });
  t.false(ns.stdout.includes(`v6h-kea-${process.pid.toString(36)}-`), ns.stdout);
  const links = await execa('ip', ['-br', 'link'], { reject: false });
  t.false(links.stdout.includes(`v6hkea${process.pid.toString(36)}-`), links.stdout);
});
