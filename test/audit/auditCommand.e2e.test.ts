import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createS3Client } from '../../adapters/aws/createS3Client';
import { S3AuditTrailReader } from '../../adapters/aws/S3AuditTrailReader';
import { LOCAL_CREDENTIALS } from '../../adapters/local/stand-ins/startLocalDynamo';
import { auditCommand } from '../../cli/audit/auditCommand';
import { UsageError } from '../../cli/UsageError';
import { queryAuditTrail } from '../../domain/audit/queryAuditTrail';
import type { AuditRecord } from '../../domain/audit/toAuditRecords';
import { CLI_FROM_SOURCE } from '../support/cliFromSource';
import { AUDIT_BUCKET, type IngestStandIns, startIngestStandIns } from '../support/ingestStandIns';
import { iisAdminCrashXml, iisAdminRunningXml, imapStartFailureXml } from '../support/windowsEventRecords';
import { capturedIo, hoursAgo, ingest, runCaptured, writeLocalDataDir } from './auditTestSupport';

const ROOT = join(__dirname, '..', '..');
const NOW = Date.now();
/** Text an operator's spreadsheet must get back intact: quotes, a comma and a line break. */
const AWKWARD_MESSAGE = 'Server "IMAP-1", instance 1\nfailed to start with error 0x800cc800.';
const OLD_INCIDENT = 'KB819865-00000000000000aa';

let standIns: IngestStandIns;
let remote: string[];
const work = mkdtempSync(join(tmpdir(), 'audit-e2e-'));

beforeAll(async () => {
  standIns = await startIngestStandIns();
  remote = ['--s3-endpoint', standIns.env.AWS_ENDPOINT_URL_S3 ?? '', '--bucket', AUDIT_BUCKET];
  vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_REGION', 'us-east-1');

  // EXCH21: crash, mail service failure with an awkward message, then the fix, in two objects.
  const crashAt = hoursAgo(NOW, 5);
  const failure = imapStartFailureXml({
    node: 'EXCH21.corp.example.com',
    at: hoursAgo(NOW, 4.99),
    recordId: 2101,
  }).replace(/<Message>[^<]*<\/Message>/, `<Message>${AWKWARD_MESSAGE.replace(/"/g, '&quot;')}</Message>`);
  await ingest(
    standIns,
    'raw/exch21/application.xml',
    `${iisAdminCrashXml({ node: 'EXCH21.corp.example.com', at: crashAt, recordId: 2100 })}\n${failure}\n`,
  );
  await ingest(
    standIns,
    'raw/exch21/system.xml',
    `${iisAdminRunningXml({ node: 'EXCH21.corp.example.com', at: new Date(Date.parse(crashAt) + 600_000).toISOString(), recordId: 2102 })}\n`,
  );
  // EXCH22: the same failure twice, hours apart (two incidents, both open).
  for (const [i, hours] of [30, 10].entries()) {
    await ingest(
      standIns,
      `raw/exch22/events-${i}.xml`,
      kbPair('EXCH22.corp.example.com', hours, 2200 + 2 * i),
    );
  }
  // EXCH23: one open incident.
  await ingest(standIns, 'raw/exch23/events.xml', kbPair('EXCH23.corp.example.com', 2, 2300));

  // A record from long ago, in its own partition, and an object that is not an audit record.
  const opened = (await standIns.auditRecords()).find(
    (r) => r.kind === 'incident-opened' && r.node === 'EXCH23.corp.example.com',
  ) as AuditRecord;
  const old: AuditRecord = { ...opened, incident_id: OLD_INCIDENT, recorded_at: '2024-01-01T09:00:00.000Z' };
  await put(`audit/dt=2024-01-01/incident-opened/${OLD_INCIDENT}-0000000000000000.json`, JSON.stringify(old));
  await put(`audit/dt=${new Date(NOW).toISOString().slice(0, 10)}/incident-opened/broken.json`, 'not json\n');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await standIns?.stop();
  rmSync(work, { recursive: true, force: true });
});

function kbPair(node: string, hours: number, recordId: number): string {
  return `${iisAdminCrashXml({ node, at: hoursAgo(NOW, hours), recordId })}\n${imapStartFailureXml({ node, at: hoursAgo(NOW, hours - 0.01), recordId: recordId + 1 })}\n`;
}

