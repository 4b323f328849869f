import { crc32, deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WorkerRawInflater } from '../../adapters/node/WorkerRawInflater';

const MB = 1024 * 1024;

describe('WorkerRawInflater', () => {
  it('inflates no further ahead than its buffers while the reader does not read, then delivers it all', async () => {
    const output = Buffer.alloc(64 * MB, 'a');
    const compressed = deflateRawSync(output);
    // A buffer of its own moves to the worker: its length is read before.
    const compressedBytes = compressed.length;
    const inflater = new WorkerRawInflater(MB);
    try {
      inflater.begin();
      await inflater.write(compressed);
      inflater.finish();
      // Long enough to inflate all 64 MB many times over, were nothing holding the worker back.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      // 3 buffers of 1 MB for records spanning chunks and 8 ahead: 11, and at most the chunks of one tick
      // more before zlib pauses (64 without the bound).
      expect(inflater.chunksAhead).toBeGreaterThanOrEqual(11);
      expect(inflater.chunksAhead).toBeLessThan(16);

      let bytes = 0;
      let crc = 0;
      for (;;) {
        const step = await inflater.read();
        if (step.kind === 'data') {
          bytes += step.chunk.length;
          crc = crc32(step.chunk, crc);
          continue;
        }
        expect(step).toEqual({ kind: 'end', consumed: compressedBytes, crc: crc32(output) });
        break;
      }
      expect(bytes).toBe(output.length);
      expect(crc).toBe(crc32(output));
    } finally {
      await inflater.close();
    }
  });
});
