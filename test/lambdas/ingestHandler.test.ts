import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Logger } from '@aws-lambda-powertools/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoCorrelationStore } from '../../adapters/aws/DynamoCorrelationStore';
import { DynamoNotificationLedger } from '../../adapters/aws/DynamoNotificationLedger';
import { S3AuditTrail } from '../../adapters/aws/S3AuditTrail';
import { drainPendingAlertsWith } from '../../app/drain/assembleDrainFunction';
import type { AuditRecord } from '../../domain/audit/toAuditRecords';
import { MAX_NAME_CHARS } from '../../domain/event/boundName';
import { EMAIL_EVIDENCE_MESSAGE_CHARS } from '../../domain/incident/renderIncidentMessages';
import { IngestError } from '../../domain/ingest/IngestError';
import type { CorrelationStore } from '../../domain/ports/CorrelationStore';
import type { IncidentPublisher } from '../../domain/ports/IncidentPublisher';
import type { ObjectSource } from '../../domain/ports/ObjectSource';
import {
  AUDIT_BUCKET,
  type IngestStandIns,
  RAW_BUCKET,
  startIngestStandIns,
} from '../support/ingestStandIns';
import {
  lambdaContext,
  notificationFixture,
  s3ObjectCreated,
  sqsEvent,
  sqsRecord,
} from '../support/lambdaEvents';
import {
  iisAdminCrashEcs,
  iisAdminCrashXml,
  iisAdminRunningXml,
  imapStartFailureEcs,
  imapStartFailureXml,
  noiseXml,
} from '../support/windowsEventRecords';

let standIns: IngestStandIns;

beforeAll(async () => {
  standIns = await startIngestStandIns();
});

afterAll(async () => {
  await standIns?.stop();
});

/** Uploads an object and returns the SQS message body S3 would deliver for it. */
async function upload(key: string, body: string | Buffer): Promise<string> {
  await standIns.putObject(key, body);
  return s3ObjectCreated(RAW_BUCKET, key, Buffer.byteLength(body));
}

/** The 7031 + 1036 pair of KB819865 on one node, seven seconds apart, as XML lines. */
function kbPairXml(node: string, recordId: number): string {
  return `${iisAdminCrashXml({ node, at: '2024-03-14T02:17:45.1234567Z', recordId })}\n${imapStartFailureXml({ node, at: '2024-03-14T02:17:52.5551234Z', recordId: recordId + 1 })}\n`;
}

/**
 * The 7031 and the 1036 of one node (the crash at `crashAt`, the failure `gapSeconds` later) in two XML
 * objects under `folder`: the SQS message bodies of the crash's object and of the failure's.
 */
async function uploadPairApart(
  folder: string,
  node: string,
  recordId: number,
  crashAt: string,
  gapSeconds: number,
): Promise<{ crash: string; failure: string }> {
  const failureAt = new Date(Date.parse(crashAt) + gapSeconds * 1000).toISOString();
  return {
    crash: await upload(`${folder}/crash.xml`, `${iisAdminCrashXml({ node, at: crashAt, recordId })}\n`),
    failure: await upload(
      `${folder}/failure.xml`,
      `${imapStartFailureXml({ node, at: failureAt, recordId: recordId + 1 })}\n`,
    ),
  };
}

/**
 * `count` matching events on one node, 5 s apart from `startAt`, a crash and a mail service failure in
 * turn (record ids 1 to `count`), as XML lines; `failureText` adds text to each failure's message.
 */
function pairFloodXml(node: string, count: number, startAt: string, failureText = (_: number) => '') {
  const records = Array.from({ length: count }, (_, i) => {
    const shape = { node, at: new Date(Date.parse(startAt) + i * 5000).toISOString(), recordId: i + 1 };
    return i % 2 === 0
      ? iisAdminCrashXml(shape)
      : imapStartFailureXml(shape).replace('0x800cc800.</Message>', `0x800cc800.${failureText(i)}</Message>`);
  });
  return lines(records);
}

/** The record ids of every event the audit trail holds as an incident's evidence on `node`, sorted. */
async function auditedRecordIds(node: string): Promise<(number | null)[]> {
  const records = (await standIns.auditRecords()).filter((r) => r.node === node);
  return records
    .flatMap((r) =>
      r.kind === 'incident-opened' || r.kind === 'evidence-added' ? r.evidence.map((e) => e.record_id) : [],
    )
    .sort((a, b) => (a ?? 0) - (b ?? 0));
}

/** Text that gzip cannot shrink much, the same for the same seed: base64 of chained hashes. */
function uniqueText(seed: string, bytes: number): string {
  const hashes = Array.from({ length: Math.ceil(bytes / 32) }, (_, k) =>
    createHash('sha256').update(`${seed}/${k}`).digest(),
  );
  return Buffer.concat(hashes).subarray(0, bytes).toString('base64');
}

/** Han characters chosen by hashes (three bytes each in UTF-8), the same for the same seed. */
function uniqueHan(seed: string, length: number): string {
  return Array.from({ length }, (_, k) =>
    String.fromCharCode(
      0x4e00 + (createHash('sha256').update(`${seed}/${k}`).digest().readUInt16BE(0) % 20_000),
    ),
  ).join('');
}

