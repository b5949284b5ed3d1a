/** SCTP packet codec (RFC 9260): common header, CRC32c, chunks, parameters, error causes. */
export {
  CAUSE_CODE,
  CHUNK_TYPE,
  PARAM_TYPE,
  PPID,
  SCTP_PORT,
  SCTP_UDP_PORT,
  COMMON_HEADER_LENGTH,
  DATA_CHUNK_HEADER_LENGTH,
} from './constants.ts';
export { encodePacket, decodePacket, packetLength, type SctpPacket, type DecodedSctpPacket } from './packet.ts';
export { sctpChecksum, checksumValid } from './crc32c.ts';
export {
  chunkLength,
  chunksLength,
  chunkTypeOf,
  readChunk,
  writeChunk,
  unrecognizedChunkAction,
} from './chunks/chunk-list.ts';
export { DATA_FLAG } from './chunks/data.ts';
export { T_BIT } from './chunks/control.ts';
export type * from './chunks/types.ts';
export {
  PARAMS,
  findParam,
  unrecognizedParamAction,
  type SctpParam,
  type SctpParamName,
  type ParamOf,
} from './params.ts';
export { CAUSES, type ErrorCause, type ErrorCauseName, type CauseOf } from './causes.ts';
export { tsnLt, tsnLte, tsnGt, tsnAdd, tsnDiff, ssnLt, ssnAdd } from './tsn.ts';
