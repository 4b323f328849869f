import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type IngestStandIns, RAW_BUCKET, startIngestStandIns } from '../support/ingestStandIns';
import { lambdaContext, s3ObjectCreated, sqsEvent } from '../support/lambdaEvents';
import { iisAdminCrashXml, imapStartFailureXml } from '../support/windowsEventRecords';

let standIns: IngestStandIns;

beforeAll(async () => {
  standIns = await startIngestStandIns();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await standIns?.stop();
});

interface EmfDocument {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [field: string]: unknown;
}

/** A Metrics instance that writes its EMF documents to the global console (POWERTOOLS_DEV), captured here. */
function capturedMetrics(): { metrics: Metrics; documents: () => EmfDocument[] } {
  vi.stubEnv('POWERTOOLS_DEV', 'true');
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line));
  });
  const metrics = new Metrics({ namespace: 'WinlogCorrelatorTest', serviceName: 'winlog-correlator' });
  return {
    metrics,
    documents: () => lines.flatMap((l) => (l.includes('"_aws"') ? [JSON.parse(l) as EmfDocument] : [])),
  };
}

function metricValue(documents: EmfDocument[], name: string, dimension?: [string, string]): unknown {
  const document = documents.find(
    (d) =>
      d._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === name) &&
      (dimension === undefined || d[dimension[0]] === dimension[1]),
  );
  return document?.[name];
}

describe('ingest metrics', () => {
  it('counts rejected records per reason and rule matches and incidents per rule, as EMF', async () => {
    const { metrics, documents } = capturedMetrics();
    const node = 'EXCH30.corp.example.com';
    const body = [
      iisAdminCrashXml({ node, at: '2024-03-14T08:00:00.0000000Z', recordId: 1 }),
      imapStartFailureXml({ node, at: '2024-03-14T08:00:10.0000000Z', recordId: 2 }),
      // Cut off by a crashed shipper: the object's last event has no closing tag.
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>7031</EventID>",
    ].join('\n');
    await standIns.putObject('raw/metrics/system.xml', body);

    await standIns.handler({ metrics })(
      sqsEvent([s3ObjectCreated(RAW_BUCKET, 'raw/metrics/system.xml', body.length)]),
      lambdaContext(),
    );
    metrics.publishStoredMetrics();

    const emitted = documents();
    expect(metricValue(emitted, 'RuleMatches', ['ruleId', 'KB819865'])).toBe(2);
    expect(metricValue(emitted, 'IncidentsRaised', ['ruleId', 'KB819865'])).toBe(1);
    expect(metricValue(emitted, 'RecordsRejected', ['reason', 'truncated-record'])).toBe(1);
    expect(metricValue(emitted, 'BytesRead')).toBe(body.length);
  });

  it('counts records of unknown shape and zone mismatches per object prefix, the shipper folder', async () => {
    const { metrics, documents } = capturedMetrics();
    const azure = {
      TimeGenerated: '2024-03-14T02:17:45Z',
      Computer: 'EXCH31',
      EventID: 4624,
      Type: 'SecurityEvent',
    };
    const nxlogCe = {
      EventTime: '2024-03-14 03:17:40',
      Hostname: 'EXCH31.corp.example.com',
      EventID: 7036,
      SourceName: 'Service Control Manager',
      Channel: 'System',
      SeverityValue: 2,
      '@timestamp': '2024-03-14T02:17:41.000Z',
    };
    const body = [azure, azure, nxlogCe].map((record) => JSON.stringify(record)).join('\n');
    await standIns.putObject('raw/mixed-shipper/2024/03/14/part1.json', body);

    await standIns.handler({ metrics })(
      sqsEvent([s3ObjectCreated(RAW_BUCKET, 'raw/mixed-shipper/2024/03/14/part1.json', body.length)]),
      lambdaContext(),
    );
    metrics.publishStoredMetrics();

    const emitted = documents();
    expect(metricValue(emitted, 'RecordsOfUnknownShape', ['ObjectPrefix', 'raw/mixed-shipper/'])).toBe(2);
    expect(metricValue(emitted, 'ZoneMismatches', ['ObjectPrefix', 'raw/mixed-shipper/'])).toBe(1);
    expect(metricValue(emitted, 'RecordsRejected', ['reason', 'unknown-shape'])).toBe(2);
  });
});
