import { constants, inflateRawSync } from 'node:zlib';

/** A raw deflate prefix inflated in one go, flushed; undefined when zlib finds it damaged. */
export function inflateRawPrefix(prefix: Buffer, maxOutputBytes: number): Buffer | undefined {
  try {
    return inflateRawSync(prefix, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: maxOutputBytes });
  } catch {
    return undefined;
  }
}
