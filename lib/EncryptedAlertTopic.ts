import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { StackConfigError } from './StackConfigError';

const E164 = /^\+[1-9]\d{1,14}$/;
const EMAIL = /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/;

export interface EncryptedAlertTopicProps {
  /** Human-readable topic name shown in e-mail and SMS. */
  readonly displayName: string;
  /**
   * E-mail addresses subscribed to the topic (each must confirm the subscription).
   * @default - none
   */
  readonly emails?: readonly string[];
  /**
   * Phone numbers in E.164 form (`+4915112345678`) subscribed for SMS.
   * @default - none
   */
  readonly phoneNumbers?: readonly string[];
  /**
   * Let CloudWatch alarms in this account publish (adds cloudwatch.amazonaws.com to the key policy).
   * @default false
   */
  readonly allowCloudWatchAlarms?: boolean;
  /**
   * Filter policy on the SMS subscriptions (on message attributes), so phones get only what matters.
   * @default - every message
   */
  readonly smsFilterPolicy?: { [attribute: string]: sns.SubscriptionFilter };
}

/**
 * An SNS topic encrypted with its own customer managed KMS key (rotation on), TLS-only publishing, and
 * validated e-mail and SMS subscriptions. The key policy names no application principal: publishers
 * get key use only through `grantPublish`, i.e. IAM grants in the same account.
 */
export class EncryptedAlertTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptedAlertTopicProps) {
    super(scope, id);
    const emails = props.emails ?? [];
    const phoneNumbers = props.phoneNumbers ?? [];
    for (const email of emails) {
      if (!EMAIL.test(email))
        throw new StackConfigError(`${this.node.path}: '${email}' is not an e-mail address`);
    }
    for (const phoneNumber of phoneNumbers) {
      if (!E164.test(phoneNumber)) {
        throw new StackConfigError(
          `${this.node.path}: '${phoneNumber}' is not an E.164 phone number (a '+', the country code, then at most 15 digits)`,
        );
      }
    }

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${props.displayName} SNS topic`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    if (props.allowCloudWatchAlarms === true) {
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
          resources: ['*'],
        }),
      );
    }
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: this.key,
      enforceSSL: true,
    });
    for (const email of new Set(emails)) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    for (const phoneNumber of new Set(phoneNumbers)) {
      this.topic.addSubscription(
        new subscriptions.SmsSubscription(
          phoneNumber,
          props.smsFilterPolicy === undefined ? {} : { filterPolicy: props.smsFilterPolicy },
        ),
      );
    }
  }

  /**
   * sns:Publish on this topic and the two key actions SNS performs with the publisher's credentials
   * (kms:GenerateDataKey, kms:Decrypt) on this topic's key. Spelled out instead of `topic.grantPublish`,
   * which grants kms:GenerateDataKey*.
   */
  grantPublish(grantee: iam.IGrantable): iam.Grant {
    this.key.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['sns:Publish'],
      resourceArns: [this.topic.topicArn],
    });
  }
}
