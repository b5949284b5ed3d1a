import { GtpuEndpoint } from '../drivers/common/gtpu-endpoint.ts';
import { Enb, MmeS11Driver } from '../drivers/mme/index.ts';
import { PgwCSxDriver } from '../drivers/pgw-c/index.ts';
import { SgsnGnDriver } from '../drivers/sgsn/index.ts';
import { SgwS5Driver } from '../drivers/sgw/index.ts';
import { SmfN4Driver } from '../drivers/smf-n4/index.ts';
import type { ScenarioContext } from './context.ts';
import { fixture, type Fixture } from './fixture.ts';

/**
 * The catalogue of scenario fixtures (fixture.ts): the emulated peers scenarios open most, each
 * opened against the element of its role and closed by the runner. A scenario declares them:
 * `fixtures: { sgw: sgwS5() }` and receives `run(ctx, { sgw })`.
 */

/**
 * The SGW side of S5/S8 (TS 29.274) toward the `pgw` element, GTP-C and S5/S8-U sockets open.
 * `toward`: the PGW element chosen from the scenario's parameters (a visited PGW, `vpgw`).
 */
export const sgwS5 = (
  opts: { receivePort?: number; toward?: (ctx: ScenarioContext) => string } = {},
): Fixture<SgwS5Driver> =>
  fixture({
    title: 'SGW on S5/S8',
    element: opts.toward ? undefined : 'pgw',
    async open(ctx) {
      const pgw = ctx.element(opts.toward?.(ctx) ?? 'pgw');
      const d = new SgwS5Driver({ pgw, recorder: ctx.recorder, receivePort: opts.receivePort });
      await d.open();
      return d;
    },
    close: (d) => d.close(),
  });

/** The MME side of S11 (TS 29.274) toward the `sgw` element. */
export const mmeS11 = (): Fixture<MmeS11Driver> =>
  fixture({
    title: 'MME on S11',
    element: 'sgw',
    async open(ctx) {
      const d = new MmeS11Driver({ sgw: ctx.element('sgw'), recorder: ctx.recorder });
      await d.open();
      return d;
    },
    close: (d) => d.close(),
  });

/**
 * An eNodeB's S1-U end toward the `sgw` element (TS 36.300 §4.3), not yet bound: the scenario
 * opens it on the family of the SGW's S1-U F-TEID once it knows it; the runner closes it.
 */
export const enbS1u = (opts: { firstTeid?: number } = {}): Fixture<Enb> =>
  fixture({
    title: 'eNodeB on S1-U',
    element: 'sgw',
    open: async (ctx) => new Enb(ctx.recorder, opts.firstTeid, ctx.element('sgw').userPlaneLimit),
    close: (e) => e.close(),
  });

/** The SGSN side of Gn (TS 29.060) toward the `ggsn` element, GTP-C and GTP-U sockets open. */
export const sgsnGn = (): Fixture<SgsnGnDriver> =>
  fixture({
    title: 'SGSN on Gn',
    element: 'ggsn',
    async open(ctx) {
      const d = new SgsnGnDriver({ ggsn: ctx.element('ggsn'), recorder: ctx.recorder });
      await d.open();
      return d;
    },
    close: (d) => d.close(),
  });

/** The PGW-C side of Sxb (TS 29.244) toward the `pgw-u` element. */
export const pgwCSxb = (): Fixture<PgwCSxDriver> =>
  fixture({
    title: 'PGW-C on Sxb',
    element: 'pgw-u',
    async open(ctx) {
      const d = new PgwCSxDriver({ pgwU: ctx.element('pgw-u'), recorder: ctx.recorder });
      await d.open();
      return d;
    },
    close: (d) => d.close(),
  });

/** The SMF side of N4 (TS 29.244) toward the `upf` element. */
export const smfN4 = (): Fixture<SmfN4Driver> =>
  fixture({
    title: 'SMF on N4',
    element: 'upf',
    async open(ctx) {
      const d = new SmfN4Driver({ upf: ctx.element('upf'), recorder: ctx.recorder });
      await d.open();
      return d;
    },
    close: (d) => d.close(),
  });

/**
 * A GTP-U end (TS 29.281) toward `element`'s user plane (an SGW-U on Sxb-u, a gNB on N3), not yet
 * bound: the scenario opens it on the address its session needs; the runner closes it.
 */
export const gtpuPeer = (element: 'pgw-u' | 'upf'): Fixture<GtpuEndpoint> =>
  fixture({
    title: `GTP-U peer of ${element}`,
    element,
    open: async (ctx) => new GtpuEndpoint(ctx.recorder, ctx.element(element).userPlaneLimit),
    close: (g) => g.close(),
  });
