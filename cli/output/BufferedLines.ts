import type { TextOutput } from './writeRows';

/** About a pipe's buffer: large enough that a write per batch costs little, small enough to stay prompt. */
const FLUSH_AT_CHARS = 64 * 1024;

/**
 * Lines written to a sink in batches: a synchronous stdout (a file, or a pipe on Linux) costs a system
 * call per write, which on small records with many incidents was 4-6 % of `scan`'s wall time. A
 * batch goes out when it reaches 64 KB and at the end of the current turn of the event loop (the
 * reader waits for its next chunk many times a second), so lines are not held back for long.
 */
export class BufferedLines {
  private pending = '';
  private flushScheduled = false;

  constructor(private readonly sink: TextOutput) {}

  line(text: string): void {
    this.pending += `${text}\n`;
    if (this.pending.length >= FLUSH_AT_CHARS) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  flush(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.sink.write(text);
  }
}
