import { Duration } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import { Construct } from 'constructs';
import { DEFAULT_SILENT_AFTER } from '../app/silence/SilenceConfig';
import { parseDuration } from '../domain/rules/parseDuration';
import { addWinlogFunction } from './addWinlogFunction';
import type { EncryptedAlertTopic } from './EncryptedAlertTopic';
import { StackConfigError } from './StackConfigError';

export interface SilenceCheckProps {
  /** The state table holding the node heartbeats; announced silences are kept beside them. */
  readonly stateTable: dynamodb.ITable;
  readonly opsTopic: EncryptedAlertTopic;
  /**
   * A node with no event seen for longer than this is announced silent, e.g. '24h'.
   * @default '24h'
   */
  readonly silentAfter?: string;
  /**
   * How often the check runs.
   * @default Duration.minutes(15)
   */
  readonly every?: Duration;
}

/**
 * A function run every 15 minutes by an EventBridge rule that tells the operations topic when a node
 * falls silent and when it speaks again (`domain/fleet/checkSilence.ts`). It may scan the state table
 * and put and delete items in it, and publish to the operations topic: nothing more.
 */
export class SilenceCheck extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly rule: events.Rule;

  constructor(scope: Construct, id: string, props: SilenceCheckProps) {
    super(scope, id);
    const silentAfter = props.silentAfter ?? DEFAULT_SILENT_AFTER;
    const silentAfterMs = parseDuration(silentAfter);
    if (silentAfterMs === undefined || silentAfterMs < 60_000) {
      throw new StackConfigError(
        `silentAfter must be a duration of at least a minute such as '24h', got '${silentAfter}'`,
      );
    }
    ({ function: this.function, role: this.role } = addWinlogFunction(this, {
      handler: 'silence/handler.ts',
      description: 'Tells the operations topic when a Windows node falls silent and when it speaks again',
      roleDescription: 'winlog-correlator silence check',
      memorySize: 256,
      timeout: Duration.minutes(2),
      // One run at a time, so two runs cannot announce the same silence.
      reservedConcurrentExecutions: 1,
      environment: {
        STATE_TABLE_NAME: props.stateTable.tableName,
        OPS_TOPIC_ARN: props.opsTopic.topic.topicArn,
        SILENT_AFTER: silentAfter,
      },
    }));
    props.stateTable.grant(
      this.role,
      'dynamodb:Scan',
      'dynamodb:PutItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
    );
    props.opsTopic.grantPublish(this.role);
    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Runs the winlog-correlator silence check',
      schedule: events.Schedule.rate(props.every ?? Duration.minutes(15)),
      targets: [new targets.LambdaFunction(this.function, { retryAttempts: 0 })],
    });
  }
}
