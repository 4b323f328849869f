import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { storageKeyOfNode } from '../../domain/correlation/storageKeyOfNode';
import { isMuteActive, type MuteStore, type NodeMute } from '../../domain/ports/MuteStore';
import { batchGetItems, itemKeyText, scanItems } from './dynamoItems';

const MUTE_PREFIX = 'MUTE#';
const MUTE_SORT_KEY = 'MUTE';

function muteItemKey(nodeKey: string): Record<string, AttributeValue> {
  return { pk: { S: `${MUTE_PREFIX}${storageKeyOfNode(nodeKey)}` }, sk: { S: MUTE_SORT_KEY } };
}

/**
 * Maintenance windows in the state table, one item per node: `pk = MUTE#<nodeKey>`, `sk = MUTE`, with
 * `nodeKey`, `node`, `reason`, `mutedAt`, `until` and `expiresAt` (epoch seconds, the table's TTL
 * attribute). TTL deletes an item up to days late, and the local stand-in never does, so every read
 * also treats a mute past its `until` as none.
 */
export class DynamoMuteStore implements MuteStore {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBClient = new DynamoDBClient({}),
  ) {}

  async activeMute(nodeKey: string, nowMs: number): Promise<NodeMute | undefined> {
    const { Item } = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: muteItemKey(nodeKey), ConsistentRead: true }),
    );
    const mute = Item ? toMute(Item) : undefined;
    return mute && isMuteActive(mute, nowMs) ? mute : undefined;
  }

  async activeMutes(nodeKeys: readonly string[], nowMs: number): Promise<Map<string, NodeMute>> {
    const items = await batchGetItems(this.client, this.tableName, nodeKeys.map(muteItemKey));
    const mutes = new Map<string, NodeMute>();
    for (const nodeKey of nodeKeys) {
      const item = items.get(itemKeyText(muteItemKey(nodeKey)));
      const mute = item ? toMute(item) : undefined;
      if (mute && isMuteActive(mute, nowMs)) mutes.set(nodeKey, mute);
    }
    return mutes;
  }

  async mute(mute: NodeMute): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          ...muteItemKey(mute.nodeKey),
          nodeKey: { S: mute.nodeKey },
          node: { S: mute.node },
          reason: { S: mute.reason },
          mutedAt: { S: mute.mutedAt },
          until: { S: mute.until },
          expiresAt: { N: String(Math.ceil(Date.parse(mute.until) / 1000)) },
        },
      }),
    );
  }

  async unmute(nodeKey: string, nowMs: number): Promise<NodeMute | undefined> {
    const { Attributes } = await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: muteItemKey(nodeKey),
        ReturnValues: 'ALL_OLD',
      }),
    );
    const mute = Attributes ? toMute(Attributes) : undefined;
    return mute && isMuteActive(mute, nowMs) ? mute : undefined;
  }

  /** Scans the table (billed for every item): for the `mutes` command, not for a hot path. */
  async listActive(nowMs: number): Promise<NodeMute[]> {
    const mutes: NodeMute[] = [];
    const items = scanItems(this.client, {
      TableName: this.tableName,
      FilterExpression: 'sk = :sk AND begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':sk': { S: MUTE_SORT_KEY }, ':prefix': { S: MUTE_PREFIX } },
    });
    for await (const item of items) {
      const mute = toMute(item);
      if (mute && isMuteActive(mute, nowMs)) mutes.push(mute);
    }
    return mutes.sort((a, b) => a.until.localeCompare(b.until) || a.nodeKey.localeCompare(b.nodeKey));
  }
}

function toMute(item: Record<string, AttributeValue>): NodeMute | undefined {
  const nodeKey = item.nodeKey?.S;
  const until = item.until?.S;
  if (nodeKey === undefined || until === undefined || Number.isNaN(Date.parse(until))) return undefined;
  return {
    nodeKey,
    node: item.node?.S ?? nodeKey,
    reason: item.reason?.S ?? '',
    mutedAt: item.mutedAt?.S ?? '',
    until,
  };
}
