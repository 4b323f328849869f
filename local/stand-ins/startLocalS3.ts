import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

export interface LocalS3 {
  /** `http://127.0.0.1:<port>`: use with path-style addressing. */
  readonly endpoint: string;
  /** Every S3 event the server emitted (PUT, POST, COPY, DELETE), notification-shaped, oldest first. */
  readonly events: readonly unknown[];
  stop(): Promise<void>;
}

/**
 * Starts s3rver, an S3-compatible server, on 127.0.0.1 (port 0 picks a free port) with the given buckets,
 * storing objects in a temporary folder that is removed on stop. Clients must set
 * `requestChecksumCalculation`/`responseChecksumValidation` to WHEN_REQUIRED (see `createS3Client`).
 */
export async function startLocalS3(options: { buckets: readonly string[]; port?: number }): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 'winlog-s3-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port ?? 0,
    silent: true,
    directory,
    resetOnClose: true,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const events: unknown[] = [];
  server.on('event', (event) => {
    events.push(event);
  });
  const address: AddressInfo = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    events,
    async stop() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
