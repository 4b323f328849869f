import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import { createStateTable } from '../../adapters/local/stand-ins/startLocalDynamo';
import type { NodeLastEvent } from '../../domain/ports/NodeActivityStore';
import { hoursAgo, ingest } from '../audit/auditTestSupport';
import { type IngestStandIns, RAW_BUCKET, startIngestStandIns } from '../support/ingestStandIns';
import { iisAdminCrashXml, noiseXml } from '../support/windowsEventRecords';

const NOW = Date.now();
let standIns: IngestStandIns;

beforeAll(async () => {
  standIns = await startIngestStandIns();
});

afterAll(async () => {
  await standIns?.stop();
});

async function lastEventOf(node: string): Promise<NodeLastEvent | undefined> {
  const nodes = await new DynamoNodeActivityStore(
    standIns.config.stateTableName,
    standIns.dynamo,
  ).listNodes();
  return nodes.find((n) => n.nodeKey === node.toLowerCase());
}

function noise(node: string, times: readonly string[], firstRecordId: number): string {
  return times.map((at, i) => `${noiseXml({ node, at, recordId: firstRecordId + i })}\n`).join('');
}

describe('last event seen per node (heartbeats from ingest)', () => {
  it('moves only forward in event time, whatever order the objects arrive in', async () => {
    const node = 'WEB01.corp.example.com';
    await ingest(standIns, 'raw/web01/middle.xml', noise(node, [hoursAgo(NOW, 2)], 1));
    expect(await lastEventOf(node)).toEqual({
      nodeKey: 'web01.corp.example.com',
      node,
      lastEventAt: hoursAgo(NOW, 2),
      lastObjectKey: `s3://${RAW_BUCKET}/raw/web01/middle.xml`,
    });

    await ingest(standIns, 'raw/web01/older.xml', noise(node, [hoursAgo(NOW, 6)], 10));
    expect((await lastEventOf(node))?.lastObjectKey).toBe(`s3://${RAW_BUCKET}/raw/web01/middle.xml`);

    await ingest(standIns, 'raw/web01/newer.xml', noise('web01.CORP.example.com', [hoursAgo(NOW, 1)], 20));
    expect(await lastEventOf(node)).toMatchObject({
      node: 'web01.CORP.example.com',
      lastEventAt: hoursAgo(NOW, 1),
      lastObjectKey: `s3://${RAW_BUCKET}/raw/web01/newer.xml`,
    });
  });

  it('parses one record in a thousand that no rule needs, the first of each object included', async () => {
    const node = 'WEB02.corp.example.com';
    const times = Array.from({ length: 2500 }, (_, i) => new Date(NOW - 3_600_000 + i * 1000).toISOString());

    await ingest(standIns, 'raw/web02/large.xml', noise(node, times, 100));

    // Records 1, 1001 and 2001 are sampled; the newest of them is the node's last event seen.
    expect((await lastEventOf(node))?.lastEventAt).toBe(times[2000]);
  });

  it('ignores events stamped more than a day ahead of the clock', async () => {
    const node = 'WEB03.corp.example.com';
    await ingest(standIns, 'raw/web03/now.xml', noise(node, [hoursAgo(NOW, 1)], 1));
    await ingest(standIns, 'raw/web03/future.xml', noise(node, [hoursAgo(NOW, -72)], 2));

    expect((await lastEventOf(node))?.lastEventAt).toBe(hoursAgo(NOW, 1));
  });

  it('stores the heartbeats of an object from many nodes, each node reading as its own newest event', async () => {
    const nodes = Array.from({ length: 30 }, (_, i) => `WEB1${String(i).padStart(2, '0')}.corp.example.com`);
    // Rule candidates, which are all parsed (noise is sampled one record in a thousand).
    const body = nodes
      .map((node, i) => `${iisAdminCrashXml({ node, at: hoursAgo(NOW, 1 + i / 60), recordId: 500 + i })}\n`)
      .join('');

    await ingest(standIns, 'raw/many/forwarded.xml', body);

    for (const [i, node] of nodes.entries()) {
      expect((await lastEventOf(node))?.lastEventAt).toBe(hoursAgo(NOW, 1 + i / 60));
    }
  });
});

describe('heartbeat items (DynamoNodeActivityStore)', () => {
  const table = 'heartbeat-items';
  const at = (hours: number) => hoursAgo(NOW, hours);
  const beat = (node: string, hours: number, object: string): NodeLastEvent => ({
    nodeKey: node.toLowerCase(),
    node,
    lastEventAt: at(hours),
    lastObjectKey: `s3://fleet/${object}`,
  });

  it('prunes what a newer heartbeat superseded, and reads an item of earlier releases as one more heartbeat', async () => {
    await createStateTable(standIns.dynamo, table);
    const store = new DynamoNodeActivityStore(table, standIns.dynamo);
    await store.recordLastEvents([beat('A', 2, 'a2'), beat('B', 5, 'b5')]);
    await store.recordLastEvents([beat('A', 1, 'a1'), beat('B', 5, 'b5')]);
    await store.recordLastEvents([beat('A', 3, 'a3')]);
    // The single node item earlier releases updated in place: newer than C's heartbeat, older than D's.
    for (const [node, hours] of [
      ['c', 0.5],
      ['d', 9],
    ] as const) {
      await standIns.dynamo.send(
        new PutItemCommand({
          TableName: table,
          Item: {
            pk: { S: `NODE#${node}` },
            sk: { S: 'NODE' },
            node: { S: node.toUpperCase() },
            lastEventAt: { S: at(hours) },
            lastObjectKey: { S: `s3://fleet/${node}-old` },
          },
        }),
      );
    }
    await store.recordLastEvents([beat('C', 4, 'c4'), beat('D', 8, 'd8')]);
    const expected = [
      { nodeKey: 'a', node: 'A', lastEventAt: at(1), lastObjectKey: 's3://fleet/a1' },
      { nodeKey: 'b', node: 'B', lastEventAt: at(5), lastObjectKey: 's3://fleet/b5' },
      { nodeKey: 'c', node: 'C', lastEventAt: at(0.5), lastObjectKey: 's3://fleet/c-old' },
      { nodeKey: 'd', node: 'D', lastEventAt: at(8), lastObjectKey: 's3://fleet/d8' },
    ];
    const byKey = (nodes: NodeLastEvent[]) => [...nodes].sort((x, y) => x.nodeKey.localeCompare(y.nodeKey));
    expect(byKey(await store.listNodes())).toEqual(expected);

    // A's two older heartbeats and C's, superseded by the older release's item; never that item itself.
    expect(await store.pruneSuperseded()).toBe(3);
    expect(byKey(await store.listNodes())).toEqual(expected);
    expect(await store.pruneSuperseded()).toBe(0);
  });
});
