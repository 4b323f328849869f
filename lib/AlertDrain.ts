import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import type { AuditStore } from './AuditStore';
import { addWinlogFunction } from './addWinlogFunction';
import type { EncryptedAlertTopic } from './EncryptedAlertTopic';
import type { IngestFunction } from './IngestFunction';

export interface AlertDrainProps {
  /** The drain runs with the ingest function's settings and rules. */
  readonly ingestFunction: IngestFunction;
  readonly stateTable: dynamodb.ITable;
  readonly auditStore: AuditStore;
  readonly incidentTopic: EncryptedAlertTopic;
}

/**
 * Every minute, alerts that a crashed ingest invocation claimed but never sent are published once
 * their lease has run out, without waiting for new input from that node (`domain/ingest/
 * drainPendingAlerts.ts`). It may read and write the state table, put audit records and publish to
 * the incident topic: nothing more. One run at a time.
 */
export class AlertDrain extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: AlertDrainProps) {
    super(scope, id);
    const drain = addWinlogFunction(this, {
      handler: 'drain/handler.ts',
      description: 'Publishes alerts that a failed ingest invocation claimed but never sent',
      roleDescription: 'winlog-correlator drain of alerts left by failed invocations',
      memorySize: 256,
      timeout: Duration.minutes(1),
      reservedConcurrentExecutions: 1,
      environment: props.ingestFunction.environment,
      withRules: true,
    });
    this.function = drain.function;
    props.stateTable.grantReadWriteData(drain.role);
    props.auditStore.grantPutAuditRecords(drain.role);
    props.incidentTopic.grantPublish(drain.role);
    new events.Rule(this, 'Schedule', {
      description: 'Drains alerts left in correlation outboxes by failed invocations',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(drain.function, { retryAttempts: 0 })],
    });
  }
}
