import {
  type AttributeValue,
  BatchGetItemCommand,
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
/** Unprocessed keys (throttling) are asked again this many times, with a growing pause. */
const BATCH_GET_RETRIES = 8;

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
      if (attempt > BATCH_GET_RETRIES) throw new Error(`DynamoDB left ${pending.length} keys unprocessed`);
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

/** The `pk` and `sk` of an item (or key) as one text, to find a key's item among a batch's. */
export function itemKeyText(item: Item): string {
  return JSON.stringify([item.pk?.S, item.sk?.S]);
}
