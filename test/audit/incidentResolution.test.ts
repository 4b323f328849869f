import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../adapters/local/stand-ins/startLocalDynamo';
import { auditCommand } from '../../cli/audit/auditCommand';
import { AUDIT_BUCKET, type IngestStandIns, startIngestStandIns } from '../support/ingestStandIns';
import { iisAdminCrashXml, iisAdminRunningXml, imapStartFailureXml } from '../support/windowsEventRecords';
import { capturedIo, hoursAgo, ingest, ndjson } from './auditTestSupport';

const NOW = Date.now();
let standIns: IngestStandIns;

beforeAll(async () => {
  standIns = await startIngestStandIns();
  vi.stubEnv('AWS_ACCESS_KEY_ID', LOCAL_CREDENTIALS.accessKeyId);
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', LOCAL_CREDENTIALS.secretAccessKey);
  vi.stubEnv('AWS_REGION', 'us-east-1');
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await standIns?.stop();
});

/** Event times of one node's story, in hours before now. */
function crashAndFailure(node: string, hours: number, recordId: number): string {
  return `${iisAdminCrashXml({ node, at: hoursAgo(NOW, hours), recordId })}\n${imapStartFailureXml({ node, at: hoursAgo(NOW, hours - 0.01), recordId: recordId + 1 })}\n`;
}

function running(node: string, hours: number, recordId: number): string {
  return `${iisAdminRunningXml({ node, at: hoursAgo(NOW, hours), recordId })}\n`;
}

function alertKinds(node: string): (string | undefined)[] {
  return standIns
    .publishes()
    .filter((m) => m.messageAttributes.node?.StringValue === node.toLowerCase())
    .map((m) => m.messageAttributes.notificationKind?.StringValue);
}

async function incidentsOf(node: string): Promise<Record<string, unknown>[]> {
  const captured = capturedIo();
  const endpoint = standIns.env.AWS_ENDPOINT_URL_S3 ?? '';
  await auditCommand(
    ['--s3-endpoint', endpoint, '--bucket', AUDIT_BUCKET, '--since', '1d', '--node', node],
    captured.io,
  );
  return ndjson(captured.stdout());
}

describe('incident resolution (IIS Admin Service running again after the last evidence)', () => {
  it.each([
    ['after', 'EXCH41.corp.example.com', 4100],
    ['before', 'EXCH42.corp.example.com', 4200],
  ])(
    'resolves when the object with the fix arrives %s the incident, and sends a short resolved message',
    async (order, node, id) => {
      const incident = ['raw/resolution/incident.xml', crashAndFailure(node, 3, id)] as const;
      const fix = ['raw/resolution/fix.xml', running(node, 2.5, id + 2)] as const;
      const objects = order === 'after' ? [incident, fix] : [fix, incident];
      for (const [key, body] of objects) await ingest(standIns, `${key}.${node}`, body);

      expect(alertKinds(node)).toEqual(['incident', 'resolved']);
      const resolvedMessage = standIns
        .alertEnvelopes()
        .find(
          (e) => e.MessageAttributes.node?.Value === node.toLowerCase() && e.Subject.startsWith('[RESOLVED]'),
        );
      const sms = JSON.parse(resolvedMessage?.Message ?? '{}').sms as string;
      expect(sms).toMatch(
        /^RESOLVED KB819865 EXCH4\d\.corp\.example\.com: IIS Admin crash stops POP3\/IMAP4 \(0x800cc800\)\./,
      );
      const [summary] = await incidentsOf(node);
      expect(summary).toMatchObject({
        status: 'resolved',
        resolved_at: hoursAgo(NOW, 2.5),
        time_to_resolve_seconds: 1800,
        notifications_sent: 2,
      });
    },
  );

  it.each([
    ['after', 'EXCH43.corp.example.com', 4300],
    ['before', 'EXCH44.corp.example.com', 4400],
  ])(
    'stays open when the service was running before the crash, its object arriving %s',
    async (order, node, id) => {
      const incident = ['raw/resolution/incident.xml', crashAndFailure(node, 3, id)] as const;
      const earlier = ['raw/resolution/earlier.xml', running(node, 3.5, id + 2)] as const;
      const objects = order === 'after' ? [incident, earlier] : [earlier, incident];
      for (const [key, body] of objects) await ingest(standIns, `${key}.${node}`, body);

      expect(alertKinds(node)).toEqual(['incident']);
      expect(await incidentsOf(node)).toEqual([
        expect.objectContaining({ status: 'open', resolved_at: null, time_to_resolve_seconds: null }),
      ]);
    },
  );

  it('opens again when the mail service fails once more after the fix, without a second resolved message', async () => {
    const node = 'EXCH45.corp.example.com';
    await ingest(standIns, 'raw/resolution/reopen-1.xml', crashAndFailure(node, 3, 4500));
    await ingest(standIns, 'raw/resolution/reopen-2.xml', running(node, 2.9, 4502));
    const againAt = hoursAgo(NOW, 2.8);
    await ingest(
      standIns,
      'raw/resolution/reopen-3.xml',
      `${imapStartFailureXml({ node, at: againAt, recordId: 4503 })}\n`,
    );

    expect(alertKinds(node)).toEqual(['incident', 'resolved']);
    expect(await incidentsOf(node)).toEqual([
      expect.objectContaining({
        status: 'open',
        last_event_at: againAt,
        resolved_at: null,
        evidence_events: 3,
      }),
    ]);
  });
});
