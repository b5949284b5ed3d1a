import { z } from 'zod';

/**
 * Common data types of the 5GC service based interfaces (TS 29.571 §5), as zod schemas: the
 * types are inferred from them, and a received body is checked against them (parse.ts turns a
 * failure into the ProblemDetails TS 29.500 §5.2.7.2 asks for). Objects are open
 * (`passthrough`): attributes of later releases are kept, as TS 29.500 §6.2 asks of receivers.
 * Enumerations are open too (TS 29.501 §5.2.4: an extensible enumeration is "anyOf" the values
 * and a string), so they are strings whose known values the types name.
 */

/** A string enumeration with known values that accepts any other string (TS 29.501 §5.2.4). */
export function openEnum<const T extends readonly [string, ...string[]]>(_known: T) {
  return z.string() as unknown as z.ZodType<T[number] | (string & {})>;
}

/** Uinteger ranges of TS 29.571 §5.2.2. */
const uint8 = z.number().int().min(0).max(255);

/** §5.4.4.2 Snssai: SST 0..255, SD as 6 hex digits. */
export const snssai = z
  .object({
    sst: uint8,
    sd: z
      .string()
      .regex(/^[A-Fa-f0-9]{6}$/)
      .optional(),
  })
  .passthrough();
export type Snssai = z.infer<typeof snssai>;

/** §5.4.4.3 PlmnId, §5.4.4.28 PlmnIdNid. */
export const plmnId = z
  .object({
    mcc: z.string().regex(/^\d{3}$/),
    mnc: z.string().regex(/^\d{2,3}$/),
  })
  .passthrough();
export type PlmnId = z.infer<typeof plmnId>;
export const plmnIdNid = plmnId.extend({ nid: z.string().optional() }).passthrough();
export type PlmnIdNid = z.infer<typeof plmnIdNid>;

/** §5.3.2 Guami: PLMN and AMF ID (AMF Region ID, Set ID, Pointer as 6 hex digits). */
export const guami = z
  .object({
    plmnId: plmnIdNid,
    amfId: z.string().regex(/^[A-Fa-f0-9]{6}$/),
  })
  .passthrough();
export type Guami = z.infer<typeof guami>;

/** §5.3.2 Supi ("imsi-<digits>", "nai-..."), Gpsi ("msisdn-<digits>"), Pei ("imei-", "imeisv-"). */
export const supi = z.string().regex(/^(imsi-[0-9]{5,15}|nai-.+|gci-.+|gli-.+|.+)$/);
export const gpsi = z.string();
export const pei = z.string();
/** §5.2.2 NfInstanceId: a UUID (RFC 4122). */
export const nfInstanceId = z.string().uuid();
/** §5.2.2 Uri. */
export const uri = z.string().min(1);
/** §5.2.2 DateTime (RFC 3339). */
export const dateTime = z.string();
/** §5.2.2 SupportedFeatures: hex digits. */
export const supportedFeatures = z.string().regex(/^[A-Fa-f0-9]*$/);
/** §5.4.2 Dnn: DNN network identifier or full DNN (TS 23.003 §9.1), as text. */
export const dnn = z.string().min(1);

/** §5.4.3.2 AccessType. */
export const accessType = z.enum(['3GPP_ACCESS', 'NON_3GPP_ACCESS']);
export type AccessType = z.infer<typeof accessType>;

/** §5.4.3.3 RatType (extensible). */
export const ratType = openEnum(['NR', 'EUTRA', 'WLAN', 'VIRTUAL', 'NBIOT', 'WIRELINE', 'LTE-M', 'NR_REDCAP']);

/** §5.2.2 BitRate: "<number> <unit>", e.g. "1 Gbps". */
export const bitRate = z.string().regex(/^\d+(\.\d+)? (bps|Kbps|Mbps|Gbps|Tbps)$/);
/** §5.4.4.1 Ambr. */
export const ambr = z.object({ uplink: bitRate, downlink: bitRate }).passthrough();
export type Ambr = z.infer<typeof ambr>;

/** §5.4.4.6 Tai, §5.4.4.5 Ncgi, §5.4.4.9 NrLocation, §5.4.4.7 UserLocation (kept open). */
export const tai = z.object({ plmnId, tac: z.string().regex(/^([A-Fa-f0-9]{4}|[A-Fa-f0-9]{6})$/) }).passthrough();
export const ncgi = z.object({ plmnId, nrCellId: z.string().regex(/^[A-Fa-f0-9]{9}$/) }).passthrough();
export const nrLocation = z.object({ tai, ncgi }).passthrough();
export const userLocation = z
  .object({
    eutraLocation: z.object({}).passthrough().optional(),
    nrLocation: nrLocation.optional(),
    n3gaLocation: z.object({}).passthrough().optional(),
  })
  .passthrough();
export type UserLocation = z.infer<typeof userLocation>;

/** §5.4.4.12 NgApCause: NGAP cause group (TS 38.413 §9.3.1.2 CHOICE index) and value. */
export const ngApCause = z.object({ group: z.number().int().min(0), value: z.number().int().min(0) }).passthrough();
export type NgApCause = z.infer<typeof ngApCause>;

/**
 * §5.2.4.1 RefToBinaryData: the Content-ID of a binary body part of the same multipart/related
 * message (TS 29.500 §6.1.2.4).
 */
export const refToBinaryData = z.object({ contentId: z.string().min(1) }).passthrough();
export type RefToBinaryData = z.infer<typeof refToBinaryData>;

/** §5.2.4.1 InvalidParam: a JSON pointer (RFC 6901) to the attribute, and why. */
export const invalidParam = z.object({ param: z.string(), reason: z.string().optional() }).passthrough();
export type InvalidParam = z.infer<typeof invalidParam>;

/** §5.2.4.1 ProblemDetails (RFC 7807 with 3GPP's `cause` and `invalidParams`). */
export const problemDetails = z
  .object({
    type: uri.optional(),
    title: z.string().optional(),
    status: z.number().int().optional(),
    detail: z.string().optional(),
    instance: uri.optional(),
    /** The application error (TS 29.500 Table 5.2.7.2-1, or the service's own table). */
    cause: z.string().optional(),
    invalidParams: z.array(invalidParam).min(1).optional(),
    supportedFeatures: supportedFeatures.optional(),
  })
  .passthrough();
export type ProblemDetails = z.infer<typeof problemDetails>;
