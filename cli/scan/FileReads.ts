import type { RecordSink } from '../../domain/input/ReadOptions';
import type { ObjectReadSummary } from '../../domain/input/readEventsFromObject';

/** How reading one file ended: its summary, or why it could not be read (the error code, or message). */
export type FileReadOutcome =
  | { readonly kind: 'read'; readonly summary: ObjectReadSummary }
  | { readonly kind: 'unreadable'; readonly reason: string };

export interface FileReadProgress {
  /** Stored bytes read from disk so far (compressed, as stored). */
  readonly inputBytes: number;
  /** Decompressed bytes read so far. */
  readonly bytes: number;
  readonly events: number;
}

/**
 * Reads the files of one scan, by index: `read(i)` hands file i's events and rejections to the sink in
 * the file's order, and resolves when the file is done. Called for each index in turn.
 */
export interface FileReads {
  read(
    index: number,
    sink: RecordSink,
    progress: (state: FileReadProgress) => void,
  ): Promise<FileReadOutcome>;
  close(): Promise<void>;
}

/** The reason a read failed, as `cannot read PATH: REASON` shows it: the error code when there is one. */
export function readFailureReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message ?? String(error);
}
