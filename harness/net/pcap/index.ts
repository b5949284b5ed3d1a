export { LINKTYPE, type CapturedPacket } from './linktype.ts';
export { PcapBuffer, PcapFileWriter, nowNs, pcapGlobalHeader, pcapRecordHeader } from './writer.ts';
export { readCapture, ipPayload } from './reader.ts';
export { ipFrame } from './ip-frame.ts';
export { BoundedRecorder, PcapRecorder, noRecorder, type PacketRecorder } from './recorder.ts';
