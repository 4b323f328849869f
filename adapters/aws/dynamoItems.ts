import {
  type AttributeValue,
  BatchGetItemCommand,
  BatchWriteItemCommand,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';

type Item = Record<string, AttributeValue>;

/** Every item a scan returns, page after page. */
export async function* scanItems(client: DynamoDBClient, input: ScanCommandInput): AsyncGenerator<Item> {
  let startKey: Item | undefined;
  do {
    const page = await client.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey }));
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every item a query returns, page after page. */
export async function* queryItems(client: DynamoDBClient, input: QueryCommandInput): AsyncGenerator<Item> {
  let startKey: Item | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    yield* page.Items ?? [];
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** BatchGetItem takes at most this many keys a request. */
const BATCH_GET_KEYS = 100;
/** Unprocessed keys or writes (throttling) are sent again this many times, with a growing pause. */
const BATCH_RETRIES = 8;

/**
 * The items stored under `keys` (key attributes `pk` and `sk`), read consistently, a hundred keys a
 * request; a missing item is absent from the result. Keys DynamoDB leaves unprocessed are asked again.
 */
export async function batchGetItems(
  client: DynamoDBClient,
  tableName: string,
  keys: readonly Item[],
): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  await inBatches(keys, BATCH_GET_KEYS, async (batch) => {
    let pending: Item[] = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BATCH_RETRIES) throw new Error(`DynamoDB left ${pending.length} keys unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const page = await client.send(
        new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of page.Responses?.[tableName] ?? []) found.set(itemKeyText(item), item);
      pending = page.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  });
  return found;
}

/** BatchWriteItem takes at most this many writes a request. */
const BATCH_WRITE_ITEMS = 25;

/** One item put or one key deleted by `batchWriteItems`. */
export type ItemWrite = { readonly put: Item } | { readonly delete: Item };

/**
 * Puts and deletes (unconditional), twenty-five a request, several requests at a time; of writes to the
 * same key only the last is sent, as if they went one after the other (a request may not name a key
 * twice, and requests in flight together land in any order). Writes DynamoDB leaves unprocessed are sent
 * again with a growing pause.
 */
export async function batchWriteItems(
  client: DynamoDBClient,
  tableName: string,
  writes: readonly ItemWrite[],
): Promise<void> {
  const lastByKey = new Map<string, ItemWrite>();
  for (const write of writes) {
    const key = itemKeyText('put' in write ? write.put : write.delete);
    lastByKey.delete(key);
    lastByKey.set(key, write);
  }
  await inBatches([...lastByKey.values()], BATCH_WRITE_ITEMS, async (batch) => {
    let pending = batch.map((write) =>
      'put' in write ? { PutRequest: { Item: write.put } } : { DeleteRequest: { Key: write.delete } },
    );
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BATCH_RETRIES) throw new Error(`DynamoDB left ${pending.length} writes unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const page = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = (page.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  });
}

/**
 * Batch requests in flight at once: one after the other, the 400 requests of 10,000 heartbeats would each
 * wait a round trip.
 */
const BATCHES_IN_FLIGHT = 4;

/**
 * Runs `send` on each slice of `size` items, `BATCHES_IN_FLIGHT` at a time; throws the first failure,
 * after which no further slice is sent.
 */
async function inBatches<T>(
  items: readonly T[],
  size: number,
  send: (batch: T[]) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const sender = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const from = next;
      next += size;
      await send(items.slice(from, from + size)).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const senders = Math.min(BATCHES_IN_FLIGHT, Math.ceil(items.length / size));
  await Promise.all(Array.from({ length: senders }, sender));
}

/** The `pk` and `sk` of an item (or key) as one text, to find a key's item among a batch's. */
export function itemKeyText(item: Item): string {
  return JSON.stringify([item.pk?.S, item.sk?.S]);
}