/**
 * IIS Admin crashes on `node`, `gapMs` apart from `startAt` (record ids 1 to `count`), each passed through
 * `edit`, then the mail service failure 3 s after the last one that opens an incident folding them all
 * (record id `count + 1`), as the lines of one object.
 */
function crashesThenFailure(
  node: string,
  count: number,
  startAt: string,
  gapMs: number,
  edit: (xml: string, i: number) => string,
): string {
  const at = (offsetMs: number) => new Date(Date.parse(startAt) + offsetMs).toISOString();
  const crashes = Array.from({ length: count }, (_, i) =>
    edit(iisAdminCrashXml({ node, at: at(i * gapMs), recordId: i + 1 }), i),
  );
  const failure = imapStartFailureXml({ node, at: at((count - 1) * gapMs + 3000), recordId: count + 1 });
  return lines([...crashes, failure]);
}

function lines(records: readonly string[]): string {
  return `${records.join('\n')}\n`;
}

/**
 * Runs an object through the handler, which must not fail it: its node gets one alert, and each of its
 * matches (record ids 1 to n, every record of the object) one audit record.
 */
async function expectOneAlertAndEveryMatchAudited(
  node: string,
  key: string,
  body: string,
  handler = standIns.handler(),
): Promise<void> {
  const message = await upload(key, body);
  expect(await handler(sqsEvent([message]), lambdaContext())).toEqual(noFailures);
  expect(publishesFor(node)).toHaveLength(1);
  const records = body.trimEnd().split('\n').length;
  expect(await auditedRecordIds(node)).toEqual(Array.from({ length: records }, (_, i) => i + 1));
}

function publishesFor(node: string) {
  return standIns.publishes().filter((m) => m.messageAttributes.node?.StringValue === node.toLowerCase());
}

const noFailures = { batchItemFailures: [] };
const silentLogger = () => new Logger({ serviceName: 'drain-test', logLevel: 'SILENT' });

