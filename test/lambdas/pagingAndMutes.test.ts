import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoMuteStore } from '../../adapters/aws/DynamoMuteStore';
import type { AuditRecord } from '../../domain/audit/toAuditRecords';
import { type IngestStandIns, RAW_BUCKET, startIngestStandIns } from '../support/ingestStandIns';
import { lambdaContext, s3ObjectCreated, sqsEvent } from '../support/lambdaEvents';
import { iisAdminCrashXml, iisAdminRunningXml, imapStartFailureXml } from '../support/windowsEventRecords';

const HOUR_MS = 3_600_000;
const DETECTED_AT = Date.parse('2026-06-01T12:00:00.000Z');
let standIns: IngestStandIns;
let mutes: DynamoMuteStore;

beforeAll(async () => {
  standIns = await startIngestStandIns();
  mutes = new DynamoMuteStore(standIns.config.stateTableName, standIns.dynamo);
});

afterAll(async () => {
  await standIns?.stop();
});

const iso = (ms: number): string => new Date(ms).toISOString();

/** A KB819865 crash and IMAP4 failure on `node`, the failure (the last evidence) at `lastEventMs`. */
function kbPair(node: string, lastEventMs: number, recordId: number): string {
  return `${iisAdminCrashXml({ node, at: iso(lastEventMs - 9000), recordId })}\n${imapStartFailureXml({ node, at: iso(lastEventMs), recordId: recordId + 1 })}\n`;
}

/** Runs the handler on one object with the deployed default pageWithin (24h) and the clock at `nowMs`. */
async function ingestAt(nowMs: number, key: string, body: string): Promise<void> {
  await standIns.putObject(key, body);
  const response = await standIns.handler({ pageWithinMs: 24 * HOUR_MS, clock: () => new Date(nowMs) })(
    sqsEvent([s3ObjectCreated(RAW_BUCKET, key, Buffer.byteLength(body))]),
    lambdaContext(),
  );
  expect(response.batchItemFailures).toEqual([]);
}

const alertsFor = (node: string) =>
  standIns.publishes().filter((m) => m.messageAttributes.node?.StringValue === node.toLowerCase());

async function auditOf(node: string): Promise<AuditRecord[]> {
  return (await standIns.auditRecords()).filter((r) => r.node === node);
}

async function muteFor(node: string, reason: string, fromMs: number, forMs: number): Promise<void> {
  await mutes.mute({
    nodeKey: node.toLowerCase(),
    node,
    reason,
    mutedAt: iso(fromMs),
    until: iso(fromMs + forMs),
  });
}

describe('live or historical', () => {
  it('records an incident whose last event is older than pageWithin as historical, and does not publish it', async () => {
    const node = 'OLD01.corp.example.com';
    await ingestAt(DETECTED_AT, 'raw/paging/old01.xml', kbPair(node, DETECTED_AT - 24 * HOUR_MS - 1, 100));

    expect(alertsFor(node)).toEqual([]);
    const records = await auditOf(node);
    expect(records.map((r) => [r.kind, r.historical, r.muted])).toEqual([['incident-opened', true, null]]);
  });

  it('publishes an incident whose last event is exactly pageWithin old, with the detection time and age', async () => {
    const node = 'EDGE01.corp.example.com';
    await ingestAt(DETECTED_AT, 'raw/paging/edge01.xml', kbPair(node, DETECTED_AT - 24 * HOUR_MS, 110));

    expect(alertsFor(node)).toHaveLength(1);
    const records = await auditOf(node);
    expect(records.map((r) => [r.kind, r.historical]).sort()).toEqual([
      ['incident-opened', false],
      ['notification-sent', false],
    ]);
  });

  it('publishes a live pair saying when it was detected and how old its last event was then', async () => {
    const node = 'LIVE01.corp.example.com';
    await ingestAt(DETECTED_AT, 'raw/paging/live01.xml', kbPair(node, DETECTED_AT - 2 * 60_000, 120));

    const [alert] = alertsFor(node);
    const { email } = JSON.parse(alert?.body ?? '{}') as { email?: string };
    expect(email).toContain('Detected:    2026-06-01T12:00:00.000Z, last event 2 min before detection');
  });
});

