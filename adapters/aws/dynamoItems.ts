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
  for (let from = 0; from < keys.length; from += BATCH_GET_KEYS) {
    let pending: Item[] = keys.slice(from, from + BATCH_GET_KEYS);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BATCH_RETRIES) throw new Error(`DynamoDB left ${pending.length} keys unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const page = await client.send(
        new BatchGetItemCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
      );
      for (const item of page.Responses?.[tableName] ?? []) found.set(itemKeyText(item), item);
      pending = page.UnprocessedKeys?.[tableName]?.Keys ?? [];
    }
  }
  return found;
}

/** BatchWriteItem takes at most this many writes a request. */
const BATCH_WRITE_ITEMS = 25;

/** One item put or one key deleted by `batchWriteItems`. */
export type ItemWrite = { readonly put: Item } | { readonly delete: Item };

/**
 * Puts and deletes (unconditional), twenty-five a request; writes DynamoDB leaves unprocessed are sent
 * again with a growing pause.
 */
export async function batchWriteItems(
  client: DynamoDBClient,
  tableName: string,
  writes: readonly ItemWrite[],
): Promise<void> {
  for (let from = 0; from < writes.length; from += BATCH_WRITE_ITEMS) {
    let pending = writes
      .slice(from, from + BATCH_WRITE_ITEMS)
      .map((write) =>
        'put' in write ? { PutRequest: { Item: write.put } } : { DeleteRequest: { Key: write.delete } },
      );
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > BATCH_RETRIES) throw new Error(`DynamoDB left ${pending.length} writes unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      const page = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
      pending = (page.UnprocessedItems?.[tableName] ?? []) as typeof pending;
    }
  }
}

/** The `pk` and `sk` of an item (or key) as one text, to find a key's item among a batch's. */
export function itemKeyText(item: Item): string {
  return JSON.stringify([item.pk?.S, item.sk?.S]);
}
