/**
 * An NGAP NG Setup Request (TS 38.413 §9.2.6.1) in APER, built by hand for the SCTP captures:
 * GlobalRANNodeID (gNB-ID 1 of 22 bits, PLMN 001-01), SupportedTAList (TAC 1, PLMN 001-01,
 * S-NSSAI SST 1), DefaultPagingDRX v128. tshark 4.0's NGAP dissector reads it as NGSetupRequest
 * with those three IEs (checked in test/integration/sctp-loopback.test.ts).
 *
 *   00 15 00 25            initiatingMessage, procedureCode 21 (id-NGSetup), reject, 37 octets
 *   00 00 03               NGSetupRequest: no extension, 3 protocol IEs
 *   00 1b 00 08 ...        id-GlobalRANNodeID (27), reject: globalGNB-ID, 00f110, gNB-ID 000004/22
 *   00 66 00 0d ...        id-SupportedTAList (102), reject: 1 TA, TAC 000001, 1 PLMN, 1 slice SST 1
 *   00 15 40 01 40         id-DefaultPagingDRX (21), ignore: v128
 */
export const NG_SETUP_REQUEST = Buffer.from(
  '00150025000003001b00080000f11000000004' + '0066000d00000000010000f11000000008' + '0015400140',
  'hex',
);