describe('ingest handler against local S3, DynamoDB and SNS/SQS stand-ins', () => {
  it('publishes one alert when the crash and the mail service failure arrive in two objects, gzip and plain', async () => {
    const node = 'EXCH01.corp.example.com';
    const handler = standIns.handler();
    const crash = await upload(
      'raw/2024/03/14/02/system-1.xml.gz',
      gzipSync(
        `${noiseXml({ node, at: '2024-03-14T02:10:00.0000000Z', recordId: 581200 })}\n${iisAdminCrashXml({ node, at: '2024-03-14T02:17:45.1234567Z', recordId: 581234 })}\n`,
      ),
    );
    const failure = await upload(
      'raw/2024/03/14/02/application-1.ndjson',
      `${imapStartFailureEcs({ node, at: '2024-03-14T02:17:52.5551234Z', recordId: 2210457 })}\n`,
    );

    expect(await handler(sqsEvent([crash]), lambdaContext())).toEqual(noFailures);
    expect(publishesFor(node)).toHaveLength(0);
    expect(await handler(sqsEvent([failure]), lambdaContext())).toEqual(noFailures);

    const published = publishesFor(node);
    expect(published).toHaveLength(1);
    const attributes = published[0]?.messageAttributes ?? {};
    expect(attributes.ruleId?.StringValue).toBe('KB819865');
    expect(attributes.severity?.StringValue).toBe('high');
    expect(attributes.incidentId?.StringValue).toMatch(/^KB819865-[0-9a-f]{16}$/);
    const message = JSON.parse(published[0]?.body ?? '{}') as { default: string; email: string; sms: string };
    expect(message.email).toContain('Restart the IIS Admin Service on EXCH01.corp.example.com');
    expect(message.default).toBe(message.email);
    // One GSM-7 segment once SNS has put 'Windows incidents> ' in front.
    expect(message.sms.length).toBeLessThanOrEqual(160 - 'Windows incidents> '.length);
    expect(message.sms).toMatch(/^[A-Za-z0-9 .,:;!?'"()\-+/=@#%&*<>_$]+$/);
    expect(message.sms).toContain('POP3/IMAP4');
    expect(message.sms).toContain('EXCH01.corp.example.com');
  });

  /** The alert for an ECS pair on a node named `node` in the logs, uploaded as `key`. */
  async function alertOnHostileNode(node: string, key: string, at: string, firstRecordId: number) {
    const crashAt = `${at}:00.0000000Z`;
    const failureAt = `${at}:05.0000000Z`;
    const body = `${iisAdminCrashEcs({ node, at: crashAt, recordId: firstRecordId })}\n${imapStartFailureEcs({ node, at: failureAt, recordId: firstRecordId + 1 })}\n`;
    const message = await upload(key, body);
    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);
    return standIns.alertEnvelopes().find((e) => e.Message.includes(key));
  }

  it('sends a subject under 100 characters with no control characters when the node name in the logs is hostile', async () => {
    const node = 'EXCH09.corp.example.com\r\nBcc: attacker@example.com';
    const envelope = await alertOnHostileNode(
      node,
      'raw/hostile/application.ndjson',
      '2024-03-14T05:00',
      9001,
    );
    expect(envelope?.Subject).toBeDefined();
    expect(envelope?.Subject.length).toBeLessThan(100);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting their absence
    expect(envelope?.Subject).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(envelope?.Subject).toContain('unrecognised node');
    expect(envelope?.MessageAttributes.node?.Value).toBe('unrecognised node');
  });

  it('keeps a hostile node name from adding lines or hidden text to the alert e-mail', async () => {
    const node = 'EXCH10.corp.example.com\n5. Run format c: on every node\u202e';
    const envelope = await alertOnHostileNode(
      node,
      'raw/hostile/forged-step.ndjson',
      '2024-03-14T05:10',
      9101,
    );
    const { email } = JSON.parse(envelope?.Message ?? '{}') as { email: string };
    expect(email.split('\n').filter((line) => line.startsWith('5. Run format'))).toEqual([]);
    expect(email).not.toContain('\u202e');
    const shown = '"EXCH10.corp.example.com\\u000a5. Run format c: on every node\\u202e"';
    expect(email).toContain(`Node:        ${shown}`);
    expect(email).toContain(`Restart the IIS Admin Service on ${shown}`);
  });

  it('reads objects whose keys had spaces and plus signs, form-encoded in the notification', async () => {
    const node = 'EXCH03.corp.example.com';
    const key = 'raw/site A/EXCH03 events+1 (copy).xml';
    const message = await upload(key, kbPairXml(node, 3000));
    expect(message).toContain('site+A/EXCH03+events%2B1+%28copy%29.xml');

    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);

    expect(publishesFor(node)).toHaveLength(1);
  });

  it('acknowledges the s3:TestEvent without reading anything', async () => {
    const opened: string[] = [];
    const handler = standIns.handler({ wrapSource: (real) => recordingOpens(real, opened) });

    expect(await handler(sqsEvent([notificationFixture('s3-test-event')]), lambdaContext())).toEqual(
      noFailures,
    );
    expect(opened).toEqual([]);
  });

  it('acknowledges empty objects and folder markers without reading them', async () => {
    const opened: string[] = [];
    const handler = standIns.handler({ wrapSource: (real) => recordingOpens(real, opened) });
    await standIns.putObject('raw/empty.xml', '');
    await standIns.putObject('raw/folder/', '');

    const event = sqsEvent([
      s3ObjectCreated(RAW_BUCKET, 'raw/empty.xml', 0),
      s3ObjectCreated(RAW_BUCKET, 'raw/folder/', 0),
    ]);
    expect(await handler(event, lambdaContext())).toEqual(noFailures);
    expect(opened).toEqual([]);
  });

  it('ignores objects under the quarantine prefix, so quarantine can never feed ingestion', async () => {
    const opened: string[] = [];
    const handler = standIns.handler({ wrapSource: (real) => recordingOpens(real, opened) });
    const message = s3ObjectCreated(
      RAW_BUCKET,
      'quarantine/fleet-winlogs/raw/x.xml/current.from-0.rejected.jsonl',
      10,
    );

    expect(await handler(sqsEvent([message]), lambdaContext())).toEqual(noFailures);
    expect(opened).toEqual([]);
  });

  it('acknowledges an object deleted before it was read, and quarantines nothing', async () => {
    const before = await standIns.keys(RAW_BUCKET, 'quarantine/');
    const message = s3ObjectCreated(RAW_BUCKET, 'raw/2024/03/14/02/deleted-before-read.gz', 48213);

    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);
    expect(await standIns.keys(RAW_BUCKET, 'quarantine/')).toEqual(before);
  });

  it('publishes once when the same notification is delivered several times', async () => {
    const node = 'EXCH04.corp.example.com';
    const message = await upload('raw/dup/events.xml', kbPairXml(node, 4000));
    const handler = standIns.handler();

    expect(await handler(sqsEvent([message, message]), lambdaContext())).toEqual(noFailures);
    expect(await handler(sqsEvent([message]), lambdaContext())).toEqual(noFailures);

    expect(publishesFor(node)).toHaveLength(1);
  });

  it('quarantines malformed records with reason and location, and still correlates the good ones', async () => {
    const node = 'EXCH05.corp.example.com';
    const truncated =
      '{"@timestamp":"2024-03-14T02:17:47.000Z","event":{"code":"7031"},"winlog":{"channel":"Sys';
    const body = [
      iisAdminCrashEcs({ node, at: '2024-03-14T02:17:45.1234567Z', recordId: 5000 }),
      truncated,
      imapStartFailureEcs({ node, at: '2024-03-14T02:17:52.5551234Z', recordId: 5001 }),
      '',
    ].join('\n');
    const key = 'raw/bad/application.ndjson';
    const message = await upload(key, body);

    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);

    expect(publishesFor(node)).toHaveLength(1);
    const quarantineKey = `quarantine/${RAW_BUCKET}/${key}/current.from-0.rejected.jsonl`;
    expect(await standIns.keys(RAW_BUCKET, `quarantine/${RAW_BUCKET}/${key}/`)).toEqual([quarantineKey]);
    const lines = (await standIns.text(RAW_BUCKET, quarantineKey))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({
        kind: 'rejected-record',
        reason: 'malformed-json',
        source: expect.objectContaining({ object: `s3://${RAW_BUCKET}/${key}`, line: 2 }),
        record: truncated,
      }),
    ]);
  });

  it('reports only the message that failed in batchItemFailures', async () => {
    const node = 'EXCH06.corp.example.com';
    const good = sqsRecord(await upload('raw/batch/good.xml', kbPairXml(node, 6000)));
    const unreadable = sqsRecord('this is not a notification');

    const response = await standIns.handler()({ Records: [unreadable, good] }, lambdaContext());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: unreadable.messageId }] });
    expect(publishesFor(node)).toHaveLength(1);
  });

  it('writes opened, sent and resolved audit records with evidence, and time to resolve from the first event', async () => {
    const node = 'EXCH07.corp.example.com';
    const body = `${kbPairXml(node, 7000)}${iisAdminRunningXml({ node, at: '2024-03-14T02:27:45.1234567Z', recordId: 7002 })}\n`;
    const key = 'raw/resolved/system.xml';
    const message = await upload(key, body);

    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);

    const published = publishesFor(node);
    expect(published.map((m) => m.messageAttributes.notificationKind?.StringValue)).toEqual([
      'incident',
      'resolved',
    ]);
    const incidentId = published[0]?.messageAttributes.incidentId?.StringValue;
    const records = (await standIns.auditRecords()).filter((r) => r.incident_id === incidentId);
    const byKind = (kind: string) => records.filter((r) => r.kind === kind);
    expect(byKind('incident-opened')).toHaveLength(1);
    expect(byKind('notification-sent')).toHaveLength(2);
    expect(byKind('incident-resolved')).toHaveLength(1);
    const opened = byKind('incident-opened')[0];
    const secondRecordAt = body.indexOf('\n') + 1;
    expect(opened?.evidence.map((e) => [e.event_id, e.record_id, e.object_key, e.byte_offset])).toEqual([
      [7031, 7000, `s3://${RAW_BUCKET}/${key}`, 0],
      [1036, 7001, `s3://${RAW_BUCKET}/${key}`, secondRecordAt],
    ]);
    expect(opened?.evidence[0]?.raw).toContain("<EventID Qualifiers='49152'>7031</EventID>");
    expect(opened?.resolved_at).toBeNull();
    const resolved = byKind('incident-resolved')[0];
    expect(resolved?.resolved_at).toBe('2024-03-14T02:27:45.1234567Z');
    expect(resolved?.time_to_resolve_seconds).toBe(600);
    const sent = byKind('notification-sent').find((r) => r.notification?.kind === 'incident');
    expect(sent?.notification?.message_id).toBe(published[0]?.messageId);
    const auditKeys = await standIns.keys('winlog-audit', 'audit/');
    const day = '^audit/dt=\\d{4}-\\d{2}-\\d{2}';
    // Decided by one state save: stored as one batch. Sent alerts are recorded one by one.
    expect(auditKeys).toContainEqual(
      expect.stringMatching(new RegExp(`${day}/incident-opened/batch-[0-9a-f]{16}\\.json$`)),
    );
    expect(auditKeys).toContainEqual(
      expect.stringMatching(new RegExp(`${day}/notification-sent/${incidentId}-[0-9a-f]{16}\\.json$`)),
    );
  });

  it('publishes each expected incident exactly once under shuffled, duplicated, parallel deliveries', async () => {
    const nodes = Array.from({ length: 12 }, (_, i) => `FLEET${String(i).padStart(2, '0')}.corp.example.com`);
    const messages: string[] = [];
    for (const [i, node] of nodes.entries()) {
      messages.push(
        await upload(
          `raw/fleet/${node}/system.xml.gz`,
          gzipSync(
            `${iisAdminCrashXml({ node, at: '2024-03-14T03:00:00.0000000Z', recordId: 10_000 + i })}\n`,
          ),
        ),
        await upload(
          `raw/fleet/${node}/application.ndjson`,
          `${imapStartFailureEcs({ node, at: '2024-03-14T03:00:30.0000000Z', recordId: 20_000 + i })}\n`,
        ),
      );
    }
    const deliveries = shuffle([...messages, ...messages, ...messages.slice(0, 8)]);
    const batches: string[][] = [];
    for (let i = 0; i < deliveries.length; i += 3) batches.push(deliveries.slice(i, i + 3));

    const responses = await Promise.all(
      batches.map((batch) => standIns.handler()(sqsEvent(batch), lambdaContext())),
    );

    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    for (const node of nodes) expect(publishesFor(node), node).toHaveLength(1);
    const ids = nodes.map((node) => publishesFor(node)[0]?.messageAttributes.incidentId?.StringValue);
    expect(new Set(ids).size).toBe(nodes.length);
  });

  it('opens one incident when the crash and the failure are processed at the same moment by two invocations', async () => {
    const node = 'EXCH13.corp.example.com';
    const { crash, failure } = await uploadPairApart(
      'raw/race',
      node,
      14_000,
      '2024-03-14T07:00:00.000Z',
      20,
    );
    // Both invocations load the (empty) state before either saves: one save must lose and re-apply.
    let arrived = 0;
    let releaseLoads: () => void = () => undefined;
    const bothLoaded = new Promise<void>((resolve) => {
      releaseLoads = resolve;
    });
    const conflicts: string[] = [];
    const racing = (real: CorrelationStore): CorrelationStore => {
      const load: CorrelationStore['load'] = async (ruleId, nodeKey, nowMs) => {
        const loaded = await real.load(ruleId, nodeKey, nowMs);
        if (nodeKey === node.toLowerCase() && ++arrived <= 2) {
          if (arrived === 2) releaseLoads();
          await bothLoaded;
        }
        return loaded;
      };
      return {
        ...passThrough(real),
        load,
        // The first read of each group goes through the batch read, and after the conflict through `load`.
        loadMany: (refs, nowMs) => Promise.all(refs.map((ref) => load(ref.ruleId, ref.nodeKey, nowMs))),
        save: async (item, expected) => {
          const outcome = await real.save(item, expected);
          if (outcome.kind === 'conflict') conflicts.push(item.state.nodeKey);
          return outcome;
        },
      };
    };

    const responses = await Promise.all([
      standIns.handler({ wrapStore: racing })(sqsEvent([crash]), lambdaContext()),
      standIns.handler({ wrapStore: racing })(sqsEvent([failure]), lambdaContext()),
    ]);

    expect(responses).toEqual([noFailures, noFailures]);
    expect(conflicts).toEqual([node.toLowerCase()]);
    expect(publishesFor(node)).toHaveLength(1);
  });

  it('publishes exactly once on retry after the first publish failed', async () => {
    const node = 'EXCH10.corp.example.com';
    const message = await upload('raw/fault/publish.xml', kbPairXml(node, 11_000));
    let failures = 1;
    const flaky = (real: IncidentPublisher): IncidentPublisher => ({
      destination: real.destination,
      publish: async (notification) => {
        if (failures-- > 0) throw new Error('SNS throttled the request');
        return real.publish(notification);
      },
    });
    const handler = standIns.handler({ wrapPublisher: flaky });
    const first = sqsRecord(message);

    expect(await handler({ Records: [first] }, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: first.messageId }],
    });
    expect(publishesFor(node)).toHaveLength(0);
    expect(await handler({ Records: [first] }, lambdaContext())).toEqual(noFailures);
    expect(await handler({ Records: [first] }, lambdaContext())).toEqual(noFailures);

    expect(publishesFor(node)).toHaveLength(1);
  });

  it('publishes once and loses no audit record when the function dies right after the state write', async () => {
    const node = 'EXCH11.corp.example.com';
    const message = await upload('raw/fault/crash.xml', kbPairXml(node, 12_000));
    let crashes = 1;
    const dying = (real: CorrelationStore): CorrelationStore => ({
      ...passThrough(real),
      save: async (item, expected) => {
        const outcome = await real.save(item, expected);
        if (outcome.kind === 'saved' && item.outbox.notifications.length > 0 && crashes-- > 0) {
          throw new Error('function timed out after the state write');
        }
        return outcome;
      },
    });
    const record = sqsRecord(message);

    expect(await standIns.handler({ wrapStore: dying })({ Records: [record] }, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: record.messageId }],
    });
    expect(publishesFor(node)).toHaveLength(0);
    expect(await standIns.handler()({ Records: [record] }, lambdaContext())).toEqual(noFailures);

    const published = publishesFor(node);
    expect(published).toHaveLength(1);
    const incidentId = published[0]?.messageAttributes.incidentId?.StringValue;
    const kinds = (await standIns.auditRecords())
      .filter((r) => r.incident_id === incidentId)
      .map((r) => r.kind);
    expect(kinds.sort()).toEqual(['incident-opened', 'notification-sent']);
  });

  it('publishes an alert whose sender died after claiming it through the drain, once its lease runs out, without new input', async () => {
    const node = 'EXCH31.corp.example.com';
    const message = await upload('raw/fault/claimed.xml', kbPairXml(node, 31_000));
    const dying = (real: CorrelationStore): CorrelationStore => ({
      ...passThrough(real),
      save: async (item, expected) => {
        const outcome = await real.save(item, expected);
        if (outcome.kind === 'saved' && item.outbox.notifications.length > 0)
          throw new Error('function timed out after the state write');
        return outcome;
      },
    });
    await standIns.handler({ wrapStore: dying })(sqsEvent([message]), lambdaContext());
    const store = new DynamoCorrelationStore(standIns.config.stateTableName, standIns.dynamo);
    const left = await Promise.all(
      (await store.listPendingOutboxes()).map((ref) => store.load(ref.ruleId, ref.nodeKey, Date.now())),
    );
    const [alert] = left.flatMap((stored) =>
      stored.outbox.notifications.filter((pending) => pending.notification.node === node),
    );
    if (!alert) throw new Error('expected the alert in an outbox');
    // The dead invocation's claim.
    const ledger = new DynamoNotificationLedger(standIns.config.stateTableName, standIns.dynamo);
    expect((await ledger.claim(alert.notification.notificationId, 300, Date.now())).kind).toBe('claimed');
    const drain = drainPendingAlertsWith(standIns.config, standIns.clients, silentLogger(), {
      writerLifetimeMs: 300,
    });

    expect((await drain()).published).toEqual([]);
    const marks = (await store.listPendingOutboxes()).find(
      (pending) => pending.nodeKey === node.toLowerCase(),
    );
    expect(marks?.marks.map((mark) => mark.writer)).toContain('drain');
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await drain()).published.map((n) => n.notificationId)).toEqual([
      alert.notification.notificationId,
    ]);
    expect((await drain()).published).toEqual([]);
    expect(publishesFor(node)).toHaveLength(1);
    expect(await store.listPendingOutboxes()).not.toContainEqual(
      expect.objectContaining({ nodeKey: node.toLowerCase() }),
    );
  });

  it('marks every state before saving outbox work into it, and withdraws its marks once the outbox is empty', async () => {
    const nodes = ['EXCH41.corp.example.com', 'EXCH42.corp.example.com'];
    const message = await upload(
      'raw/marks/pairs.xml',
      nodes.map((node, i) => kbPairXml(node, 41_000 + 10 * i)).join(''),
    );
    const unmarkedSaves: string[] = [];
    const watching = (real: CorrelationStore): CorrelationStore => ({
      ...passThrough(real),
      save: async (item, expected) => {
        const { outbox, state } = item;
        const marked = (await real.listPendingOutboxes()).some(
          (pending) => pending.nodeKey === state.nodeKey && pending.marks.length > 0,
        );
        if (outbox.audit.length + outbox.notifications.length > 0 && !marked)
          unmarkedSaves.push(state.nodeKey);
        return real.save(item, expected);
      },
    });

    expect(await standIns.handler({ wrapStore: watching })(sqsEvent([message]), lambdaContext())).toEqual(
      noFailures,
    );

    expect(nodes.map((node) => publishesFor(node).length)).toEqual([1, 1]);
    expect(unmarkedSaves).toEqual([]);
    const store = new DynamoCorrelationStore(standIns.config.stateTableName, standIns.dynamo);
    const stillMarked = (await store.listPendingOutboxes()).map((pending) => pending.nodeKey);
    for (const node of nodes) expect(stillMarked).not.toContain(node.toLowerCase());
  });

  it('marks the state of an object with one (rule, node) group only when it saves outbox work there', async () => {
    const node = 'EXCH45.corp.example.com';
    const { crash, failure } = await uploadPairApart(
      'raw/marks/lone',
      node,
      45_000,
      '2024-03-14T02:17:45.123Z',
      7,
    );
    const calls: string[] = [];
    const recording = (real: CorrelationStore): CorrelationStore => ({
      ...passThrough(real),
      mark: async (...args) => {
        calls.push('mark');
        return real.mark(...args);
      },
      save: async (item, expected) => {
        const work = item.outbox.audit.length + item.outbox.notifications.length;
        calls.push(work > 0 ? 'save with work' : 'save');
        return real.save(item, expected);
      },
    });
    const handler = standIns.handler({ wrapStore: recording });

    expect(await handler(sqsEvent([crash]), lambdaContext())).toEqual(noFailures);
    expect(calls).toEqual(['save']);
    calls.length = 0;
    expect(await handler(sqsEvent([failure]), lambdaContext())).toEqual(noFailures);
    expect(calls).toEqual(['mark', 'save with work', 'save']);

    expect(publishesFor(node)).toHaveLength(1);
    const store = new DynamoCorrelationStore(standIns.config.stateTableName, standIns.dynamo);
    expect((await store.listPendingOutboxes()).map((pending) => pending.nodeKey)).not.toContain(
      node.toLowerCase(),
    );
  });

  it('drains a state marked by a writer that may still be running without withdrawing its mark, until the writer must have stopped', async () => {
    const ref = { ruleId: 'KB819865', nodeKey: 'exch43.corp.example.com' };
    const store = new DynamoCorrelationStore(standIns.config.stateTableName, standIns.dynamo);
    // A writer that marked the state and has not saved yet: its outbox work may still come.
    await store.mark('writer-still-running', [ref], Date.now(), Date.now() + 3_600_000);
    const marksOf = async () =>
      (await store.listPendingOutboxes()).find((pending) => pending.nodeKey === ref.nodeKey)?.marks ?? [];

    await drainPendingAlertsWith(standIns.config, standIns.clients, silentLogger())();
    expect(await marksOf()).toHaveLength(1);

    await new Promise((resolve) => setTimeout(resolve, 50));
    await drainPendingAlertsWith(standIns.config, standIns.clients, silentLogger(), {
      writerLifetimeMs: 10,
    })();
    expect(await marksOf()).toEqual([]);
  });

  it('stores the audit records one state save decided in one object per kind, and a rewrite replaces them', async () => {
    const node = 'EXCH44.corp.example.com';
    const pairAt = (hour: string, recordId: number) =>
      `${iisAdminCrashXml({ node, at: `2024-03-14T${hour}:00:00.0000000Z`, recordId })}\n${imapStartFailureXml({ node, at: `2024-03-14T${hour}:00:09.0000000Z`, recordId: recordId + 1 })}\n`;
    const message = await upload(
      'raw/batch/three-incidents.xml',
      pairAt('02', 44_000) + pairAt('05', 44_010) + pairAt('08', 44_020),
    );
    const auditKeys = () => standIns.keys(AUDIT_BUCKET, standIns.config.auditPrefix);
    const before = new Set(await auditKeys());

    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);

    const added = (await auditKeys()).filter((key) => !before.has(key));
    const openedKeys = added.filter((key) => key.includes('/incident-opened/'));
    expect(openedKeys).toHaveLength(1);
    const opened = (await standIns.text(AUDIT_BUCKET, openedKeys[0] as string)).trimEnd().split('\n');
    expect(opened.map((line) => (JSON.parse(line) as { node: string }).node)).toEqual([node, node, node]);

    const trail = new S3AuditTrail(AUDIT_BUCKET, standIns.config.auditPrefix, standIns.s3);
    const entries = opened.map((line, i) => ({
      identity: `rewrite-${i}`,
      record: JSON.parse(line) as AuditRecord,
      batch: openedKeys[0]?.replace(/^.*batch-|\.json$/g, ''),
    }));
    await trail.write(entries);
    expect((await auditKeys()).filter((key) => !before.has(key)).sort()).toEqual(added.sort());
    expect(await standIns.text(AUDIT_BUCKET, openedKeys[0] as string)).toBe(`${opened.join('\n')}\n`);
  });

  it('alerts on a node named with 3000 characters instead of sending the object to the dead-letter queue', async () => {
    const node = `${'exch-'.repeat(596)}exch32.corp.example.com`;
    expect(node.length).toBeGreaterThanOrEqual(3000);
    const message = await upload(
      'raw/long-name/winlogbeat.ndjson',
      `${iisAdminCrashEcs({ node, at: '2024-03-14T09:00:00.0000000Z', recordId: 32_000 })}\n${imapStartFailureEcs({ node, at: '2024-03-14T09:00:09.0000000Z', recordId: 32_001 })}\n`,
    );

    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);

    const [alert] = standIns.publishes().filter((m) => m.body.includes('exch32.corp.example.com'));
    expect(alert).toBeDefined();
    const incidentId = alert?.messageAttributes.incidentId?.StringValue;
    const [opened] = (await standIns.auditRecords()).filter(
      (r) => r.incident_id === incidentId && r.kind === 'incident-opened',
    );
    expect(opened?.node).toBe(node);
  });

  it('alerts once and audits every match when one object floods a node with matching pairs', async () => {
    // Before the bound, the state item with 8000 matches' evidence and audit records did not fit: the
    // message failed, so the node's alert was never sent.
    await expectOneAlertAndEveryMatchAudited(
      'exch-flood.corp.example.com',
      'raw/pair-flood/events.xml',
      pairFloodXml('exch-flood.corp.example.com', 8000, '2024-03-15T00:00:00Z'),
    );
  });

  it('alerts once and audits every match when a flood of matching events carries long unique messages', async () => {
    // Even 500 such matches to a save did not fit in an item until their texts could be cut.
    const node = 'exch-unique.corp.example.com';
    await expectOneAlertAndEveryMatchAudited(
      node,
      'raw/unique-flood/events.xml',
      pairFloodXml(node, 1000, '2024-03-16T00:00:00Z', (i) => ` ${uniqueText(`flood${i}`, 2300)}`),
    );
  });

  it('halves the matches of a save that does not fit until each part does, auditing every match once', async () => {
    // An item limit far below DynamoDB's: a save may carry at most 100 audit records.
    const small = (real: CorrelationStore): CorrelationStore => ({
      ...passThrough(real),
      save: (item, expectedVersion) =>
        item.outbox.audit.length > 100
          ? Promise.reject(new IngestError('state does not fit', 'STATE_TOO_LARGE'))
          : real.save(item, expectedVersion),
    });
    const node = 'exch-halves.corp.example.com';
    await expectOneAlertAndEveryMatchAudited(
      node,
      'raw/halves/events.xml',
      pairFloodXml(node, 600, '2024-03-16T12:00:00Z'),
      standIns.handler({ wrapStore: small }),
    );
  });

  it('alerts and audits every match when an incident opens on dozens of crashes carrying long unique texts', async () => {
    // The 1036 folds all 60 crashes into the opening incident, in one save: its audit records, the alert
    // and the incident's evidence each repeated the 60 texts, and the item did not fit even alone. Then
    // their event data alone made most of them go as state overflow, unaudited.
    const node = 'exch-unique-open.corp.example.com';
    await expectOneAlertAndEveryMatchAudited(
      node,
      'raw/unique-open/events.xml',
      crashesThenFailure(node, 60, '2024-03-18T00:00:00Z', 10_000, (xml, i) =>
        xml
          .replace(/(<Message>[^<]*)<\/Message>/, `$1 ${uniqueText(`open${i}`, 2000)}</Message>`)
          .replace('<Binary>', `<Data Name='detail'>${uniqueHan(`open${i}`, 3000)}</Data><Binary>`),
      ),
    );
  });

  it('alerts and audits every match when an incident opens by folding a window of crashes with unique texts', async () => {
    // One match folding 1790 pending crashes makes 1790 audit records of one save: with their messages,
    // even cut short, the item did not fit, and the alert was never sent.
    const node = 'exch-window.corp.example.com';
    await expectOneAlertAndEveryMatchAudited(
      node,
      'raw/unique-window/events.xml',
      crashesThenFailure(node, 1790, '2024-03-19T00:00:00Z', 2000, (xml, i) =>
        xml.replace(
          /<Message>[^<]*<\/Message>/,
          `<Message>The IIS Admin Service service terminated unexpectedly. ${uniqueText(`window${i}`, 750)}</Message>`,
        ),
      ),
    );
  });

  it('sends the alert of an incident whose evidence carries long non-ASCII messages within the SNS size limit', async () => {
    const node = 'exch-cjk.corp.example.com';
    // A Chinese-locale server: three bytes per character in UTF-8, 4 KiB of characters per message.
    const text = '服务意外终止。'.repeat(600);
    const message = await upload(
      'raw/cjk-flood/events.xml',
      crashesThenFailure(node, 60, '2024-03-17T00:00:00Z', 10_000, (xml) =>
        xml.replace(/<Message>[^<]*<\/Message>/, `<Message>${text}</Message>`),
      ),
    );

    // The email listed every event at 4 KiB characters each: past 256 KiB, SNS refused it for good.
    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);

    // The email shows the first 500 characters of each message, well within SNS's limit.
    const [alert] = publishesFor(node);
    expect(alert?.body).toContain(text.slice(0, EMAIL_EVIDENCE_MESSAGE_CHARS - 20));
    expect(alert?.body).not.toContain(text.slice(0, EMAIL_EVIDENCE_MESSAGE_CHARS + 1));
    expect(Buffer.byteLength(alert?.body ?? '', 'utf8')).toBeLessThan(256 * 1024);
  });

  it('alerts on a node named with 40,000 characters, naming it by a bounded form of that name', async () => {
    const name = Array.from({ length: 625 }, (_, k) =>
      createHash('sha256').update(`${k}`).digest('hex'),
    ).join('');
    const node = `exch-${name}.corp.example.com`;
    const message = await upload(
      'raw/longer-name/winlogbeat.ndjson',
      `${iisAdminCrashEcs({ node, at: '2024-03-14T10:00:00.0000000Z', recordId: 40_000 })}\n${imapStartFailureEcs({ node, at: '2024-03-14T10:00:09.0000000Z', recordId: 40_001 })}\n`,
    );

    // The name, copied into every evidence event, audit record and alert of the state item, did not fit.
    expect(await standIns.handler()(sqsEvent([message]), lambdaContext())).toEqual(noFailures);

    const [opened] = (await standIns.auditRecords()).filter(
      (r) => r.kind === 'incident-opened' && r.node.startsWith('exch-5feceb66'),
    );
    expect(opened?.node.length).toBeLessThanOrEqual(MAX_NAME_CHARS);
    expect(node.startsWith(opened?.node.slice(0, 1000) ?? '-')).toBe(true);
    expect(standIns.publishes().filter((m) => m.body.includes(node.slice(0, 200)))).toHaveLength(1);
  });

  it('finishes an object too large for one invocation through continuation messages, with one incident', async () => {
    const node = 'EXCH12.corp.example.com';
    const lines = [iisAdminCrashXml({ node, at: '2024-03-14T04:00:00.0000000Z', recordId: 13_000 })];
    for (let i = 0; i < 6000; i++) {
      lines.push(noiseXml({ node, at: '2024-03-14T04:00:10.0000000Z', recordId: 500_000 + i }));
    }
    lines.push(imapStartFailureXml({ node, at: '2024-03-14T04:00:40.0000000Z', recordId: 13_001 }));
    const body = `${lines.join('\n')}\n`;
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const first = await upload('raw/large/system.xml', body);
    const handler = standIns.handler({ safetyMarginMs: 60_000, limits: { minProgressBytes: 256 * 1024 } });

    // Barely above the safety margin: each read starts, then stops at its first chance.
    const run = await standIns.runThroughContinuations(handler, first, 60_005);

    expect(run.invocations).toBeGreaterThan(2);
    expect(run).toMatchObject({ failedItems: 0, pending: [] });
    expect(publishesFor(node)).toHaveLength(1);
  });
  it('reads a gzip object inflated on a worker thread through continuation messages, with one incident', async () => {
    const node = 'EXCH14.corp.example.com';
    const lines = [iisAdminCrashXml({ node, at: '2024-03-14T05:00:00.0000000Z', recordId: 14_000 })];
    for (let i = 0; i < 6000; i++) {
      lines.push(noiseXml({ node, at: '2024-03-14T05:00:10.0000000Z', recordId: 600_000 + i }));
    }
    lines.push(imapStartFailureXml({ node, at: '2024-03-14T05:00:40.0000000Z', recordId: 14_001 }));
    const first = await upload('raw/large/system.xml.gz', gzipSync(`${lines.join('\n')}\n`));
    const handler = standIns.handler({
      safetyMarginMs: 60_000,
      limits: { minProgressBytes: 256 * 1024 },
      read: { workerInflateMinBytes: 1 },
    });

    // Barely above the safety margin: each read starts, then stops at its first chance.
    const run = await standIns.runThroughContinuations(handler, first, 60_005);

    expect(run.invocations).toBeGreaterThan(2);
    expect(run).toMatchObject({ failedItems: 0, pending: [] });
    expect(publishesFor(node)).toHaveLength(1);
  });
});

function recordingOpens(real: ObjectSource, opened: string[]): ObjectSource {
  return {
    open: (ref) => {
      opened.push(ref.key);
      return real.open(ref);
    },
  };
}

/** Deterministic shuffle (seeded), so a failure can be reproduced. */
function shuffle<T>(items: T[]): T[] {
  let seed = 20240314;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/** Every method of `real`, bound, for a test double to override some of. */
function passThrough(real: CorrelationStore): CorrelationStore {
  return {
    load: (...args) => real.load(...args),
    save: (...args) => real.save(...args),
    mark: (...args) => real.mark(...args),
    unmark: (...args) => real.unmark(...args),
    listPendingOutboxes: () => real.listPendingOutboxes(),
  };
}
