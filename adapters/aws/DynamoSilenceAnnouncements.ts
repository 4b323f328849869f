import { DeleteItemCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { AnnouncedSilence, SilenceAnnouncements } from '../../domain/ports/SilenceAnnouncements';
import { scanItems } from './dynamoItems';

const NODE_PREFIX = 'NODE#';
const SILENCE_SORT_KEY = 'SILENCE';

/**
 * Announced silences in the state table, beside the node's heartbeat item: `pk = NODE#<nodeKey>`,
 * `sk = SILENCE`, with `node`, `lastEventAt` and `announcedAt`. The item exists while the silence
 * stands and is deleted when the node speaks again.
 */
export class DynamoSilenceAnnouncements implements SilenceAnnouncements {
  constructor(
    private readonly tableName: string,
    private readonly client: DynamoDBClient = new DynamoDBClient({}),
  ) {}

  async listAnnounced(): Promise<AnnouncedSilence[]> {
    const found: AnnouncedSilence[] = [];
    const items = scanItems(this.client, {
      TableName: this.tableName,
      FilterExpression: 'sk = :sk AND begins_with(pk, :prefix)',
      ExpressionAttributeValues: { ':sk': { S: SILENCE_SORT_KEY }, ':prefix': { S: NODE_PREFIX } },
    });
    for await (const item of items) {
      const pk = item.pk?.S;
      if (!pk) continue;
      found.push({
        nodeKey: pk.slice(NODE_PREFIX.length),
        node: item.node?.S ?? '',
        lastEventAt: item.lastEventAt?.S ?? '',
        announcedAt: item.announcedAt?.S ?? '',
      });
    }
    return found;
  }

  async remember(silence: AnnouncedSilence): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: { S: `${NODE_PREFIX}${silence.nodeKey}` },
          sk: { S: SILENCE_SORT_KEY },
          node: { S: silence.node },
          lastEventAt: { S: silence.lastEventAt },
          announcedAt: { S: silence.announcedAt },
        },
      }),
    );
  }

  async forget(nodeKey: string): Promise<void> {
    await this.client.send(
      new DeleteItemCommand({
        TableName: this.tableName,
        Key: { pk: { S: `${NODE_PREFIX}${nodeKey}` }, sk: { S: SILENCE_SORT_KEY } },
      }),
    );
  }
}
