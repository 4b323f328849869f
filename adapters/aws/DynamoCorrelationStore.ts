import { gunzipSync, gzipSync } from 'node:zlib';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type CorrelationState, emptyCorrelationState } from '../../domain/correlation/CorrelationState';
import { storageKeyOfNode } from '../../domain/correlation/storageKeyOfNode';
import { compactCorrelationItem } from '../../domain/ingest/compactCorrelationItem';
import { IngestError } from '../../domain/ingest/IngestError';
import {
  type CorrelationItem,
  type CorrelationStore,
  EMPTY_OUTBOX,
  type Outbox,
  type OutboxMark,
  type PendingOutbox,
  type SaveOutcome,
  type StateRef,
  type StoredCorrelation,
} from '../../domain/ports/CorrelationStore';
import { type OperationalLog, silentLog } from '../../domain/ports/OperationalLog';
import { batchGetItems, batchWriteItems, itemKeyText, queryItems } from './dynamoItems';

/** Gzipped body budget: DynamoDB's item limit is 400 KB; keys and numbers need a few hundred bytes. */
export const MAX_BODY_BYTES = 300 * 1024;

/** Partition of the outbox marks: one item per marked state and writer, so a drain finds them. */
const OUTBOX_MARKS = 'OUTBOX';

function markKey(ruleId: string, nodeKey: string, writer: string): Record<string, AttributeValue> {
  return { pk: { S: OUTBOX_MARKS }, sk: { S: `${ruleId}#${storageKeyOfNode(nodeKey)}#${writer}` } };
}

export function stateItemKey(ruleId: string, nodeKey: string): { pk: string; sk: string } {
  return { pk: `STATE#${ruleId}#${storageKeyOfNode(nodeKey)}`, sk: 'STATE' };
}

/**
 * Correlation state in DynamoDB, one item per rule and node: `pk = STATE#<ruleId>#<nodeKey>`,
 * `sk = STATE`, `version` for optimistic concurrency, `expiresAt` (epoch seconds) for TTL, and `body`,
 * the gzipped JSON of the state and its outbox (Windows event text compresses about tenfold, which
 * keeps items small and writes cheap). Items past `expiresAt` are treated as empty when read, because
 * TTL deletion lags (and local stand-ins have none). See `compactCorrelationItem` for the size cap.
 */
