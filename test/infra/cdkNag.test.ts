import * as fs from 'node:fs';
import * as path from 'node:path';
import { type App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, describe, expect, it } from 'vitest';
import { WinlogCorrelatorStack, type WinlogCorrelatorStackProps } from '../../lib/WinlogCorrelatorStack';
import { createTestApp, removeTestOutdirs } from './createTestApp';

afterAll(removeTestOutdirs);

interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    violations: Array<{
      ruleName: string;
      severity: string;
      violatingConstructs: Array<{ constructPath: string }>;
    }>;
  }>;
}

/**
 * Synthesizes with the AwsSolutions pack and returns every unacknowledged finding, errors and warnings
 * alike, as `rule at path`. cdk-nag 3 reports through CDK policy validation: errors make `synth()` throw,
 * and every finding lands in validation-report.json in the cloud assembly, which is read either way.
 */
function awsSolutionsFindings(app: App): string[] {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  const reportFile = path.join(app.outdir, 'validation-report.json');
  try {
    app.synth();
  } catch (error) {
    if (!fs.existsSync(reportFile)) throw error;
  }
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as ValidationReport;
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((violation) =>
      violation.violatingConstructs.map(
        (construct) => `${violation.severity} ${violation.ruleName} at ${construct.constructPath}`,
      ),
    ),
  );
}

function stackFindings(props: WinlogCorrelatorStackProps, context: Record<string, unknown> = {}): string[] {
  const app = createTestApp(context);
  new WinlogCorrelatorStack(app, 'Test', props);
  return awsSolutionsFindings(app);
}

describe('cdk-nag AwsSolutions', () => {
  it('reports an unacknowledged finding (the check itself works)', () => {
    const app = createTestApp();
    const stack = new Stack(app, 'Bad');
    new sqs.Queue(stack, 'Unencrypted', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    expect(awsSolutionsFindings(app)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^error AwsSolutions-SQS2 at Bad\/Unencrypted/)]),
    );
  });

  it('finds nothing unacknowledged in the default stack with subscribers', () => {
    expect(
      stackFindings(
        { auditObjectLockRetentionDays: 365, reservedConcurrentExecutions: 10 },
        {
          alertEmails: 'oncall@example.com',
          alertPhoneNumbers: '+4915112345678',
          opsEmails: 'ops@example.com',
        },
      ),
    ).toEqual([]);
  });

  it('finds nothing unacknowledged with a shipper role and the CloudWatch Logs path', () => {
    expect(
      stackFindings({
        shipperPrincipals: ['111122223333', 'arn:aws:iam::444455556666:role/log-shipper'],
        cloudWatchLogGroups: ['/windows/system', '/windows/application'],
      }),
    ).toEqual([]);
  });

  it('finds nothing unacknowledged when ingesting from an existing SSE-KMS bucket', () => {
    expect(
      stackFindings({
        existingRawBucketName: 'corp-windows-logs',
        existingRawBucketKeyArn:
          'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
        rawKeyPrefix: 'winlogs/',
        shipperPrincipals: ['111122223333'],
        cloudWatchLogGroups: ['/windows/system'],
      }),
    ).toEqual([]);
  });
});
