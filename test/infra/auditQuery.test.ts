import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditObjectKey } from '../../adapters/aws/S3AuditTrail';
import type { AuditRecord } from '../../domain/audit/toAuditRecords';
import { auditRecordKinds } from '../../lib/auditRecordKinds';
import { removeTestOutdirs } from './createTestApp';
import { logicalIdOf, synthStack } from './synthStack';

let template: Template;
let auditBucket: string;

beforeAll(() => {
  ({ template } = synthStack());
  auditBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'AuditSecure');
});
afterAll(removeTestOutdirs);

interface TableInput {
  Name: string;
  Parameters: Record<string, unknown>;
  PartitionKeys: Array<{ Name: string; Type: string }>;
  StorageDescriptor: {
    Location: unknown;
    SerdeInfo: { SerializationLibrary: string };
    Columns: Array<{ Name: string; Type: string }>;
  };
}

function tableInput(): TableInput {
  const tables = Object.values(template.findResources('AWS::Glue::Table'));
  expect(tables).toHaveLength(1);
  return tables[0]?.Properties.TableInput as TableInput;
}

function s3Url(suffix: string): unknown {
  return { 'Fn::Join': ['', ['s3://', { Ref: auditBucket }, suffix]] };
}

describe('audit table', () => {
  it('reads JSON lines under the audit prefix with the OpenX JSON SerDe', () => {
    expect(tableInput().Name).toBe('audit_records');
    expect(tableInput().StorageDescriptor.Location).toEqual(s3Url('/audit/'));
    expect(tableInput().StorageDescriptor.SerdeInfo.SerializationLibrary).toBe(
      'org.openx.data.jsonserde.JsonSerDe',
    );
  });

  it('projects dt partitions by day from 2020-01-01 to now and kind partitions by folder, so no crawler is needed', () => {
    expect(tableInput().PartitionKeys).toEqual([
      expect.objectContaining({ Name: 'dt', Type: 'string' }),
      expect.objectContaining({ Name: 'kind', Type: 'string' }),
    ]);
    expect(tableInput().Parameters).toEqual(
      expect.objectContaining({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': '2020-01-01,NOW',
        'projection.kind.type': 'enum',
        'projection.kind.values': 'incident-opened,evidence-added,notification-sent,incident-resolved',
        'storage.location.template': s3Url(`/audit/dt=\${dt}/\${kind}/`),
      }),
    );
    template.resourceCountIs('AWS::Glue::Crawler', 0);
  });

  it('projects every partition the audit trail writer writes to', () => {
    for (const kind of auditRecordKinds) {
      const record = {
        kind,
        recorded_at: '2026-03-02T10:00:00.000Z',
        incident_id: 'KB819865-1',
      } as AuditRecord;
      for (const batch of [undefined, 'b1']) {
        const key = auditObjectKey('audit/', { identity: 'abc', record, batch });
        expect(key.startsWith(`audit/dt=2026-03-02/${kind}/`)).toBe(true);
      }
    }
  });

  it('declares the audit record contract as columns', () => {
    const columns = tableInput().StorageDescriptor.Columns.map(({ Name, Type }) => `${Name} ${Type}`);
    expect(columns).toEqual([
      'recorded_at string',
      'incident_id string',
      'rule_id string',
      'rule_version int',
      'node string',
      'title string',
      'severity string',
      'first_event_at string',
      'last_event_at string',
      'resolved_at string',
      'time_to_resolve_seconds bigint',
      'evidence array<struct<event_id:int,record_id:bigint,computer:string,channel:string,provider:string,time:string,message:string,format:string,object_key:string,line:int,byte_offset:bigint,raw:string>>',
      'notification struct<kind:string,topic_arn:string,message_id:string,subject:string,sent_at:string>',
      'historical boolean',
      'muted struct<reason:string,until:string>',
    ]);
  });
});

describe('audit workgroup', () => {
  it('enforces its configuration, caps bytes scanned at 1 GB and encrypts results with the audit key', () => {
    const resultsBucket = logicalIdOf(template, 'AWS::S3::Bucket', 'AuditQueryResults');
    const auditKey = logicalIdOf(template, 'AWS::KMS::Key', 'AuditKey');
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      Name: 'Test-audit',
      WorkGroupConfiguration: {
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: 1_000_000_000,
        ResultConfiguration: {
          OutputLocation: { 'Fn::Join': ['', ['s3://', { Ref: resultsBucket }, '/results/']] },
          EncryptionConfiguration: {
            EncryptionOption: 'SSE_KMS',
            KmsKey: { 'Fn::GetAtt': [auditKey, 'Arn'] },
          },
        },
      },
    });
  });

  it('saves the five operator queries in the workgroup against the audit table', () => {
    const queries = Object.values(template.findResources('AWS::Athena::NamedQuery')).map(
      (resource) => resource.Properties,
    );
    expect(queries.map((query) => query.Name).sort()).toEqual([
      'evidence-of-incident',
      'incidents-for-node',
      'incidents-in-time-range-by-node',
      'nodes-with-repeated-incidents',
      'open-incidents',
    ]);
    const workGroup = logicalIdOf(template, 'AWS::Athena::WorkGroup', 'AuditQuery');
    for (const query of queries) {
      expect(query.WorkGroup).toEqual({ Ref: workGroup });
      expect(query.Database).toBe('test_audit');
      expect(query.QueryString).toContain('"test_audit"."audit_records"');
    }
  });

  it('finds open incidents as opened ones with no resolution after their last evidence, with their age', () => {
    const open = Object.values(template.findResources('AWS::Athena::NamedQuery')).find(
      (resource) => resource.Properties.Name === 'open-incidents',
    );
    expect(open?.Properties.QueryString).toMatch(/kind = 'incident-resolved'/);
    expect(open?.Properties.QueryString).toMatch(
      /resolved_recorded_at IS NULL OR resolved_recorded_at < evidence_recorded_at/,
    );
    expect(open?.Properties.QueryString).toMatch(/date_diff\('second'/);
  });

  it('compares node names in any letter case, as the pipeline does', () => {
    const forNode = Object.values(template.findResources('AWS::Athena::NamedQuery')).find(
      (resource) => resource.Properties.Name === 'incidents-for-node',
    );
    expect(forNode?.Properties.QueryString).toMatch(/lower\(node\) = lower\(\?\)/);
  });

  it('takes the scan cutoff from props', () => {
    const { template: custom } = synthStack({ bytesScannedCutoffPerQuery: 50_000_000 });
    custom.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: { BytesScannedCutoffPerQuery: 50_000_000 },
    });
  });
});
