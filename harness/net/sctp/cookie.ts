import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Reader, Writer } from '../../protocol/common/cursor.ts';
import { parseIpv4Into, parseIpv6Into, formatIpv6 } from '../../protocol/common/ip-bytes.ts';

/**
 * The State Cookie (RFC 9260 §5.1.3): everything the server needs to create the association
 * when the COOKIE ECHO comes back, so no state is kept between INIT and COOKIE ECHO. Its layout
 * is ours (§5.1.3 leaves it to the implementation): the TCB fields, a creation time and
 * lifespan, then an HMAC-SHA-256 over all of it with a secret key of the endpoint (the MAC of
 * §5.1.3, checked in §5.1.5 before anything in the cookie is used).
 */
export interface CookieContents {
  /** Milliseconds since the epoch when the INIT ACK was made. */
  created: number;
  lifespan: number;
  /** The Initiate Tag of our INIT ACK (our verification tag). */
  localTag: number;
  localInitialTsn: number;
  /** The Initiate Tag of the peer's INIT. */
  peerTag: number;
  peerInitialTsn: number;
  peerArwnd: number;
  /** Negotiated stream counts (§5.1.1): ours outbound, ours inbound. */
  outboundStreams: number;
  inboundStreams: number;
  /** §5.2.2 tie-tags: the tags of an existing association (0 when none). */
  localTieTag: number;
  peerTieTag: number;
  localPort: number;
  peerPort: number;
  peerAddress: string;
  /** RFC 6951: the peer's UDP encapsulation port, 0 over raw IP. */
  peerUdpPort: number;
}

const VERSION = 1;
const MAC_LENGTH = 32;
const FIXED = 1 + 8 + 4 + 4 * 5 + 2 * 2 + 4 * 2 + 2 * 3 + 1;

export class CookieSigner {
  constructor(private readonly key: Buffer = randomBytes(32)) {}

  make(c: CookieContents): Buffer {
    const v6 = c.peerAddress.includes(':');
    const w = Writer.alloc(FIXED + (v6 ? 16 : 4) + MAC_LENGTH, 'sctp');
    w.u8(VERSION);
    w.buf.writeDoubleBE(c.created, w.offset);
    w.offset += 8;
    w.u32(c.lifespan).u32(c.localTag).u32(c.localInitialTsn).u32(c.peerTag).u32(c.peerInitialTsn);
    w.u32(c.peerArwnd).u16(c.outboundStreams).u16(c.inboundStreams).u32(c.localTieTag).u32(c.peerTieTag);
    w.u16(c.localPort)
      .u16(c.peerPort)
      .u16(c.peerUdpPort)
      .u8(v6 ? 6 : 4);
    const ok = v6 ? parseIpv6Into(c.peerAddress, w.buf, w.offset) : parseIpv4Into(c.peerAddress, w.buf, w.offset);
    if (!ok) throw new Error(`State Cookie: not an IP address: ${c.peerAddress}`);
    w.offset += v6 ? 16 : 4;
    const mac = this.mac(w.buf.subarray(0, w.offset));
    w.bytes(mac);
    return w.buf;
  }

  /** The cookie's contents when its MAC verifies (§5.1.5 (1)-(2)); undefined otherwise. */
  open(cookie: Buffer): CookieContents | undefined {
    if (cookie.length !== FIXED + 4 + MAC_LENGTH && cookie.length !== FIXED + 16 + MAC_LENGTH) return undefined;
    const body = cookie.subarray(0, cookie.length - MAC_LENGTH);
    if (!timingSafeEqual(this.mac(body), cookie.subarray(body.length))) return undefined;
    const r = Reader.of(body, 'sctp').at('State Cookie');
    if (r.u8() !== VERSION) return undefined;
    const created = body.readDoubleBE(r.offset);
    r.skip(8);
    const lifespan = r.u32();
    const localTag = r.u32();
    const localInitialTsn = r.u32();
    const peerTag = r.u32();
    const peerInitialTsn = r.u32();
    const peerArwnd = r.u32();
    const outboundStreams = r.u16();
    const inboundStreams = r.u16();
    const localTieTag = r.u32();
    const peerTieTag = r.u32();
    const localPort = r.u16();
    const peerPort = r.u16();
    const peerUdpPort = r.u16();
    const family = r.u8();
    const peerAddress = family === 6 ? formatIpv6(r.bytes(16)) : [...r.bytes(4)].join('.');
    return {
      created,
      lifespan,
      localTag,
      localInitialTsn,
      peerTag,
      peerInitialTsn,
      peerArwnd,
      outboundStreams,
      inboundStreams,
      localTieTag,
      peerTieTag,
      localPort,
      peerPort,
      peerAddress,
      peerUdpPort,
    };
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.key).update(body).digest();
  }
}
