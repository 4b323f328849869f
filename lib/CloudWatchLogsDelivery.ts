import { Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { RawLogStore } from './RawLogStore';
import { StackConfigError } from './StackConfigError';

const LOG_GROUP_NAME = /^[\w\-/.#]{1,512}$/;

export interface CloudWatchLogsDeliveryProps {
  readonly rawLogStore: RawLogStore;
  /** Log groups (in this account and region) the CloudWatch agent writes Windows events to. */
  readonly logGroupNames: readonly string[];
}

/**
 * The AWS-native path: a subscription filter on each named log group into a Firehose stream that
 * writes the batches under `<rawKeyPrefix>cloudwatch-logs/` as CloudWatch Logs delivers them (gzip
 * members back to back, which the reader reads), and its failures under the quarantine prefix, where
 * they trigger nothing. Firehose buffers up to 64 MB or 5 minutes, so objects are megabytes.
 */
export class CloudWatchLogsDelivery extends Construct {
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly objectPrefix: string;

  constructor(scope: Construct, id: string, props: CloudWatchLogsDeliveryProps) {
    super(scope, id);
    const store = props.rawLogStore;
    if (props.logGroupNames.length === 0)
      throw new StackConfigError('cloudWatchLogGroups must name at least one log group');
    for (const name of props.logGroupNames) {
      if (!LOG_GROUP_NAME.test(name))
        throw new StackConfigError(`cloudWatchLogGroups: '${name}' is not a log group name`);
    }
    this.objectPrefix = `${store.rawKeyPrefix}cloudwatch-logs/`;
    const errorPrefix = `${store.quarantinePrefix}firehose-errors/`;

    const errorLogs = new logs.LogGroup(this, 'DeliveryLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const errorStream = errorLogs.addStream('S3Delivery');

    const deliveryRole = new iam.Role(this, 'DeliveryRole', {
      assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': Aws.ACCOUNT_ID } },
      }),
      description: 'Firehose writes CloudWatch Logs batches under the raw prefix',
    });
    const objectPatterns = [`${this.objectPrefix}*`, `${errorPrefix}*`];
    deliveryRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: objectPatterns.map((pattern) => store.bucket.arnForObjects(pattern)),
      }),
    );
    deliveryRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
        resources: [store.bucket.bucketArn],
      }),
    );
    const keyArn = store.encryptionKeyArn;
    if (keyArn !== undefined) {
      deliveryRole.addToPrincipalPolicy(
        new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [keyArn] }),
      );
    }
    errorLogs.grantWrite(deliveryRole);
    Validations.of(deliveryRole).acknowledge(
      ...objectPatterns.map((pattern) => ({
        id: `AwsSolutions-IAM5[Resource::${store.nagObjectArn(pattern)}]`,
        reason:
          'Firehose names its objects by time and stream; the grant is object writes under its own prefix and the error prefix only.',
      })),
    );

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'Stream', {
      deliveryStreamType: 'DirectPut',
      deliveryStreamEncryptionConfigurationInput: { keyType: 'AWS_OWNED_CMK' },
      extendedS3DestinationConfiguration: {
        bucketArn: store.bucket.bucketArn,
        roleArn: deliveryRole.roleArn,
        prefix: `${this.objectPrefix}!{timestamp:yyyy/MM/dd/HH}/`,
        errorOutputPrefix: `${errorPrefix}!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
        // The records are already gzip (CloudWatch Logs compresses each batch); compressing again would
        // store gzip inside gzip for no gain.
        compressionFormat: 'UNCOMPRESSED',
        bufferingHints: { intervalInSeconds: 300, sizeInMBs: 64 },
        cloudWatchLoggingOptions: {
          enabled: true,
          logGroupName: errorLogs.logGroupName,
          logStreamName: errorStream.logStreamName,
        },
        ...(keyArn === undefined
          ? {}
          : { encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: keyArn } } }),
      },
    });
    this.deliveryStream.node.addDependency(deliveryRole);

    const subscriptionRole = new iam.Role(this, 'SubscriptionRole', {
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', {
        conditions: {
          StringLike: {
            'aws:SourceArn': `arn:${Aws.PARTITION}:logs:${Stack.of(this).region}:${Aws.ACCOUNT_ID}:*`,
          },
        },
      }),
      description: 'CloudWatch Logs puts subscription batches into the raw-log Firehose stream',
    });
    subscriptionRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        resources: [this.deliveryStream.attrArn],
      }),
    );
    props.logGroupNames.forEach((logGroupName, index) => {
      const filter = new logs.CfnSubscriptionFilter(this, `Subscription${index}`, {
        logGroupName,
        filterPattern: '',
        destinationArn: this.deliveryStream.attrArn,
        roleArn: subscriptionRole.roleArn,
      });
      filter.node.addDependency(subscriptionRole);
    });
  }
}