export class DynamoCorrelationStore implements CorrelationStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBClient = new DynamoDBClient({}),
    private readonly log: OperationalLog = silentLog,
  ) {}

  async load(ruleId: string, nodeKey: string, nowMs: number): Promise<StoredCorrelation> {
    const { pk, sk } = stateItemKey(ruleId, nodeKey);
    const { Item } = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: pk }, sk: { S: sk } },
        ConsistentRead: true,
      }),
    );
    return decodeStored(ruleId, nodeKey, Item, nowMs);
  }

  async loadMany(refs: readonly StateRef[], nowMs: number): Promise<StoredCorrelation[]> {
    const keys = refs.map(({ ruleId, nodeKey }) => {
      const { pk, sk } = stateItemKey(ruleId, nodeKey);
      return { pk: { S: pk }, sk: { S: sk } };
    });
    const items = await batchGetItems(this.client, this.tableName, keys);
    return refs.map(({ ruleId, nodeKey }, i) =>
      decodeStored(ruleId, nodeKey, items.get(itemKeyText(keys[i] as Record<string, AttributeValue>)), nowMs),
    );
  }

  async save(item: CorrelationItem, expectedVersion: number): Promise<SaveOutcome> {
    const { body, pendingDropped } = this.encode(item);
    const { pk, sk } = stateItemKey(item.state.ruleId, item.state.nodeKey);
    const version = expectedVersion + 1;
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: pk },
            sk: { S: sk },
            ruleId: { S: item.state.ruleId },
            nodeKey: { S: item.state.nodeKey },
            version: { N: String(version) },
            expiresAt: { N: String(Math.ceil(item.expiresAtMs / 1000)) },
            body: { B: body },
          },
          ...(expectedVersion === 0
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: '#version = :expected',
                ExpressionAttributeNames: { '#version': 'version' },
                ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
              }),
        }),
      );
      return { kind: 'saved', version, pendingDropped };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return { kind: 'conflict' };
      throw error;
    }
  }

  async mark(writer: string, refs: readonly StateRef[], nowMs: number, expiresAtMs: number): Promise<void> {
    await batchWriteItems(
      this.client,
      this.tableName,
      refs.map(({ ruleId, nodeKey }) => ({
        put: {
          ...markKey(ruleId, nodeKey, writer),
          ruleId: { S: ruleId },
          nodeKey: { S: nodeKey },
          writer: { S: writer },
          markedAt: { N: String(nowMs) },
          expiresAt: { N: String(Math.ceil(expiresAtMs / 1000)) },
        },
      })),
    );
  }

  async unmark(writer: string, refs: readonly StateRef[]): Promise<void> {
    await batchWriteItems(
      this.client,
      this.tableName,
      refs.map(({ ruleId, nodeKey }) => ({ delete: markKey(ruleId, nodeKey, writer) })),
    );
  }

  async listPendingOutboxes(): Promise<readonly PendingOutbox[]> {
    const byState = new Map<string, { ruleId: string; nodeKey: string; marks: OutboxMark[] }>();
    const nowSeconds = Date.now() / 1000;
    const marks = queryItems(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :marks',
      ExpressionAttributeValues: { ':marks': { S: OUTBOX_MARKS } },
      ConsistentRead: true,
    });
    for await (const item of marks) {
      const ruleId = item.ruleId?.S;
      const nodeKey = item.nodeKey?.S;
      if (ruleId === undefined || nodeKey === undefined) continue;
      // TTL deletion lags (and local stand-ins have none).
      if (Number(item.expiresAt?.N ?? 'Infinity') <= nowSeconds) continue;
      const stateKey = JSON.stringify([ruleId, nodeKey]);
      const pending = byState.get(stateKey) ?? { ruleId, nodeKey, marks: [] };
      byState.set(stateKey, pending);
      const writer = item.writer?.S;
      // A marker of the releases before marks carries no writer: it is never withdrawn, only expires.
      if (writer !== undefined) pending.marks.push({ writer, markedAtMs: Number(item.markedAt?.N ?? '0') });
    }
    return [...byState.values()];
  }

  private encode(item: CorrelationItem): { body: Uint8Array; pendingDropped: number } {
    let encoded: Buffer | undefined;
    const fits = (state: CorrelationState, outbox: Outbox): boolean => {
      encoded = gzipSync(JSON.stringify({ state, outbox }));
      return encoded.length <= MAX_BODY_BYTES;
    };
    const compacted = compactCorrelationItem(item.state, item.outbox, fits);
    if (!compacted || !encoded) {
      throw new IngestError(
        `state of ${item.state.ruleId} on ${item.state.nodeKey} does not fit in ${MAX_BODY_BYTES} bytes`,
        'STATE_TOO_LARGE',
      );
    }
    if (compacted.rawStripped > 0 || compacted.messagesCut > 0 || compacted.pendingDropped > 0) {
      this.log.warn('state item compacted to fit DynamoDB', {
        ruleId: item.state.ruleId,
        nodeKey: item.state.nodeKey,
        rawStripped: compacted.rawStripped,
        messagesCut: compacted.messagesCut,
        pendingDropped: compacted.pendingDropped,
      });
    }
    return { body: encoded, pendingDropped: compacted.pendingDropped };
  }
}

/** A state item as read (or its absence); an item past `expiresAt` is empty state with its version. */
function decodeStored(
  ruleId: string,
  nodeKey: string,
  item: Record<string, AttributeValue> | undefined,
  nowMs: number,
): StoredCorrelation {
  const empty = { state: emptyCorrelationState(ruleId, nodeKey), outbox: EMPTY_OUTBOX };
  if (!item) return { ...empty, version: 0 };
  const version = Number(item.version?.N ?? '0');
  const expiresAtSeconds = Number(item.expiresAt?.N ?? '0');
  const body = item.body?.B;
  if (expiresAtSeconds * 1000 <= nowMs || !body) return { ...empty, version };
  const parsed = JSON.parse(gunzipSync(body).toString('utf8')) as {
    state: CorrelationState;
    outbox: Outbox;
  };
  return { state: reviveState(parsed.state), outbox: parsed.outbox, version };
}

/** JSON has no -Infinity: an empty state's watermark comes back as null. */
function reviveState(state: CorrelationState): CorrelationState {
  return typeof state.watermarkMs === 'number' ? state : { ...state, watermarkMs: Number.NEGATIVE_INFINITY };
}
