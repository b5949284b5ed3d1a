/** LINKTYPE_WIRESHARK_UPPER_PDU: each frame starts with exported-PDU TLVs naming a dissector. */
export const LINKTYPE_WIRESHARK_UPPER_PDU = 252;

/** exported_pdu_tlvs.h: EXP_PDU_TAG_DISSECTOR_NAME (12) and EXP_PDU_TAG_END_OF_OPT (0). */
const TAG_DISSECTOR_NAME = 12;
const TAG_END_OF_OPT = 0;

/**
 * One LINKTYPE_WIRESHARK_UPPER_PDU frame: a TLV naming the Wireshark dissector (e.g. "ngap",
 * "nas-5gs"), the end-of-options TLV, then the PDU. Lets tshark dissect a protocol with no
 * transport under it (NGAP normally rides on SCTP PPID 60, which this oracle does not need).
 */
export function upperPdu(dissector: string, pdu: Buffer): Buffer {
  const name = Buffer.from(dissector, 'ascii');
  const head = Buffer.alloc(4 + name.length + 4);
  head.writeUInt16BE(TAG_DISSECTOR_NAME, 0);
  head.writeUInt16BE(name.length, 2);
  name.copy(head, 4);
  head.writeUInt16BE(TAG_END_OF_OPT, 4 + name.length);
  head.writeUInt16BE(0, 6 + name.length);
  return Buffer.concat([head, pdu]);
}
