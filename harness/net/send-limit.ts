/**
 * A ceiling on what the harness sends toward one element (CLOUD-HARM: a test tool pointed at a
 * real network must not flood it). A token bucket: `perSecond` tokens a second, up to `burst`
 * saved; a send that finds no token waits its turn, in order. Stand-ins in the lab have none.
 */
export interface SendLimit {
  perSecond: number;
  burst?: number;
}
