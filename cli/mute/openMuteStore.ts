import { existsSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoMuteStore } from '../../adapters/aws/DynamoMuteStore';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import { localDataLayout } from '../../adapters/local/localDataLayout';
import { dataDirHolder, findRunningServers } from '../../adapters/local/runningServers';
import {
  LOCAL_CREDENTIALS,
  type LocalDynamo,
  startLocalDynamo,
} from '../../adapters/local/stand-ins/startLocalDynamo';
import type { MuteStore } from '../../domain/ports/MuteStore';
import { DataUnavailableError } from '../shared/DataUnavailableError';
import { DEFAULT_DATA_DIR } from '../shared/dataSourceUsage';
import { findStateTable } from '../shared/openDataSource';
import { UsageError } from '../UsageError';

const LOCAL_REGION = 'us-east-1';

/** The parseArgs options of `mute`, `unmute` and `mutes`: where the state table is. */
export const MUTE_SOURCE_ARGS = {
  'data-dir': { type: 'string' },
  table: { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  region: { type: 'string' },
} as const;

interface MuteSourceValues {
  readonly 'data-dir'?: string;
  readonly table?: string;
  readonly 'dynamodb-endpoint'?: string;
  readonly region?: string;
}

export interface OpenedMuteStore {
  readonly mutes: MuteStore;
  /** The nodes the pipeline has seen events from (names as logged), to warn about a misspelt node. */
  knownNodes(): Promise<string[]>;
  /** Where the mutes are, for messages. */
  readonly location: string;
  close(): Promise<void>;
}

/** Opens the state table the command line names; a usage error for a bad combination or missing data. */
export async function openMuteStore(values: MuteSourceValues): Promise<OpenedMuteStore> {
  const remote =
    values['dynamodb-endpoint'] !== undefined || (values.table !== undefined && !values['data-dir']);
  if (remote) {
    if (values['data-dir'] !== undefined)
      throw new UsageError('--data-dir cannot be combined with --dynamodb-endpoint');
    if (values.table === undefined) throw new UsageError('--table is required with --dynamodb-endpoint');
    const client = new DynamoDBClient({
      ...(values.region === undefined ? {} : { region: values.region }),
      ...(values['dynamodb-endpoint'] === undefined ? {} : { endpoint: values['dynamodb-endpoint'] }),
    });
    return opened(client, values.table, `table ${values.table}`, async () => undefined);
  }
  if (values.region !== undefined)
    throw new UsageError('--region applies to --table on AWS, not to --data-dir');
  const dataDir = values['data-dir'] ?? DEFAULT_DATA_DIR;
  const common = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const running = await findRunningServers(dataDir);
  if (running) {
    const client = new DynamoDBClient({ ...common, endpoint: running.dynamodb });
    return opened(
      client,
      values.table ?? running.stateTable,
      `table ${values.table ?? running.stateTable} of the running local pipeline (process ${running.pid})`,
      async () => undefined,
    );
  }
  const holder = await dataDirHolder(dataDir);
  if (holder !== undefined) {
    throw new DataUnavailableError(
      `the local pipeline (process ${holder}) holds ${dataDir} and has not published its servers yet (it is starting or stopping): run this again in a moment`,
    );
  }
  const { dynamoPath } = localDataLayout(dataDir);
  if (!existsSync(dynamoPath)) {
    throw new UsageError(
      `no local pipeline data in ${dataDir} (no ${dynamoPath}): run 'winlog-correlator local' first, or name a deployed table with --table`,
    );
  }
  let dynamo: LocalDynamo;
  try {
    dynamo = await startLocalDynamo({ path: dynamoPath });
  } catch (error) {
    throw new DataUnavailableError(
      `cannot open the state database ${dynamoPath} (${(error as Error).message}); if a local pipeline is running on it, run this again while it runs or after it stopped`,
      { cause: error },
    );
  }
  const client = new DynamoDBClient({ ...common, endpoint: dynamo.endpoint });
  try {
    const table = values.table ?? (await findStateTable(client, dynamoPath));
    return opened(client, table, `table ${table} in ${dataDir}`, () => dynamo.stop());
  } catch (error) {
    client.destroy();
    await dynamo.stop();
    throw error;
  }
}

function opened(
  client: DynamoDBClient,
  table: string,
  location: string,
  stop: () => Promise<void>,
): OpenedMuteStore {
  return {
    mutes: new DynamoMuteStore(table, client),
    knownNodes: async () =>
      (await new DynamoNodeActivityStore(table, client).listNodes()).map((heartbeat) => heartbeat.node),
    location,
    async close() {
      client.destroy();
      await stop();
    },
  };
}
