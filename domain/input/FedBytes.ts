/**
 * A damaged stream's input up to this size is kept while it is inflated, so the output zlib produced in
 * its last call before the damage (which the stream drops with the error) can be inflated again.
 */
export const RECOVERABLE_STREAM_BYTES = 1024 * 1024;

/** Compressed bytes given to one raw deflate stream, kept until the inflater has used them. */
export class FedBytes {
  private chunks: Buffer[] = [];
  /** Stream offset of the first kept byte. */
  private releasedTo = 0;
  private kept = 0;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.kept += chunk.length;
  }

  /** Drops the chunks wholly before `consumed`, once the stream is too long to inflate again. */
  release(consumed: number): void {
    if (this.kept <= RECOVERABLE_STREAM_BYTES) return;
    for (let first = this.chunks[0]; first !== undefined; first = this.chunks[0]) {
      if (this.releasedTo + first.length > consumed) return;
      this.releasedTo += first.length;
      this.kept -= first.length;
      this.chunks.shift();
    }
  }

  /**
   * What the stream did not use: after its end, the bytes from `consumed` on; after a failure
   * (`consumed` undefined), every byte still kept, from the stream's start when none was dropped.
   */
  leftover(consumed: number | undefined): { bytes: Buffer[]; fromStart: boolean } {
    return consumed === undefined
      ? { bytes: this.from(this.releasedTo), fromStart: this.releasedTo === 0 }
      : { bytes: this.from(consumed), fromStart: false };
  }

  private from(offset: number): Buffer[] {
    const rest: Buffer[] = [];
    let at = this.releasedTo;
    for (const chunk of this.chunks) {
      const skip = Math.max(0, offset - at);
      if (skip < chunk.length) rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
      at += chunk.length;
    }
    return rest;
  }
}
