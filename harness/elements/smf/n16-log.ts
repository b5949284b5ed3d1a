/**
 * What one SMF saw of N16 (TS 29.502 §5.2.2.7-§5.2.2.9), per PDU session, oldest first: as H-SMF
 * the Creates, Updates and Releases it answered and the Updates it sent the V-SMF; as V-SMF the
 * answers it got. A scenario reads it (the lab's `n16`) to say which SMF of a home-routed session
 * decided: the H-SMF's reject, or the release the V-SMF did or did not forward.
 */
export interface N16Record {
  /** create/update/release: POST pdu-sessions, .../modify, .../release; vsmf-update: POST {vsmfPduSessionUri}/modify. */
  op: 'create' | 'update' | 'release' | 'vsmf-update';
  supi: string;
  pduSessionId: number;
  /** The HTTP status of the answer. */
  status: number;
  requestIndication?: string;
  /** An N1 SM part came with it (n1SmInfoFromUe / n1SmInfoToUe). */
  n1SmInfo?: boolean;
  n1smCause?: string;
}

/** Kept records per SMF: a load must not grow it with the rate. */
const MAX_RECORDS = 1000;

export class N16Log {
  private readonly kept: N16Record[] = [];

  add(r: N16Record): void {
    if (this.kept.length < MAX_RECORDS) this.kept.push(r);
  }

  get records(): readonly N16Record[] {
    return this.kept;
  }
}
