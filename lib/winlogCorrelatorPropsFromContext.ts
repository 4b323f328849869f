import { Duration } from 'aws-cdk-lib';
import type { Node } from 'constructs';
import { INGEST_SETTING_KEYS, pickIngestSettings } from '../domain/settings/ingestSettings';
import { StackConfigError } from './StackConfigError';
import type { WinlogCorrelatorStackProps } from './WinlogCorrelatorStack';

/**
 * Stack props from CDK context (`cdk.json` or `-c key=value`). Numbers may be given as strings, since
 * `-c` passes text; flags as true or "true". The list keys (alertEmails, alertPhoneNumbers, opsEmails,
 * shipperPrincipals, cloudWatchLogGroups) are read by the stack
 * itself. Unset keys stay undefined so the stack's documented defaults apply.
 */
export function winlogCorrelatorPropsFromContext(node: Node): WinlogCorrelatorStackProps {
  const text = (key: string): string | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string')
      throw new StackConfigError(`Context '${key}' must be a string, got ${JSON.stringify(value)}`);
    return value;
  };
  const number = (key: string): number | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null) return undefined;
    const parsed = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof parsed !== 'number' || !Number.isFinite(parsed)) {
      throw new StackConfigError(`Context '${key}' must be a number, got ${JSON.stringify(value)}`);
    }
    return parsed;
  };
  const flag = (key: string): boolean | undefined => {
    const value: unknown = node.tryGetContext(key);
    if (value === undefined || value === null) return undefined;
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    throw new StackConfigError(`Context '${key}' must be true or false, got ${JSON.stringify(value)}`);
  };
  const timeoutSeconds = number('functionTimeoutSeconds');
  return {
    existingRawBucketName: text('existingRawBucketName'),
    existingRawBucketKeyArn: text('existingRawBucketKeyArn'),
    rawKeyPrefix: text('rawKeyPrefix'),
    quarantinePrefix: text('quarantinePrefix'),
    rawTransitionDays: number('rawTransitionDays'),
    rawExpirationDays: number('rawExpirationDays'),
    accessLogsExpirationDays: number('accessLogsExpirationDays'),
    auditPrefix: text('auditPrefix'),
    auditTransitionDays: number('auditTransitionDays'),
    auditObjectLockRetentionDays: number('auditObjectLockRetentionDays'),
    auditDatabaseName: text('auditDatabaseName'),
    auditWorkGroupName: text('auditWorkGroupName'),
    bytesScannedCutoffPerQuery: number('bytesScannedCutoffPerQuery'),
    memorySize: number('memorySize'),
    functionTimeout: timeoutSeconds === undefined ? undefined : Duration.seconds(timeoutSeconds),
    reservedConcurrentExecutions: number('reservedConcurrentExecutions'),
    batchSize: number('batchSize'),
    maxReceiveCount: number('maxReceiveCount'),
    // Checked by the settings model, which names a wrong value by its context key.
    ...pickIngestSettings(
      Object.fromEntries(INGEST_SETTING_KEYS.map((key) => [key, node.tryGetContext(key)])),
    ),
    silenceAlarmMinutes: number('silenceAlarmMinutes'),
    queueAgeAlarmMinutes: number('queueAgeAlarmMinutes'),
    silentAfter: text('silentAfter'),
    smsMinSeverity: text('smsMinSeverity') as WinlogCorrelatorStackProps['smsMinSeverity'],
    smsResolutions: flag('smsResolutions'),
  };
}
