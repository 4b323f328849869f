import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileWhole } from '../node/writeFileWhole';

/**
 * What a running local pipeline publishes in `<dataDir>/servers.json`, so that `audit` and `fleet`
 * read through its servers instead of opening the data folder it holds, and `replay` sends to its queue.
 */
export interface RunningServers {
  readonly pid: number;
  readonly s3: string;
  readonly dynamodb: string;
  /** The SNS/SQS stand-in. */
  readonly messaging: string;
  readonly rawBucket: string;
  readonly rawKeyPrefix: string;
  readonly ingestQueueUrl: string;
  readonly auditBucket: string;
  readonly auditPrefix: string;
  readonly stateTable: string;
}

function serversFile(dataDir: string): string {
  return join(dataDir, 'servers.json');
}

export async function publishRunningServers(dataDir: string, servers: RunningServers): Promise<void> {
  await writeFileWhole(serversFile(dataDir), `${JSON.stringify(servers, null, 2)}\n`);
}

export async function withdrawRunningServers(dataDir: string): Promise<void> {
  await rm(serversFile(dataDir), { force: true });
}

/** The servers of a pipeline that still runs on `dataDir`; undefined when none does. */
export async function findRunningServers(dataDir: string): Promise<RunningServers | undefined> {
  const text = await readFile(serversFile(dataDir), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRunningServers(parsed) || !isProcessRunning(parsed.pid)) return undefined;
  return parsed;
}

/** The process holding `<dataDir>/.lock` (see lockDataDir), if it still runs. */
export async function dataDirHolder(dataDir: string): Promise<number | undefined> {
  const holder = Number((await readFile(join(dataDir, '.lock'), 'utf8').catch(() => '')).trim());
  return Number.isSafeInteger(holder) && holder > 0 && isProcessRunning(holder) ? holder : undefined;
}

export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isRunningServers(value: unknown): value is RunningServers {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.pid === 'number' &&
    [
      's3',
      'dynamodb',
      'messaging',
      'rawBucket',
      'rawKeyPrefix',
      'ingestQueueUrl',
      'auditBucket',
      'auditPrefix',
      'stateTable',
    ].every((k) => typeof v[k] === 'string')
  );
}
