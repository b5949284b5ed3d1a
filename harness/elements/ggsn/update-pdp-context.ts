import { findIe, findIes, GTPV1C_CAUSE as CAUSE, type Gtpv1cMessage } from '../../protocol/gtpv1c/index.ts';
import type { GnProcedureContext } from './create-pdp-context.ts';

/**
 * SGSN-initiated Update PDP Context (TS 29.060 §7.3.3/§7.3.4): after an SGSN change or a new
 * user-plane endpoint the SGSN sends its new TEID Data I, TEID-C and addresses; the GGSN switches
 * the context over (the user plane follows the new TEID at once), answers cause 128 with its own
 * TEIDs, addresses and the QoS Profile as negotiated (here: as asked), and answers cause 192
 * "Non-existent" for a TEID it does not know.
 */
export function updatePdpContext(
  g: GnProcedureContext,
  req: Gtpv1cMessage,
  from: { address: string; port: number },
  path: string,
): Gtpv1cMessage {
  const ctx = g.table.byControlTeid(req.teid);
  const teidC = findIe(req, 'teid-control-plane')?.teid;
  if (!ctx && !g.faults.has('update-accepts-unknown'))
    return {
      type: 'update-pdp-context-response',
      teid: teidC ?? 0,
      sequence: req.sequence,
      ies: [{ ie: 'cause', value: CAUSE.NON_EXISTENT }],
    };
  const teidD = findIe(req, 'teid-data-i');
  const gsn = findIes(req, 'gsn-address');
  const qos = findIe(req, 'qos-profile');
  const reply = (teid: number, cause: number, ies: Gtpv1cMessage['ies'] = []): Gtpv1cMessage => ({
    type: 'update-pdp-context-response',
    teid,
    sequence: req.sequence,
    ies: [{ ie: 'cause', value: cause }, ...ies],
  });
  // §7.3.3 Table 7: TEID Data I, NSAPI, both SGSN Addresses and the QoS Profile are mandatory.
  if (!teidD || !findIe(req, 'nsapi') || gsn.length < 2 || !qos)
    return reply(ctx?.sgsnTeidControl ?? teidC ?? 0, CAUSE.MANDATORY_IE_MISSING);
  if (!ctx) return reply(teidC ?? 0, CAUSE.REQUEST_ACCEPTED); // the update-accepts-unknown fault
  if (!g.faults.has('update-keeps-old-teid')) {
    if (teidC !== undefined) ctx.sgsnTeidControl = teidC;
    ctx.peerUserPlane = { teid: teidD.teid, address: gsn[1].address };
    ctx.sgsn = { address: gsn[0].address, port: gsn[0].address === from.address ? from.port : 2123 };
    ctx.path = path;
  }
  return reply(ctx.sgsnTeidControl, CAUSE.REQUEST_ACCEPTED, [
    { ie: 'recovery', restartCounter: g.restartCounter },
    { ie: 'teid-data-i', teid: ctx.teid },
    { ie: 'teid-control-plane', teid: ctx.teid },
    { ie: 'charging-id', chargingId: ctx.teid },
    { ie: 'gsn-address', address: g.address },
    { ie: 'gsn-address', address: g.address },
    ...(g.faults.has('update-no-qos')
      ? []
      : [{ ie: 'qos-profile' as const, allocationRetentionPriority: qos.allocationRetentionPriority, data: qos.data }]),
  ]);
}

/**
 * Delete PDP Context (TS 29.060 §7.3.5/§7.3.6): the context of the header's TEID is released
 * (Teardown Ind or not: one PDP context per PDN connection here); an unknown TEID gets cause 192
 * "Non-existent" with TEID 0.
 */
export function deletePdpContext(g: GnProcedureContext, req: Gtpv1cMessage): Gtpv1cMessage {
  const ctx = g.table.byControlTeid(req.teid);
  if (!ctx)
    return {
      type: 'delete-pdp-context-response',
      teid: 0,
      sequence: req.sequence,
      ies: [{ ie: 'cause', value: CAUSE.NON_EXISTENT }],
    };
  g.table.release(ctx);
  return {
    type: 'delete-pdp-context-response',
    teid: ctx.sgsnTeidControl,
    sequence: req.sequence,
    ies: [{ ie: 'cause', value: CAUSE.REQUEST_ACCEPTED }],
  };
}
