/** SBI transport (TS 29.500 §5.2): HTTP/2 server and client, h2c on lab networks. */
export { SbiServer, type SbiHandler, type SbiRequest, type SbiResponse } from './server.ts';
export { SbiClient, SbiTimeoutError, type SbiReply, type SbiRequestBody } from './client.ts';
