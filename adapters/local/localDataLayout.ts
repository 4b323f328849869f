import { join } from 'node:path';

/** Where the local pipeline (`winlog-correlator local --data-dir DIR`) keeps its stand-ins' data. */
export interface LocalDataLayout {
  /** s3rver's folder: one subfolder per bucket. */
  readonly s3Directory: string;
  /** dynalite's LevelDB folder (the correlation state table, node heartbeats). */
  readonly dynamoPath: string;
}

/** The layout `local/startLocalPipeline.ts` writes: `DIR/s3` and `DIR/dynamodb`. */
export function localDataLayout(dataDir: string): LocalDataLayout {
  return { s3Directory: join(dataDir, 's3'), dynamoPath: join(dataDir, 'dynamodb') };
}
