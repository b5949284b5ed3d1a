import { setTimeout as sleep } from 'node:timers/promises';
import { UeIpv6Host, withInterfaceId } from '../../harness/drivers/ue/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { GRANTS_IPV6, ipv6Session } from './session-checks.ts';
import { ipv6Text } from '../../harness/protocol/common/ipv6-text.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * Anti-spoofing on the PDN connection (BCP 38; TS 29.061 §11.2.1.3: the UE owns its /64): an
 * echo from the UE's own global address is answered, the same echo from an address outside its
 * /64, or from a link-local address with another interface identifier, is dropped.
 */
export default defineScenario({
  id: 'core/s5-source-address-check',
  title: 'S5/S8-U drops packets whose source is not the UE prefix or link-local address',
  covers: ['MNO-CORE', 'MNO-INTERNET'],
  tags: ['gtpu', 's5', 'security', 'user-plane'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    const pgw = ctx.element('pgw');
    const { name: apnName, policy: apn } = ctx.apn(pgw, GRANTS_IPV6);
    const probe = ctx.declared(
      apn.probeIpv6,
      `elements.${pgw.name}.apns.${apnName}.probeIpv6`,
      'an address that answers ICMPv6 echo through the APN',
    );
    const session = await ipv6Session(ctx, sgw, '001010000000021', apnName);
    const b = session.bearer;
    const ue = new UeIpv6Host(b, withInterfaceId('::', session.ueAddress), ctx.recorder);
    await ue.solicitRouter({ intervalMs: 1000, maxSolicitations: 2 }, ctx.signal);
    const legit = await ue.ping(probe, 1, 1, 1500, ctx.signal);
    ctx.expect('echo from the UE global address is answered (control)', {
      expected: 'echo reply',
      observed: legit
        ? 'echo reply'
        : `no reply (UE address ${ue.global !== undefined ? ipv6Text(ue.global) : 'none'})`,
      ok: legit !== undefined,
      element: 'pgw',
    });
    const spoofers = [
      {
        name: 'a global address outside the UE /64',
        iid: withInterfaceId('::', session.ueAddress),
        global: '2001:db8:dead:beef::1',
      },
      { name: 'a link-local address with another interface identifier', iid: '::bad:bad:bad:bad', global: undefined },
    ];
    for (const [i, s] of spoofers.entries()) {
      // One host at a time: the bearer delivers downlink packets to the host created last.
      const host = new UeIpv6Host(b, s.iid, ctx.recorder);
      host.global = s.global;
      // "Dropped" is judged in band, never by a fixed window a loaded machine can overrun: the
      // spoofed echo's reply is awaited until a control echo sent after it on the same bearer, from
      // the UE's own address, has come back (plus a grace of twice its round trip). A PGW that
      // forwards the spoofed packet answers it ahead of the control on this one path.
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const spoofed = host.ping(probe, 2 + i, 1, 60_000, stop.signal);
      host.global = ue.global;
      const control = await host.ping(probe, 10 + i, 1, 5000, ctx.signal);
      if (control) await sleep(Math.max(200, 2 * control.rttMs), undefined, { signal: ctx.signal }).catch(() => {});
      stop.abort();
      ctx.signal.removeEventListener('abort', onAbort);
      const reply = await spoofed;
      ctx.check(`echo from ${s.name} is dropped`, {
        expected: 'no reply',
        observed: reply
          ? `reply to ${ipv6Text(reply.reply.dst)}`
          : control
            ? 'no reply'
            : 'not judged: the control echo sent after it from the UE address got no reply within 5 s either',
        ok: reply === undefined && control !== undefined,
        clause: 'BCP 38, TS 29.061 §11.2.1.3',
        element: 'pgw',
      });
    }
    if (session.pgwTeid !== undefined) await sgw.deleteSession(session.pgwTeid, 5, ctx.signal);
  },
});
