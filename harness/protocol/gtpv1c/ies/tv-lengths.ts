/**
 * Value lengths of the TV IE types this codec keeps as octets (TS 29.060 §7.7, Table 37): a TV IE
 * has no length field, so one of an unlisted type cannot be skipped. The modelled TV types carry
 * their length in their codec.
 */
export const OTHER_TV_LENGTHS: Readonly<Record<number, number>> = {
  /** §7.7.4 TLLI */
  4: 4,
  /** §7.7.5 P-TMSI */
  5: 4,
  /** §7.7.7 Authentication Triplet */
  9: 28,
  /** §7.7.8 MAP Cause */
  11: 1,
  /** §7.7.9 P-TMSI Signature */
  12: 3,
  /** §7.7.10 MS Validated */
  13: 1,
  /** §7.7.15 TEID Data II */
  18: 5,
  /** §7.7.18 RANAP Cause */
  21: 1,
  /** §7.7.19 RAB Context */
  22: 9,
  /** §7.7.20 Radio Priority SMS */
  23: 1,
  /** §7.7.21 Radio Priority */
  24: 1,
  /** §7.7.22 Packet Flow Id */
  25: 2,
  /** §7.7.24 Trace Reference */
  27: 2,
  /** §7.7.25 Trace Type */
  28: 2,
  /** §7.7.25A MS Not Reachable Reason */
  29: 1,
};
