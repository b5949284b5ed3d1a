/** The parts of raw-socket (npm) the drivers use: raw IPv4/IPv6 sockets for ICMP and ICMPv6. */
declare module 'raw-socket' {
  import type { EventEmitter } from 'node:events';
  export const AddressFamily: { IPv4: number; IPv6: number };
  export const Protocol: { None: number; ICMP: number; TCP: number; UDP: number; ICMPv6: number };
  export interface RawSocket extends EventEmitter {
    send(
      buffer: Buffer,
      offset: number,
      length: number,
      address: string,
      afterCallback: (error: Error | null, bytes: number) => void,
    ): this;
    close(): this;
    on(event: 'message', listener: (buffer: Buffer, source: string) => void): this;
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'close', listener: () => void): this;
  }
  export function createSocket(options: { protocol?: number; addressFamily?: number; bufferSize?: number }): RawSocket;
}
