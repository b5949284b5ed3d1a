import { echoRequest, encodeIpPacket } from '../../harness/protocol/ip/index.ts';
import { defineScenario } from '../../harness/runner/scenario.ts';
import { pgwUserPlaneAddress } from './session-checks.ts';
import { sgwS5 } from '../../harness/runner/fixtures.ts';

/**
 * A G-PDU for a TEID the PGW does not know is answered with Error Indication (TS 29.281 §7.3.1):
 * TEID Data I is the unknown TEID, GTP-U Peer Address the PGW's own user plane (its S5/S8-U
 * F-TEID, learnt from a session: a split PGW's user plane is elsewhere), and the UDP Port extension
 * header names the sender's port (§5.2.2.1), so the SGW can tear down the stale bearer.
 */
const UNKNOWN_TEID = 0x0badf00d;

export default defineScenario({
  id: 'core/s5-error-indication',
  title: 'S5/S8-U: a G-PDU to an unknown TEID gets an Error Indication',
  covers: ['MNO-CORE', 'MNO-RAN'],
  tags: ['gtpu', 's5', 'path-management'],
  needs: ['pgw'],
  fixtures: { sgw: sgwS5() },
  async run(ctx, { sgw }) {
    // Where the PGW's user plane is (its S5/S8-U F-TEID), which need not be its GTP-C address.
    const userPlane = await pgwUserPlaneAddress(ctx, sgw, '001010000000061');
    const bearer = sgw.bearer(0x1234, {
      teid: UNKNOWN_TEID,
      ipv6: userPlane.includes(':') ? userPlane : undefined,
      ipv4: userPlane.includes(':') ? undefined : userPlane,
    });
    bearer.send(encodeIpPacket(echoRequest('2001:db8:100:1::5', '2001:db8:ffff::1', 1, 1)));
    let ei = sgw.userPlane.signalling.find((m) => m.type === 'error-indication');
    for (let i = 0; i < 20 && !ei; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ei = sgw.userPlane.signalling.find((m) => m.type === 'error-indication');
    }
    ctx.expect('PGW sends an Error Indication', {
      expected: 'error-indication',
      observed: ei
        ? ei.type
        : `nothing within 1 s (received: ${sgw.userPlane.signalling.map((m) => m.type).join(', ') || 'nothing'})`,
      ok: ei !== undefined,
      clause: 'TS 29.281 §7.3.1',
      element: 'pgw',
    });
    ctx.checkMatch(
      'TEID Data I is the unknown TEID',
      { ie: 'teid-data-i', teid: UNKNOWN_TEID },
      ei!.ies.find((ie) => ie.ie === 'teid-data-i'),
      { clause: 'TS 29.281 §7.3.1, §8.3', element: 'pgw' },
    );
    ctx.checkMatch(
      'GTP-U Peer Address is the PGW user plane',
      { ie: 'peer-address', address: userPlane },
      ei!.ies.find((ie) => ie.ie === 'peer-address'),
      { clause: 'TS 29.281 §7.3.1, §8.4', element: 'pgw' },
    );
    const udpPort = ei!.extensionHeaders.find((h) => h.type === 'udp-port');
    ctx.check('UDP Port extension header names the sender port', {
      expected: sgw.userPlane.endpoint.port,
      observed: udpPort?.type === 'udp-port' ? udpPort.port : 'absent',
      clause: 'TS 29.281 §5.2.2.1',
      level: 'SHOULD',
      element: 'pgw',
    });
  },
});
