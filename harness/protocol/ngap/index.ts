/**
 * NGAP (TS 38.413) over the aligned-PER runtime of ../asn1: the messages a registration and a
 * PDU session need, every other procedure decoded generically, unknown IEs and extensions kept
 * byte-exact.
 *
 * Use:
 *   const m = ngapMessage('InitialUEMessage', { 'RAN-UE-NGAP-ID': 1, 'NAS-PDU': nas,
 *     UserLocationInformation: nrUserLocation(plmn, cell, tac), RRCEstablishmentCause: 'mo-Signalling' });
 *   const octets = encodeNgap(m);                 // SCTP PPID 60
 *   const rx = decodeNgap(octets);                // NgapMessage | UnknownNgapMessage | NgapPduExtension
 *   ieValue(rx, 'AMF-UE-NGAP-ID');                // typed IE value
 *   decodeTransfer(pduSessionResourceSetupRequestTransfer, item.pduSessionResourceSetupRequestTransfer);
 *
 * How to add an IE:
 *   1. Write its type in ies/ from the §9.4.5 ASN.1 with the asn1 factories (sequence, choice,
 *      sequenceOf, integer, enumeratedExt, bitString, octetString, optional(...), `ieExtensions`
 *      as the last component of an extensible SEQUENCE). Field names are the ASN.1 names in
 *      camelCase; value types come from `PerValue<typeof codec>`.
 *   2. Add one row to NGAP_IES in ie-table.ts: `'Spec-Name': ie(<id from §9.4.7>, codec)`.
 *   3. Add a tshark expectation for it in test/oracle/ngap.test.ts.
 * How to add a procedure:
 *   - Every TS 38.413 R15 procedure is in NGAP_PROCEDURES (messages.ts) and decodes already;
 *     for a builder, add the message's IE rows (name, criticality, presence, §9.4.4 order) to
 *     MESSAGE_IES, then `ngapMessage(name, values)` builds it.
 *   - A later release's procedure: one entry in NGAP_PROCEDURES (code, criticality, names).
 */
export * from './builders.ts';
export * from './ie-table.ts';
export * from './ies/basic.ts';
export * from './ies/cause.ts';
export * from './ies/identities.ts';
export * from './ies/pdu-session.ts';
export * from './ies/qos.ts';
export * from './ies/setup.ts';
export * from './messages.ts';
export * from './pdu.ts';
export * from './transfers.ts';
