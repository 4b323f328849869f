import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoMuteStore } from '../../adapters/aws/DynamoMuteStore';
import { metricCatalogue } from '../../domain/metrics/metricCatalogue';
import { type IngestStandIns, RAW_BUCKET, startIngestStandIns } from '../support/ingestStandIns';
import { lambdaContext, s3ObjectCreated, sqsEvent } from '../support/lambdaEvents';
import { iisAdminCrashXml, imapStartFailureXml } from '../support/windowsEventRecords';

let standIns: IngestStandIns;

beforeAll(async () => {
  standIns = await startIngestStandIns();
});

afterAll(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await standIns?.stop();
});

interface EmfDocument {
  _aws: { CloudWatchMetrics: { Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [field: string]: unknown;
}

describe('metrics the ingest function emits', () => {
  it('are all in the metric catalogue, with its dimension sets, late matches and incidents not paged included', async () => {
    vi.stubEnv('POWERTOOLS_DEV', 'true');
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      lines.push(String(line));
    });
    const metrics = new Metrics({
      namespace: metricCatalogue.namespace,
      serviceName: metricCatalogue.service,
    });
    const node = 'LATE01.corp.example.com';
    const muted = 'MUTED01.corp.example.com';
    const objects = [
      ['raw/late/new.xml', iisAdminCrashXml({ node, at: '2024-03-17T08:00:00.0000000Z', recordId: 1 })],
      [
        'raw/late/old.xml',
        [
          iisAdminCrashXml({ node, at: '2024-03-14T08:00:00.0000000Z', recordId: 2 }),
          imapStartFailureXml({ node, at: '2024-03-14T08:00:10.0000000Z', recordId: 3 }),
          "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>7031",
        ].join('\n'),
      ],
      [
        'raw/muted/a.xml',
        [
          iisAdminCrashXml({ node: muted, at: '2024-03-14T08:00:00.0000000Z', recordId: 4 }),
          imapStartFailureXml({ node: muted, at: '2024-03-14T08:00:10.0000000Z', recordId: 5 }),
        ].join('\n'),
      ],
    ] as const;
    await new DynamoMuteStore(standIns.config.stateTableName, standIns.dynamo).mute({
      nodeKey: muted.toLowerCase(),
      node: muted,
      reason: 'patching',
      mutedAt: new Date().toISOString(),
      until: new Date(Date.now() + 3_600_000).toISOString(),
    });
    for (const [key, body] of objects) {
      await standIns.putObject(key, body);
      // Events from 2024 with the default pageWithin: the incidents are historical (and one muted).
      await standIns.handler({ metrics, pageWithinMs: 86_400_000 })(
        sqsEvent([s3ObjectCreated(RAW_BUCKET, key, body.length)]),
        lambdaContext(),
      );
      metrics.publishStoredMetrics();
    }

    const emitted = lines
      .filter((line) => line.includes('"_aws"'))
      .flatMap((line) => {
        const document = JSON.parse(line) as EmfDocument;
        return document._aws.CloudWatchMetrics.flatMap((directive) =>
          directive.Metrics.map(
            (m) => `${m.Name} [${[...(directive.Dimensions[0] ?? [])].sort().join(',')}]`,
          ),
        );
      });
    const catalogue = Object.entries(metricCatalogue.metrics).map(
      ([name, dimensions]) => `${name} [${[...dimensions].sort().join(',')}]`,
    );
    expect(emitted).toContain('LateMatches [service]');
    expect(emitted).toContain('RuleMatches [ruleId,service]');
    expect(emitted).toContain('RecordsRejected [reason,service]');
    expect(emitted).toContain('IncidentsHistorical [ruleId,service]');
    expect(emitted).toContain('IncidentsMuted [ruleId,service]');
    // Powertools' own cold-start metric is the one name outside the catalogue.
    expect(emitted.filter((text) => !catalogue.includes(text) && !text.startsWith('ColdStart '))).toEqual([]);
  });
});
