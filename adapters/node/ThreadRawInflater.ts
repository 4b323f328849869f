import type { TransformOptions } from 'node:stream';
import { crc32, createInflateRaw, type InflateRaw, type ZlibOptions } from 'node:zlib';
import { FedBytes } from '../../domain/input/FedBytes';
import type { InflateStep, RawInflater } from '../../domain/input/RawInflater';
import { inflateRawPrefix } from './inflateRawPrefix';

const CHUNK_BYTES = 256 * 1024;
/** Output chunks inflated ahead of the reader: zlib works on the thread pool while this thread frames. */
const CHUNKS_AHEAD = 32;

/** Raw inflate on Node's zlib (its thread pool), with a bounded read-ahead of output. */
export class ThreadRawInflater implements RawInflater {
  private inflater: InflateRaw | undefined;
  private steps: InflateStep[] = [];
  private settled = false;
  private fed = new FedBytes();
  /** Input used by the stream, once it ended; undefined while it runs or after it failed. */
  private consumedAtEnd: number | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  begin(): void {
    this.inflater?.destroy();
    this.steps = [];
    this.settled = false;
    this.fed = new FedBytes();
    this.consumedAtEnd = undefined;
    const options: ZlibOptions & TransformOptions = { chunkSize: CHUNK_BYTES };
    const inflater = createInflateRaw(options);
    this.inflater = inflater;
    let crc = 0;
    inflater.on('data', (chunk: Buffer) => {
      crc = crc32(chunk, crc);
      this.steps.push({ kind: 'data', chunk });
      if (this.steps.length >= CHUNKS_AHEAD) inflater.pause();
      this.wake();
    });
    inflater.on('end', () => {
      this.consumedAtEnd = inflater.bytesWritten;
      this.settle({ kind: 'end', consumed: inflater.bytesWritten, crc });
    });
    inflater.on('error', (error) => this.settle({ kind: 'error', message: error.message }));
    inflater.on('drain', () => this.wakeWriter?.());
  }

  async write(chunk: Buffer): Promise<void> {
    this.fed.push(chunk);
    const inflater = this.inflater;
    if (inflater === undefined || this.settled) return;
    if (inflater.write(chunk)) return;
    await new Promise<void>((resolve) => {
      this.wakeWriter = resolve;
    });
  }

  async leftover(): Promise<{ bytes: Buffer[]; fromStart: boolean }> {
    return this.fed.leftover(this.consumedAtEnd);
  }

  finish(): void {
    if (!this.settled) this.inflater?.end();
  }

  async read(): Promise<InflateStep> {
    for (;;) {
      const step = this.steps.shift();
      if (step !== undefined) {
        if (step.kind === 'data' && this.inflater !== undefined) this.fed.release(this.inflater.bytesWritten);
        if (this.steps.length < CHUNKS_AHEAD / 2 && this.inflater?.isPaused()) this.inflater.resume();
        return step;
      }
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
  }

  inflatePrefix(prefix: Buffer, maxOutputBytes: number): Buffer | undefined {
    return inflateRawPrefix(prefix, maxOutputBytes);
  }

  async close(): Promise<void> {
    this.inflater?.destroy();
    this.inflater = undefined;
    this.wake();
  }

  private settle(step: InflateStep): void {
    if (this.settled) return;
    this.settled = true;
    this.steps.push(step);
    this.wake();
  }

  private wake(): void {
    const reader = this.wakeReader;
    this.wakeReader = undefined;
    reader?.();
    const writer = this.wakeWriter;
    if (this.settled) {
      this.wakeWriter = undefined;
      writer?.();
    }
  }
}
