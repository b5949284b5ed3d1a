import test from 'ava';
import * as gtpu from '../../../../harness/protocol/gtpu/index.ts';

test('writeGpduHeaderWithQfi equals the codec with a PDU Session Container; readGpduHeader reads the QFI back', (t) => {
  const payload = Buffer.from('600000000008113f', 'hex');
  for (const [pduType, qfi] of [
    [0, 1],
    [1, 9],
    [1, 63],
  ] as const) {
    const buf = Buffer.alloc(16 + payload.length);
    payload.copy(buf, 16);
    const at = gtpu.writeGpduHeaderWithQfi(buf, 16, 0xdeadbeef, payload.length, pduType, qfi);
    t.is(at, 0);
    const codec = gtpu.encode({
      type: 'g-pdu',
      teid: 0xdeadbeef,
      extensionHeaders: [gtpu.pduSessionContainer(pduType, qfi)],
      ies: [],
      payload,
    });
    t.deepEqual(buf, codec);
    const view: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1, qfi: -1 };
    t.true(gtpu.readGpduHeader(buf, 0, buf.length, view));
    t.like(view, { teid: 0xdeadbeef, messageType: 255, payloadOffset: 16, payloadLength: payload.length, qfi });
  }
  // No container: QFI -1; a view without the field is left without it.
  const plain = Buffer.alloc(8 + payload.length);
  payload.copy(plain, 8);
  gtpu.writeGpduHeader(plain, 8, 7, payload.length);
  const v: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1, qfi: 5 };
  t.true(gtpu.readGpduHeader(plain, 0, plain.length, v));
  t.is(v.qfi, -1);
  const w: gtpu.GpduView = { teid: 0, messageType: 0, payloadOffset: 0, payloadLength: 0, sequence: -1 };
  t.true(gtpu.readGpduHeader(plain, 0, plain.length, w));
  t.false('qfi' in w);
});
