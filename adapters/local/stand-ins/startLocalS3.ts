import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { setAsideTornObjects } from './setAsideTornObjects';

/** An S3 event as s3rver emits it: notification-shaped, but not exactly what S3 delivers (see `toS3Notification`). */
export interface S3rverEvent {
  readonly Records: readonly unknown[];
}

export interface LocalS3 {
  /** `http://127.0.0.1:<port>`: use with path-style addressing. */
  readonly endpoint: string;
  /** Every S3 event the server emitted (PUT, POST, COPY, DELETE), notification-shaped, oldest first. */
  readonly events: readonly S3rverEvent[];
  /** Objects found half-written at start and moved to the damaged folder (bucket/key). */
  readonly setAside: readonly string[];
  stop(): Promise<void>;
}

export interface LocalS3Options {
  /** Buckets to create at start (existing ones are kept). Buckets may also be created through the API. */
  readonly buckets?: readonly string[];
  /** @default 0 (any free port) */
  readonly port?: number;
  /**
   * Where objects are kept. Given: they stay there across restarts. Not given: a temporary folder,
   * removed on stop.
   */
  readonly directory?: string;
  /** Called for each S3 event as it happens, before the client gets its response. */
  readonly onEvent?: (event: S3rverEvent) => void;
  /**
   * Where objects left half-written by a killed run are moved before the server starts (see
   * `setAsideTornObjects`). @default `<directory>-damaged`
   */
  readonly damagedDirectory?: string;
}

/**
 * Starts s3rver, an S3-compatible server, on 127.0.0.1 (port 0 picks a free port). Clients must set
 * `requestChecksumCalculation`/`responseChecksumValidation` to WHEN_REQUIRED (see `createS3Client`).
 * s3rver ignores conditional writes (IfNoneMatch).
 */
export async function startLocalS3(options: LocalS3Options = {}): Promise<LocalS3> {
  const temporary = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'winlog-s3-')));
  const setAside = setAsideTornObjects(directory, options.damagedDirectory ?? `${directory}-damaged`);
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    resetOnClose: temporary,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
    configureBuckets: (options.buckets ?? []).map((name) => ({ name })),
  });
  const events: S3rverEvent[] = [];
  server.on('event', function recordS3Event(event) {
    events.push(event);
    options.onEvent?.(event);
  });
  const address: AddressInfo = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    events,
    setAside,
    async stop() {
      await server.close();
      if (temporary) await rm(directory, { recursive: true, force: true });
    },
  };
}