async function put(key: string, body: string): Promise<void> {
  await standIns.s3.send(new PutObjectCommand({ Bucket: AUDIT_BUCKET, Key: key, Body: body }));
}

function audit(...args: string[]) {
  return runCaptured(auditCommand, [...remote, '--since', '2d', ...args]);
}

describe('winlog-correlator audit', () => {
  it('folds each incident into one row: open or resolved, time to resolve, evidence and alerts counted', async () => {
    const { code, rows, stderr } = await audit();

    expect(code).toBe(0);
    expect(rows.map((r) => [r.node, r.status])).toEqual([
      ['EXCH23.corp.example.com', 'open'],
      ['EXCH21.corp.example.com', 'resolved'],
      ['EXCH22.corp.example.com', 'open'],
      ['EXCH22.corp.example.com', 'open'],
    ]);
    const resolved = rows[1];
    expect(resolved).toMatchObject({
      rule_id: 'KB819865',
      severity: 'high',
      time_to_resolve_seconds: 600,
      evidence_events: 2,
      notifications_sent: 2,
      notified: standIns.config.incidentTopicArn,
    });
    expect(Date.parse(String(resolved?.resolved_at)) - Date.parse(String(resolved?.first_event_at))).toBe(
      600_000,
    );
    expect(rows[0]).toMatchObject({
      resolved_at: null,
      time_to_resolve_seconds: null,
      notifications_sent: 1,
    });
    expect(stderr).toMatch(
      /skipped unreadable record s3:\/\/winlog-audit\/audit\/dt=.*broken\.json line 1: not JSON/,
    );
  });

  it('narrows to one node (case ignored), one rule or one incident', async () => {
    const byNode = await audit('--node', 'exch22.CORP.example.com');
    expect(byNode.rows.map((r) => r.node)).toEqual(['EXCH22.corp.example.com', 'EXCH22.corp.example.com']);

    expect((await audit('--rule', 'kb819865')).rows).toHaveLength(4);
    expect((await audit('--node', 'EXCH99')).rows).toEqual([]);

    const incidentId = String(byNode.rows[0]?.incident_id);
    const one = await audit('--incident', incidentId);
    expect(one.rows.map((r) => r.incident_id)).toEqual([incidentId]);
  });

  it('lists each evidence event with where it was read, and the resolving event, as CSV that round-trips', async () => {
    const { stdout } = await audit(
      '--node',
      'EXCH21.corp.example.com',
      '--view',
      'evidence',
      '--output',
      'csv',
    );

    const [header, ...rows] = parseCsv(stdout);
    expect(header).toEqual(
      expect.arrayContaining([
        'incident_id',
        'role',
        'time',
        'event_id',
        'message',
        'object_key',
        'byte_offset',
        'raw',
      ]),
    );
    const column = (row: string[] | undefined, name: string) => row?.[header?.indexOf(name) ?? -1];
    expect(rows.map((r) => [column(r, 'role'), column(r, 'event_id')])).toEqual([
      ['evidence', '7031'],
      ['evidence', '1036'],
      ['resolution', '7036'],
    ]);
    expect(column(rows[1], 'message')).toBe(AWKWARD_MESSAGE);
    expect(column(rows[1], 'object_key')).toBe('s3://fleet-winlogs/raw/exch21/application.xml');
    expect(column(rows[1], 'raw')).toContain("<EventID Qualifiers='32768'>1036</EventID>");
    expect(stdout).toContain('"Server ""IMAP-1"", instance 1\nfailed');
  });

  it('lists who was told: the alert and the resolution message, with topic and message id', async () => {
    const { rows } = await audit('--node', 'EXCH21.corp.example.com', '--view', 'notifications');

    expect(rows.map((r) => r.kind)).toEqual(['incident', 'resolved']);
    for (const row of rows) {
      expect(row.topic_arn).toBe(standIns.config.incidentTopicArn);
      expect(row.message_id).toEqual(expect.any(String));
    }
    expect(rows[1]?.subject).toMatch(/^\[RESOLVED\] KB819865 on EXCH21/);
  });

  it('finds nodes where one rule raised more than one incident', async () => {
    const { rows } = await audit('--view', 'repeated');

    expect(rows).toEqual([
      expect.objectContaining({
        node: 'EXCH22.corp.example.com',
        rule_id: 'KB819865',
        incidents: 2,
        open: 2,
      }),
    ]);
  });

  it('prints an aligned table without raw records on a terminal', async () => {
    const captured = capturedIo({ tty: true });
    await auditCommand(
      [...remote, '--since', '2d', '--view', 'evidence', '--node', 'EXCH21.corp.example.com'],
      captured.io,
    );

    const lines = captured.stdout().trimEnd().split('\n');
    expect(lines[0]).toMatch(/^incident_id\s+role\s+time\s+event_id/);
    expect(lines).toHaveLength(4);
    expect(captured.stdout()).not.toContain('<Event');
    expect(lines[2]).toContain('Server "IMAP-1", instance 1 failed');
  });

  it('reads only the day partitions the time range covers', async () => {
    const listed: string[] = [];
    const client = createS3Client({
      endpoint: standIns.env.AWS_ENDPOINT_URL_S3,
      region: 'us-east-1',
      credentials: LOCAL_CREDENTIALS,
    });
    client.middlewareStack.add(
      (next) => async (args) => {
        const { Prefix } = args.input as { Prefix?: string };
        if (Prefix !== undefined) listed.push(Prefix);
        return next(args);
      },
      { step: 'initialize', name: 'recordListedPrefixes' },
    );

    const result = await queryAuditTrail(new S3AuditTrailReader(AUDIT_BUCKET, 'audit/', client), {
      sinceMs: Date.parse('2023-12-31T12:00:00Z'),
      untilMs: Date.parse('2024-01-02T23:59:59Z'),
    });
    client.destroy();

    expect(listed.sort()).toEqual(['audit/dt=2023-12-31/', 'audit/dt=2024-01-01/', 'audit/dt=2024-01-02/']);
    expect(result.records.map((r) => r.incident_id)).toEqual([OLD_INCIDENT]);
    const today = new Date(NOW).toISOString().slice(0, 10);
    const paged = await new S3AuditTrailReader(AUDIT_BUCKET, 'audit/', standIns.s3, 2).readDay(today);
    const whole = await new S3AuditTrailReader(AUDIT_BUCKET, 'audit/', standIns.s3).readDay(today);
    expect(paged.records.length).toBeGreaterThan(2);
    expect(paged.records).toHaveLength(whole.records.length);
    expect((await audit()).rows.map((r) => r.incident_id)).not.toContain(OLD_INCIDENT);
  });

  it('refuses a range wider than --max-days, and an empty one, before reading anything', async () => {
    await expect(auditCommand([...remote, '--since', '2020-01-01'], capturedIo().io)).rejects.toThrow(
      /cover \d+ days \(2020-01-01\.\..*\), more than the 366 day partitions/,
    );
    await expect(
      auditCommand([...remote, '--since', '2024-03-02', '--until', '2024-03-01'], capturedIo().io),
    ).rejects.toThrow(UsageError);
  });

  it('reads the local pipeline data folder through the real binary, and exits 2 on usage errors', async () => {
    await writeLocalDataDir(standIns, join(work, 'data'));

    const run = (...args: string[]) =>
      spawnSync(process.execPath, [CLI_FROM_SOURCE, 'audit', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    const local = run(
      '--data-dir',
      join(work, 'data'),
      '--since',
      '2d',
      '--view',
      'repeated',
      '--output',
      'csv',
    );
    expect(local.stderr).toContain(`s3://winlog-audit/audit/ in ${join(work, 'data')}`);
    expect(local.status).toBe(0);
    expect(parseCsv(local.stdout)[1]?.slice(0, 4)).toEqual(['EXCH22.corp.example.com', 'KB819865', '2', '2']);

    const usage = run('--data-dir', join(work, 'data'), '--output', 'xml');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain('--output must be one of table, ndjson, csv');
  });
});

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields may hold both and "" for ". */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += c;
  }
  return records;
}
