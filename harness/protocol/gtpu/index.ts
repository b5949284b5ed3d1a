/** GTP-U codec (TS 29.281): messages, extension headers, and the allocation-free G-PDU path. */
export {
  encode,
  decode,
  encodingLength,
  GTPU_PORT,
  GTPU_MESSAGE_TYPES,
  type GtpuMessage,
  type GtpuMessageType,
  type GtpuIe,
} from './message.ts';
export {
  EXTENSION_HEADER_TYPES,
  pduSessionContainer,
  pduSessionInformation,
  type ExtensionHeader,
} from './extension-headers.ts';
export { writeGpduHeader, writeGpduHeaderWithQfi, readGpduHeader, type GpduView } from './fast-path.ts';
export { echoResponse, errorIndication } from './answers.ts';
