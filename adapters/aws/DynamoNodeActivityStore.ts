import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { storageKeyOfNode } from '../../domain/correlation/storageKeyOfNode';
import type {
  NodeActivityReader,
  NodeActivityStore,
  NodeLastEvent,
} from '../../domain/ports/NodeActivityStore';
import { scanItems } from './dynamoItems';

const NODE_PREFIX = 'NODE#';
const NODE_SORT_KEY = 'NODE';

export function nodeItemKey(nodeKey: string): { pk: string; sk: string } {
  return { pk: `${NODE_PREFIX}${storageKeyOfNode(nodeKey)}`, sk: NODE_SORT_KEY };
}

/**
 * Each node's last event seen in the state table, one item per node: `pk = NODE#<nodeKey>`, `sk = NODE`,
 * `node` (as last logged), `lastEventAt` (ISO 8601 UTC with milliseconds, so it compares as text) and
 * `lastObjectKey`. One conditional UpdateItem per heartbeat: written only when the item is missing or
 * older, so heartbeats arriving out of order or twice never move a node back. Node items never expire.
 */
export class DynamoNodeActivityStore implements NodeActivityStore, NodeActivityReader {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBClient = new DynamoDBClient({}),
  ) {}

  async recordLastEvent(heartbeat: NodeLastEvent): Promise<'advanced' | 'not-newer'> {
    const { pk, sk } = nodeItemKey(heartbeat.nodeKey);
    try {
      await this.client.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: pk }, sk: { S: sk } },
          UpdateExpression: 'SET #node = :node, #lastEventAt = :at, #lastObjectKey = :object',
          ConditionExpression: 'attribute_not_exists(pk) OR #lastEventAt < :at',
          ExpressionAttributeNames: {
            '#node': 'node',
            '#lastEventAt': 'lastEventAt',
            '#lastObjectKey': 'lastObjectKey',
          },
          ExpressionAttributeValues: {
            ':node': { S: heartbeat.node },
            ':at': { S: heartbeat.lastEventAt },
            ':object': { S: heartbeat.lastObjectKey },
          },
        }),
      );
      return 'advanced';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'not-newer';
      throw error;
    }
  }

  /**
   * Scans the table for node items. The scan reads (and is billed for) every item, correlation state
   * included; fine for a command run now and then, not for a hot path.
   */
  async listNodes(): Promise<NodeLastEvent[]> {
    const nodes: NodeLastEvent[] = [];
    const items = scanItems(this.client, {
      TableName: this.tableName,
      FilterExpression: 'sk = :sk AND begins_with(pk, :prefix)',
      ProjectionExpression: 'pk, #node, lastEventAt, lastObjectKey',
      ExpressionAttributeNames: { '#node': 'node' },
      ExpressionAttributeValues: { ':sk': { S: NODE_SORT_KEY }, ':prefix': { S: NODE_PREFIX } },
    });
    for await (const item of items) {
      const pk = item.pk?.S;
      const node = item.node?.S;
      const lastEventAt = item.lastEventAt?.S;
      if (!pk || node === undefined || !lastEventAt) continue;
      nodes.push({
        nodeKey: pk.slice(NODE_PREFIX.length),
        node,
        lastEventAt,
        lastObjectKey: item.lastObjectKey?.S ?? '',
      });
    }
    return nodes;
  }
}
