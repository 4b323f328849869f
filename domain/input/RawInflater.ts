/** How far one raw deflate stream got: a chunk of output, its end, or the damage that stopped it. */
export type InflateStep =
  | { readonly kind: 'data'; readonly chunk: Buffer }
  /** The stream is complete; `consumed` input bytes belonged to it; `crc` is the CRC-32 of its output. */
  | { readonly kind: 'end'; readonly consumed: number; readonly crc: number }
  | { readonly kind: 'error'; readonly message: string };

/**
 * Inflates raw deflate streams one after another (the bodies of gzip members), on this thread or on a
 * worker. Gzip headers, trailers and what lies between members are left to the caller, which is what
 * lets a damaged member cost that member only.
 */
export interface RawInflater {
  /** Starts the next stream. */
  begin(): void;
  /** Feeds compressed bytes to the current stream; resolves when more may be sent. */
  write(chunk: Buffer): Promise<void>;
  /**
   * Once the stream has ended or failed and nothing more is written to it: the input it did not use, in
   * order. After a failure that is everything from where it could have been damaged, and `fromStart`
   * says it is the stream's whole input (so the output before the damage can be inflated again).
   */
  leftover(): Promise<{ readonly bytes: Buffer[]; readonly fromStart: boolean }>;
  /** No more input for the current stream. */
  finish(): void;
  /** The next output chunk of the current stream, or how it ended. */
  read(): Promise<InflateStep>;
  close(): Promise<void>;
  /** The output of a raw deflate prefix inflated in one go and flushed; undefined when it is damaged. */
  inflatePrefix(prefix: Buffer, maxOutputBytes: number): Buffer | undefined;
}

/** Makes the inflater of one gzip layer: on a worker thread for the outermost layer of a large object. */
export type CreateRawInflater = (options: {
  readonly onWorker: boolean;
  readonly maxRecordBytes: number;
}) => RawInflater;
