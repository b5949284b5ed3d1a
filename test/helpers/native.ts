import type { ExecutionContext } from 'ava';
import { loadNative, nativeLoadError } from '../../harness/net/udp-socket/index.ts';
import type { UdpMmsg } from '../../harness/net/udp-socket/native.ts';
import { needPrecondition } from './precondition.ts';

/**
 * The batched UDP addon (harness/net/udp-socket/native, built by `npm ci` through node-gyp), or
 * null after recording the skip, or in CI the failure: a test of the addon cannot pass without it.
 */
export function needNative(t: ExecutionContext): UdpMmsg | null {
  const native = loadNative();
  if (native) return native;
  needPrecondition(t, `the batched UDP addon did not load: ${nativeLoadError()}`, 'the batched UDP addon tests');
  return null;
}
