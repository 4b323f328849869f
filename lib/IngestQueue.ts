import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { requireWholeNumber } from './requireWholeNumber';

export interface IngestQueueProps {
  /** Visibility timeout of the ingest queue; AWS recommends 6 × the consuming function's timeout. */
  readonly visibilityTimeout: Duration;
  /**
   * Receives before a message moves to the dead-letter queue.
   * @default 5
   */
  readonly maxReceiveCount?: number;
}

/**
 * The queue between S3 ObjectCreated events and the ingest function, with its dead-letter queue.
 * Both use SSE-SQS: S3 event notifications cannot be delivered to a queue encrypted with the
 * AWS-managed aws/sqs key, and the messages hold only bucket, key and size, never log content.
 */
export class IngestQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: IngestQueueProps) {
    super(scope, id);
    const maxReceiveCount = requireWholeNumber('maxReceiveCount', props.maxReceiveCount ?? 5, 1, 1000);
    const visibilitySeconds = props.visibilityTimeout.toSeconds();
    requireWholeNumber('ingest queue visibility timeout (seconds)', visibilitySeconds, 0, 43_200);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
