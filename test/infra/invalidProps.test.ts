import { Duration } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { WinlogError } from '../../domain/errors/WinlogError';
import { WinlogCorrelatorStack, type WinlogCorrelatorStackProps } from '../../lib/WinlogCorrelatorStack';
import { createTestApp, removeTestOutdirs } from './createTestApp';

afterAll(removeTestOutdirs);

function build(props: WinlogCorrelatorStackProps, context: Record<string, unknown> = {}): () => void {
  return () => new WinlogCorrelatorStack(createTestApp(context), 'Test', props);
}

describe('invalid configuration is rejected at synth', () => {
  it('rejects a phone number that is not E.164', () => {
    expect(build({ alertPhoneNumbers: ['0151 1234567'] })).toThrow(
      /'0151 1234567' is not an E\.164 phone number/,
    );
  });

  it('rejects a bad phone number coming from context', () => {
    expect(build({}, { alertPhoneNumbers: '+4915112345678,+0123' })).toThrow(/'\+0123' is not an E\.164/);
  });

  it('rejects an e-mail address without a domain', () => {
    expect(build({ opsEmails: ['ops'] })).toThrow(/'ops' is not an e-mail address/);
  });

  it('rejects context lists that are neither strings nor string arrays', () => {
    expect(build({}, { alertEmails: 42 })).toThrow(/Context 'alertEmails' must be a string array/);
  });

  it('rejects a raw expiry that is not after the transition', () => {
    expect(build({ rawTransitionDays: 60, rawExpirationDays: 60 })).toThrow(
      /rawExpirationDays \(60\) must be greater than rawTransitionDays \(60\)/,
    );
  });

  it('rejects a transition to Standard-IA earlier than S3 allows', () => {
    expect(build({ rawTransitionDays: 7 })).toThrow(/rawTransitionDays must be a whole number between 30/);
  });

  it('rejects an empty raw prefix, which would let quarantined objects trigger ingestion', () => {
    expect(build({ rawKeyPrefix: '' })).toThrow(/rawKeyPrefix must be a non-empty key prefix/);
  });

  it('rejects a quarantine prefix inside the raw prefix', () => {
    expect(build({ rawKeyPrefix: 'logs/', quarantinePrefix: 'logs/quarantine/' })).toThrow(
      /quarantinePrefix 'logs\/quarantine\/' overlaps rawKeyPrefix 'logs\/'/,
    );
  });

  it('rejects a raw prefix inside the quarantine prefix', () => {
    expect(build({ rawKeyPrefix: 'q/raw/', quarantinePrefix: 'q/' })).toThrow(/overlaps rawKeyPrefix/);
  });

  it('rejects lifecycle settings for an existing raw bucket', () => {
    expect(build({ existingRawBucketName: 'corp-logs', rawExpirationDays: 90 })).toThrow(
      /cannot be combined with existingRawBucketName/,
    );
  });

  it('rejects an existing-bucket key without an existing bucket', () => {
    expect(
      build({
        existingRawBucketKeyArn:
          'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      }),
    ).toThrow(/only valid together with existingRawBucketName/);
  });

  it('raises user errors with a code: stack settings and ingest settings alike', () => {
    expect(build({ rawKeyPrefix: '' })).toThrow(expect.objectContaining({ code: 'STACK_CONFIG_INVALID' }));
    expect(build({ maxClockSkew: '8d' })).toThrow(expect.objectContaining({ code: 'SETTINGS_INVALID' }));
    expect(build({ maxClockSkew: '8d' })).toThrow(WinlogError);
  });

  it('rejects a correlation window that is not a duration', () => {
    expect(build({ correlationWindow: 'an hour' })).toThrow(/correlationWindow: 'an hour' is not a duration/);
  });

  it('rejects an unknown time zone', () => {
    expect(build({ timeZone: 'Mars/Olympus' })).toThrow(/timeZone: 'Mars\/Olympus' is not an IANA time zone/);
  });

  it('rejects a function timeout above the Lambda maximum', () => {
    expect(build({ functionTimeout: Duration.minutes(16) })).toThrow(
      /timeout \(seconds\) must be a whole number/,
    );
  });

  it('rejects a batch size above 10', () => {
    expect(build({ batchSize: 11 })).toThrow(/batchSize must be a whole number between 1 and 10/);
  });

  it('rejects a zero receive count', () => {
    expect(build({ maxReceiveCount: 0 })).toThrow(/maxReceiveCount must be a whole number/);
  });

  it('rejects a record limit above the object limit', () => {
    expect(build({ maxObjectBytes: 1024, maxRecordBytes: 2048 })).toThrow(
      /maxRecordBytes: 2048 is more than the largest object read \(1024\)/,
    );
  });

  it('rejects a scan cutoff below the Athena minimum', () => {
    expect(build({ bytesScannedCutoffPerQuery: 1_000 })).toThrow(
      /bytesScannedCutoffPerQuery must be a whole number/,
    );
  });

  it('rejects a silence alarm longer than a day', () => {
    expect(build({ silenceAlarmMinutes: 1441 })).toThrow(
      /silenceAlarmMinutes must be a whole number between 1 and 1440/,
    );
  });

  it('rejects a zero-day Object Lock retention', () => {
    expect(build({ auditObjectLockRetentionDays: 0 })).toThrow(
      /auditObjectLockRetentionDays must be a whole number/,
    );
  });
});
