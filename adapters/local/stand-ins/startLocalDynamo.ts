import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { checkLevelDbFolder } from './checkLevelDbFolder';

export interface LocalDynamo {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export interface LocalDynamoOptions {
  /** @default 0 (any free port) */
  readonly port?: number;
  /** A folder for its LevelDB store, kept across restarts. Not given: in memory. */
  readonly path?: string;
}

/**
 * Starts dynalite, a DynamoDB-compatible server, on 127.0.0.1 (port 0 picks a free port), in memory or
 * persisted under `path`. It has no TransactWriteItems and no TTL deletion; the adapters depend on neither.
 */
export async function startLocalDynamo(options: LocalDynamoOptions = {}): Promise<LocalDynamo> {
  if (options.path !== undefined) {
    checkLevelDbFolder(options.path);
    await mkdir(options.path, { recursive: true });
  }
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0, path: options.path });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** Creates the correlation state table as the CDK stack defines it: `pk` (S) and `sk` (S), on demand. */
export async function createStateTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  await waitUntilActive(client, tableName);
}

/** dynalite answers ResourceNotFound until a new table turns ACTIVE, which takes a turn or more under load. */
async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline)
      throw new Error(`table ${tableName} is still ${Table?.TableStatus} after creation`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const TABLE_ACTIVE_TIMEOUT_MS = 10_000;

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
}

/**
 * Credentials for every stand-in: s3rver checks signatures against its fixed S3RVER key pair, the others
 * accept anything. They also keep the SDK from looking for real credentials.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
