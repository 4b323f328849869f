import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DynamoNodeActivityStore } from '../../adapters/aws/DynamoNodeActivityStore';
import { DynamoSilenceAnnouncements } from '../../adapters/aws/DynamoSilenceAnnouncements';
import { SnsOperationsNotifier } from '../../adapters/aws/SnsOperationsNotifier';
import { createLocalAwsClients, type LocalAwsClients } from '../../adapters/local/createLocalAwsClients';
import {
  createStateTable,
  type LocalDynamo,
  startLocalDynamo,
} from '../../adapters/local/stand-ins/startLocalDynamo';
import { type LocalMessaging, startLocalMessaging } from '../../adapters/local/stand-ins/startLocalMessaging';
import { createSilenceHandler } from '../../app/silence/createSilenceHandler';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.parse('2026-03-02T12:00:00.000Z');

let dynamo: LocalDynamo;
let messaging: LocalMessaging;
let clients: LocalAwsClients;
let topicArn: string;
let tableNumber = 0;
let table: string;

beforeAll(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  [dynamo, messaging] = await Promise.all([startLocalDynamo(), startLocalMessaging()]);
  clients = createLocalAwsClients({
    s3: dynamo.endpoint,
    dynamodb: dynamo.endpoint,
    messaging: messaging.endpoint,
  });
});

afterAll(async () => {
  clients?.destroy();
  await Promise.all([dynamo?.stop(), messaging?.stop()]);
});

beforeEach(async () => {
  tableNumber += 1;
  table = `state-${tableNumber}`;
  await createStateTable(clients.dynamodb, table);
  const topic = await clients.sns.send(new CreateTopicCommand({ Name: `operations-${tableNumber}` }));
  topicArn = topic.TopicArn ?? '';
  messaging.server.createQueue(`ops-tap-${tableNumber}`);
  messaging.server.subscribe({ topic: `operations-${tableNumber}`, queue: `ops-tap-${tableNumber}` });
});

/** What an SQS subscriber of the operations topic received (the SNS envelope, with the subject). */
function published(): Array<{ subject: string; message: string }> {
  return (messaging.server.inspectQueue(`ops-tap-${tableNumber}`)?.messages.ready ?? []).map((m) => {
    const envelope = JSON.parse(m.body) as { Subject: string; Message: string };
    return { subject: envelope.Subject, message: envelope.Message };
  });
}

/** The silence check as deployed, at a given time, against the stand-ins. */
function checkAt(nowMs: number) {
  const activity = new DynamoNodeActivityStore(table, clients.dynamodb);
  return createSilenceHandler({
    activity,
    pruning: activity,
    announcements: new DynamoSilenceAnnouncements(table, clients.dynamodb),
    notifier: new SnsOperationsNotifier(topicArn, clients.sns),
    silentAfterMs: DAY,
    logger: new Logger({ serviceName: 'test', logLevel: 'SILENT' }),
    metrics: new Metrics({ namespace: 'Test', serviceName: 'test' }),
    now: () => nowMs,
  })();
}

async function heartbeat(node: string, atMs: number): Promise<void> {
  await new DynamoNodeActivityStore(table, clients.dynamodb).recordLastEvents([
    {
      nodeKey: node.toLowerCase(),
      node,
      lastEventAt: new Date(atMs).toISOString(),
      lastObjectKey: `s3://fleet-winlogs/raw/${node}/system.xml`,
    },
  ]);
}

describe('silence check', () => {
  it('says nothing while no node has ever been seen', async () => {
    const outcome = await checkAt(START);
    expect(outcome).toEqual({ nodes: 0, silent: 0, fellSilent: [], spokeAgain: [] });
    expect(published()).toEqual([]);
  });

  it('says nothing at exactly silentAfter, and announces a node one millisecond later', async () => {
    await heartbeat('EXCH01', START);
    await heartbeat('EXCH02', START + 6 * HOUR);
    await checkAt(START + DAY);
    expect(published()).toEqual([]);

    const outcome = await checkAt(START + DAY + 1);
    expect(outcome.fellSilent).toEqual(['exch01']);
    expect(published()).toHaveLength(1);
    expect(published()[0]?.subject).toBe('[SILENT] EXCH01: no Windows events for 1d');
    expect(published()[0]?.message).toContain('Last event seen: 2026-03-02T12:00:00.000Z');
  });

  it('announces a silence once, however many runs see it', async () => {
    await heartbeat('EXCH01', START);
    for (const hours of [25, 25.25, 25.5, 48]) await checkAt(START + hours * HOUR);
    expect(published().map((m) => m.subject)).toEqual(['[SILENT] EXCH01: no Windows events for 1d1h']);
  });

  it('announces once that a silent node speaks again, then watches it afresh', async () => {
    await heartbeat('EXCH01', START);
    await checkAt(START + 25 * HOUR);
    await heartbeat('EXCH01', START + 26 * HOUR);
    const outcome = await checkAt(START + 26 * HOUR + 60_000);
    await checkAt(START + 27 * HOUR);
    await checkAt(START + 51 * HOUR);

    expect(outcome.spokeAgain).toEqual(['exch01']);
    expect(published().map((m) => m.subject)).toEqual([
      '[SILENT] EXCH01: no Windows events for 1d1h',
      '[SPEAKS AGAIN] EXCH01 sends Windows events again',
      '[SILENT] EXCH01: no Windows events for 1d1h',
    ]);
  });

  it('keeps a log-controlled node name out of the subject', async () => {
    await heartbeat('EVIL\r\nBcc: x@example.com', START);
    await checkAt(START + 2 * DAY);
    expect(published()[0]?.subject).toBe('[SILENT] unrecognised node: no Windows events for 2d');
  });

  it('reports the age of the fleet newest event and the number of silent nodes', async () => {
    await heartbeat('EXCH01', START);
    await heartbeat('EXCH02', START + DAY);
    const outcome = await checkAt(START + DAY + 2 * HOUR);
    expect(outcome).toEqual(expect.objectContaining({ nodes: 2, silent: 1, newestEventMs: START + DAY }));
  });

  it('keeps one heartbeat item per node after a run, each node still reading as its newest event', async () => {
    await heartbeat('EXCH01.corp.example.com', START - 3 * HOUR);
    await heartbeat('EXCH01.corp.example.com', START - HOUR);
    await heartbeat('EXCH01.corp.example.com', START - 2 * HOUR);
    await heartbeat('EXCH02.corp.example.com', START - 2 * DAY);
    const store = new DynamoNodeActivityStore(table, clients.dynamodb);
    const before = await store.listNodes();

    await checkAt(START);

    expect(await store.listNodes()).toEqual(before);
    expect(await store.pruneSuperseded()).toBe(0);
    expect(before.map((node) => node.lastEventAt).sort()).toEqual(
      [new Date(START - 2 * DAY).toISOString(), new Date(START - HOUR).toISOString()].sort(),
    );
  });
});
