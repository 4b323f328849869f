import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as glue from 'aws-cdk-lib/aws-glue';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { auditNamedQueries } from './auditNamedQueries';
import { auditRecordColumns } from './auditRecordColumns';
import { auditRecordKinds } from './auditRecordKinds';
import { requireWholeNumber } from './requireWholeNumber';
import { SecureBucket } from './SecureBucket';
import { StackConfigError } from './StackConfigError';

export const AUDIT_TABLE_NAME = 'audit_records';
const ONE_GB = 1_000_000_000;
/** Athena's lower limit for a per-query scan cutoff (10 MB). */
const MIN_BYTES_SCANNED_CUTOFF = 10_000_000;

export interface AuditQueryProps {
  readonly auditBucket: s3.IBucket;
  readonly auditPrefix: string;
  /** Key for query results (the audit key: results repeat audit content). */
  readonly resultsKey: kms.IKey;
  readonly accessLogsBucket: s3.IBucket;
  /**
   * Glue database name (lowercase letters, digits, underscores).
   * @default - the stack name in snake case, plus `_audit`
   */
  readonly databaseName?: string;
  /**
   * Athena workgroup name.
   * @default - `<stack name>-audit`
   */
  readonly workGroupName?: string;
  /**
   * Queries scanning more than this many bytes are cancelled (Athena minimum 10 MB).
   * @default 1_000_000_000 (1 GB)
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * Days to keep Athena query results.
   * @default 30
   */
  readonly resultsExpirationDays?: number;
}

/**
 * Athena over the audit trail: a Glue table with partition projection on `dt` (date) and `kind`
 * (enum, the record kind folder under each day; no crawler, no partition maintenance), an enforced workgroup writing SSE-KMS results to its own bucket, and the
 * saved queries operators start from.
 */
export class AuditQuery extends Construct {
  readonly database: glue.CfnDatabase;
  readonly table: glue.CfnTable;
  readonly workGroup: athena.CfnWorkGroup;
  readonly resultsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AuditQueryProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    const databaseName = props.databaseName ?? `${stackName.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_audit`;
    if (!/^[a-z0-9_]{1,255}$/.test(databaseName)) {
      throw new StackConfigError(
        `auditDatabaseName must be lowercase letters, digits and underscores, got '${databaseName}'`,
      );
    }
    const workGroupName = props.workGroupName ?? `${stackName}-audit`;
    if (!/^[a-zA-Z0-9._-]{1,128}$/.test(workGroupName)) {
      throw new StackConfigError(
        `auditWorkGroupName must match [a-zA-Z0-9._-]{1,128}, got '${workGroupName}'`,
      );
    }
    const cutoff = requireWholeNumber(
      'bytesScannedCutoffPerQuery',
      props.bytesScannedCutoffPerQuery ?? ONE_GB,
      MIN_BYTES_SCANNED_CUTOFF,
    );
    const resultsExpirationDays = requireWholeNumber(
      'athenaResultsExpirationDays',
      props.resultsExpirationDays ?? 30,
      1,
    );

    this.database = new glue.CfnDatabase(this, 'Database', {
      catalogId: Aws.ACCOUNT_ID,
      databaseInput: { name: databaseName, description: 'winlog-correlator audit trail' },
    });

    const location = `s3://${props.auditBucket.bucketName}/${props.auditPrefix}`;
    this.table = new glue.CfnTable(this, 'AuditRecords', {
      catalogId: Aws.ACCOUNT_ID,
      databaseName,
      tableInput: {
        name: AUDIT_TABLE_NAME,
        description: 'Audit records of incidents (JSON lines), one partition per UTC day',
        tableType: 'EXTERNAL_TABLE',
        parameters: {
          classification: 'json',
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.dt.type': 'date',
          'projection.dt.format': 'yyyy-MM-dd',
          'projection.dt.range': '2020-01-01,NOW',
          'projection.dt.interval': '1',
          'projection.dt.interval.unit': 'DAYS',
          'projection.kind.type': 'enum',
          'projection.kind.values': auditRecordKinds.join(','),
          'storage.location.template': `${location}dt=\${dt}/\${kind}/`,
        },
        partitionKeys: [
          { name: 'dt', type: 'string', comment: 'UTC day the record was written, yyyy-MM-dd' },
          {
            name: 'kind',
            type: 'string',
            comment: `the record kind, from its folder: ${auditRecordKinds.join(' | ')}`,
          },
        ],
        storageDescriptor: {
          location,
          inputFormat: 'org.apache.hadoop.mapred.TextInputFormat',
          outputFormat: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          serdeInfo: {
            serializationLibrary: 'org.openx.data.jsonserde.JsonSerDe',
            parameters: { 'serialization.format': '1' },
          },
          columns: auditRecordColumns,
        },
      },
    });
    this.table.addResourceDependency(this.database);

    this.resultsBucket = new SecureBucket(this, 'Results', {
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'athena-results-bucket/',
      encryptionKey: props.resultsKey,
      versioned: false,
      lifecycleRules: [
        {
          id: 'expire-query-results',
          expiration: Duration.days(resultsExpirationDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    }).bucket;

    this.workGroup = new athena.CfnWorkGroup(this, 'WorkGroup', {
      name: workGroupName,
      description: 'Queries over the winlog-correlator audit trail',
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${this.resultsBucket.bucketName}/results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.resultsKey.keyArn },
        },
      },
    });

    for (const query of auditNamedQueries(`"${databaseName}"."${AUDIT_TABLE_NAME}"`)) {
      const namedQuery = new athena.CfnNamedQuery(this, query.id, {
        name: query.name,
        description: query.description,
        database: databaseName,
        workGroup: this.workGroup.ref,
        queryString: query.sql,
      });
      namedQuery.addResourceDependency(this.table);
    }
  }
}
