import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { shortHash } from '../../domain/correlation/matchKey';
import { storageKeyOfNode } from '../../domain/correlation/storageKeyOfNode';
import type {
  NodeActivityPruning,
  NodeActivityReader,
  NodeActivityStore,
  NodeLastEvent,
} from '../../domain/ports/NodeActivityStore';
import { batchWriteItems, scanItems } from './dynamoItems';

const NODE_PREFIX = 'NODE#';
const SEEN_PREFIX = 'SEEN#';

function nodePartition(nodeKey: string): string {
  return `${NODE_PREFIX}${storageKeyOfNode(nodeKey)}`;
}

/** Sort key of the single per-node item of the releases before heartbeat batches; still read, never written. */
const LEGACY_SORT_KEY = 'NODE';

/**
 * Each node's last event seen in the state table, as heartbeat items under `pk = NODE#<nodeKey>`:
 * `sk = SEEN#<lastEventAt>#<hash of the object>`, with `node` (as logged), `lastEventAt` (ISO 8601 UTC
 * with milliseconds, so it compares as text) and `lastObjectKey`. Heartbeats are plain puts, 25 a
 * request, and a node's last event is its newest item, so heartbeats arriving out of order or twice never
 * move a node back; `pruneSuperseded` (the silence check, on its schedule) deletes the items a newer one
 * of the same node made useless. Node items never expire.
 */
export class DynamoNodeActivityStore implements NodeActivityStore, NodeActivityReader, NodeActivityPruning {
  private supersededAtLastRead: StoredHeartbeat[] | undefined;

  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBClient = new DynamoDBClient({}),
  ) {}

  async recordLastEvents(heartbeats: readonly NodeLastEvent[]): Promise<void> {
    await batchWriteItems(
      this.client,
      this.tableName,
      heartbeats.map((heartbeat) => ({
        put: {
          pk: { S: nodePartition(heartbeat.nodeKey) },
          sk: { S: `${SEEN_PREFIX}${heartbeat.lastEventAt}#${shortHash(heartbeat.lastObjectKey)}` },
          node: { S: heartbeat.node },
          lastEventAt: { S: heartbeat.lastEventAt },
          lastObjectKey: { S: heartbeat.lastObjectKey },
        },
      })),
    );
  }

  /**
   * Scans the table for node items. The scan reads (and is billed for) every item, correlation state
   * included; fine for a command run now and then, not for a hot path.
   */
  async listNodes(): Promise<NodeLastEvent[]> {
    return [...(await this.readNodes()).values()].map(
      ({ newest: { nodeKey, node, lastEventAt, lastObjectKey } }) => ({
        nodeKey,
        node,
        lastEventAt,
        lastObjectKey,
      }),
    );
  }

  /**
   * Deletes every heartbeat item older than its node's newest, in batches; says how many. An item once
   * superseded stays so (items are only added), so the items the last `listNodes` found superseded are
   * deleted without a second scan; with no listing yet, it scans.
   */
  async pruneSuperseded(): Promise<number> {
    const superseded = this.supersededAtLastRead ?? supersededIn(await this.readNodes());
    this.supersededAtLastRead = undefined;
    await batchWriteItems(
      this.client,
      this.tableName,
      superseded.map((item) => ({ delete: { pk: { S: item.pk }, sk: { S: item.sk } } })),
    );
    return superseded.length;
  }

  private async readNodes(): Promise<Map<string, { newest: StoredHeartbeat; items: StoredHeartbeat[] }>> {
    const byNode = new Map<string, { newest: StoredHeartbeat; items: StoredHeartbeat[] }>();
    const items = scanItems(this.client, {
      TableName: this.tableName,
      FilterExpression: 'begins_with(pk, :prefix) AND (sk = :legacy OR begins_with(sk, :seen))',
      ProjectionExpression: 'pk, sk, #node, lastEventAt, lastObjectKey',
      ExpressionAttributeNames: { '#node': 'node' },
      ExpressionAttributeValues: {
        ':prefix': { S: NODE_PREFIX },
        ':legacy': { S: LEGACY_SORT_KEY },
        ':seen': { S: SEEN_PREFIX },
      },
    });
    for await (const item of items) {
      const pk = item.pk?.S;
      const sk = item.sk?.S;
      const node = item.node?.S;
      const lastEventAt = item.lastEventAt?.S;
      if (!pk || !sk || node === undefined || !lastEventAt) continue;
      const heartbeat: StoredHeartbeat = {
        pk,
        sk,
        nodeKey: pk.slice(NODE_PREFIX.length),
        node,
        lastEventAt,
        lastObjectKey: item.lastObjectKey?.S ?? '',
      };
      const known = byNode.get(pk);
      if (!known) byNode.set(pk, { newest: heartbeat, items: [heartbeat] });
      else {
        known.items.push(heartbeat);
        if (newer(heartbeat, known.newest)) known.newest = heartbeat;
      }
    }
    this.supersededAtLastRead = supersededIn(byNode);
    return byNode;
  }
}

/** The heartbeat items a newer one of the same node made useless. */
function supersededIn(byNode: ReadonlyMap<string, { newest: StoredHeartbeat; items: StoredHeartbeat[] }>) {
  return [...byNode.values()].flatMap(({ newest, items }) =>
    // The item of earlier releases is left alone: a writer of those may still update it.
    items.filter((item) => item !== newest && item.sk.startsWith(SEEN_PREFIX)),
  );
}

interface StoredHeartbeat extends NodeLastEvent {
  readonly pk: string;
  readonly sk: string;
}

/** Later event first; between equal times, the greater key, so every reader picks the same item. */
function newer(a: StoredHeartbeat, b: StoredHeartbeat): boolean {
  return a.lastEventAt > b.lastEventAt || (a.lastEventAt === b.lastEventAt && a.sk > b.sk);
}
