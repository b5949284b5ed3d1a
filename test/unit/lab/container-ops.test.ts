import test from 'ava';
import { demultiplex } from '../../../harness/lab/docker/container-ops.ts';

/**
 * A container's output through the Engine API without a TTY is multiplexed (8-octet frame header:
 * stream 1 stdout / 2 stderr, uint32 big-endian length at octet 4): the lab's exec and logs read it
 * apart, and keep the order the container wrote it in for the logs a report carries.
 */
const frame = (stream: 1 | 2, text: string) => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

test('stdout and stderr frames come apart, and together in the order written', (t) => {
  const buf = Buffer.concat([frame(1, 'v6harness-ready {}\n'), frame(2, 'warning: x\n'), frame(1, 'é done\n')]);
  t.deepEqual(demultiplex(buf), {
    stdout: 'v6harness-ready {}\né done\n',
    stderr: 'warning: x\n',
    both: 'v6harness-ready {}\nwarning: x\né done\n',
  });
});

test('a truncated last frame is cut at its header, not read past the buffer', (t) => {
  const whole = frame(1, 'complete\n');
  const cut = frame(2, 'cut off here').subarray(0, 5);
  t.is(demultiplex(Buffer.concat([whole, cut])).both, 'complete\n');
});