describe('maintenance windows', () => {
  it('records an incident on a muted node as muted with the reason, and does not publish it or its resolution', async () => {
    const node = 'MUTE01.corp.example.com';
    await muteFor(node, 'patching, change 4711', DETECTED_AT - HOUR_MS, 2 * HOUR_MS);
    const lastEventMs = DETECTED_AT - 5 * 60_000;
    await ingestAt(
      DETECTED_AT,
      'raw/mutes/mute01.xml',
      `${kbPair(node, lastEventMs, 200)}${iisAdminRunningXml({ node, at: iso(lastEventMs + 60_000), recordId: 202 })}\n`,
    );

    expect(alertsFor(node)).toEqual([]);
    const records = await auditOf(node);
    expect(records.map((r) => r.kind).sort()).toEqual(['incident-opened', 'incident-resolved']);
    for (const record of records) {
      expect(record.muted).toEqual({ reason: 'patching, change 4711', until: iso(DETECTED_AT + HOUR_MS) });
      expect(record.historical).toBe(false);
    }
  });

  it('pages again once the mute has run out, without anyone removing it', async () => {
    const node = 'MUTE02.corp.example.com';
    await muteFor(node, 'IIS Admin restart', DETECTED_AT - HOUR_MS, 2 * HOUR_MS);
    await ingestAt(DETECTED_AT, 'raw/mutes/mute02-a.xml', kbPair(node, DETECTED_AT - 60_000, 300));
    expect(alertsFor(node)).toEqual([]);

    // The mute ended at DETECTED_AT + 1h; the stored item is still there (no TTL in the stand-in).
    const later = DETECTED_AT + 3 * HOUR_MS;
    expect(await mutes.activeMute(node.toLowerCase(), later)).toBeUndefined();
    await ingestAt(later, 'raw/mutes/mute02-b.xml', kbPair(node, later - 60_000, 310));

    expect(alertsFor(node)).toHaveLength(1);
    const opened = (await auditOf(node)).filter((r) => r.kind === 'incident-opened');
    expect(opened.map((r) => r.muted?.reason ?? null).sort()).toEqual(['IIS Admin restart', null]);
  });

  it('reads the mutes of many nodes at once as each alone would read, an ended one as none', async () => {
    await muteFor('Batch01.corp.example.com', 'patching', DETECTED_AT - HOUR_MS, 2 * HOUR_MS);
    await muteFor('Batch02.corp.example.com', 'ended', DETECTED_AT - 3 * HOUR_MS, HOUR_MS);
    const nodeKeys = ['batch01.corp.example.com', 'batch02.corp.example.com', 'batch03.corp.example.com'];

    const many = await mutes.activeMutes(nodeKeys, DETECTED_AT);

    expect([...many.keys()]).toEqual(['batch01.corp.example.com']);
    for (const nodeKey of nodeKeys)
      expect(many.get(nodeKey)).toEqual(await mutes.activeMute(nodeKey, DETECTED_AT));
  });

  it('mutes only the node named, in any letter case', async () => {
    await muteFor('Mute03.CORP.example.com', 'patching', DETECTED_AT - HOUR_MS, 2 * HOUR_MS);
    await ingestAt(
      DETECTED_AT,
      'raw/mutes/mute03.xml',
      `${kbPair('MUTE03.corp.example.com', DETECTED_AT - 60_000, 400)}${kbPair('MUTE04.corp.example.com', DETECTED_AT - 60_000, 410)}`,
    );

    expect(alertsFor('MUTE03.corp.example.com')).toEqual([]);
    expect(alertsFor('MUTE04.corp.example.com')).toHaveLength(1);
  });
});
