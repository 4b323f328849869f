import { z } from 'zod';
import {
  DEFAULT_ALLOWED_LATENESS,
  DEFAULT_MAX_CLOCK_SKEW,
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_MAX_STATE_BYTES,
  DEFAULT_PAGE_WITHIN,
  DEFAULT_PUBLISH_LEASE,
  DEFAULT_TIME_ZONE,
  PAGE_WITHIN_OFF,
} from '../defaults';
import { isValidTimeZone } from '../formats/isValidTimeZone';
import { ONE_SHOT_PARSE } from '../oneShotParse';
import { checkDuration, type DurationSetting } from '../rules/parseDuration';
import { SettingsError } from './SettingsError';

/** A duration as the user wrote it (kept, so it is passed on unchanged) and what it means. */
export interface SettingDuration {
  readonly text: string;
  readonly ms: number;
}

const MIB = 1024 ** 2;

function duration(setting: DurationSetting) {
  return z.string().transform((text, context): SettingDuration => {
    const checked = checkDuration(setting, text);
    if (checked.ok) return { text: text.trim(), ms: checked.ms };
    context.addIssue({ code: 'custom', message: checked.problem });
    return z.NEVER;
  });
}

function byteCount(min: number) {
  return z.union([z.number(), z.string()]).transform((value, context): number => {
    const n = typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value);
    if (Number.isSafeInteger(n) && n >= min) return n;
    context.addIssue({
      code: 'custom',
      message: `'${value}' is not a whole number of bytes${min > 1 ? ` of at least ${min}` : ''}`,
    });
    return z.NEVER;
  });
}

/** A duration, or 'off' for a check that is turned off. */
function durationOrOff(setting: DurationSetting) {
  return z.string().transform((text, context): SettingDuration | typeof PAGE_WITHIN_OFF => {
    if (text.trim() === PAGE_WITHIN_OFF) return PAGE_WITHIN_OFF;
    const checked = checkDuration(setting, text);
    if (checked.ok) return { text: text.trim(), ms: checked.ms };
    context.addIssue({ code: 'custom', message: `${checked.problem}, or '${PAGE_WITHIN_OFF}'` });
    return z.NEVER;
  });
}

const timeZone = z.string().transform((zone, context): string => {
  if (isValidTimeZone(zone.trim())) return zone.trim();
  context.addIssue({
    code: 'custom',
    message: `'${zone}' is not an IANA time zone such as 'UTC' or 'Europe/Berlin'`,
  });
  return z.NEVER;
});

/**
 * The ingest settings: choices, not resources, shared by `scan`, `local`, the CDK stack and the Lambda
 * handlers. Defaults live here (from `domain/defaults.ts`) and nowhere else; each value is checked once.
 */
const ingestSettingsSchema = z
  .object({
    /** Overrides every rule's own correlation window (KB819865: 60m). */
    correlationWindow: duration('window').optional(),
    /** How late an event may arrive and still be correlated. */
    allowedLateness: duration('lateness').prefault(DEFAULT_ALLOWED_LATENESS),
    /** Events dated further ahead of the processing clock are rejected as future-time. */
    maxClockSkew: duration('clockSkew').prefault(DEFAULT_MAX_CLOCK_SKEW),
    /** How long a claim protects an alert being published; a dead sender's alert goes out after it. */
    publishLease: duration('publishLease').prefault(DEFAULT_PUBLISH_LEASE),
    /** Memory the correlation state may take before the oldest pending matches are dropped. */
    maxStateBytes: byteCount(MIB).prefault(DEFAULT_MAX_STATE_BYTES),
    /** Objects larger than this (decompressed) are quarantined unread. */
    maxObjectBytes: byteCount(1).prefault(DEFAULT_MAX_OBJECT_BYTES),
    /** Records longer than this are rejected. */
    maxRecordBytes: byteCount(1).prefault(DEFAULT_MAX_RECORD_BYTES),
    /** IANA zone of event times written without an offset (NXLog CE's EventTime). */
    timeZone: timeZone.prefault(DEFAULT_TIME_ZONE),
    /** An incident whose last evidence is older than this at detection is historical: audited, not paged. */
    pageWithin: durationOrOff('pageWithin').prefault(DEFAULT_PAGE_WITHIN),
  })
  .check((context) => {
    const { maxRecordBytes, maxObjectBytes } = context.value;
    if (maxRecordBytes > maxObjectBytes)
      context.issues.push({
        code: 'custom',
        input: maxRecordBytes,
        path: ['maxRecordBytes'],
        message: `${maxRecordBytes} is more than the largest object read (${maxObjectBytes})`,
      });
  });

export type IngestSettings = z.output<typeof ingestSettingsSchema>;
/** The settings as written: durations as text, byte counts as numbers or numeric text; all optional. */
export type IngestSettingsInput = z.input<typeof ingestSettingsSchema>;
export type IngestSettingKey = keyof IngestSettings;

/**
 * How each setting is named at each door. The key is also the CDK context key. These names are
 * contracts: the stack writes the environment the handlers read, and users type the flags.
 */
export const INGEST_SETTING_NAMES: Readonly<
  Record<IngestSettingKey, { readonly environment: string; readonly flag: string }>
> = {
  correlationWindow: { environment: 'CORRELATION_WINDOW', flag: '--window' },
  allowedLateness: { environment: 'ALLOWED_LATENESS', flag: '--lateness' },
  maxClockSkew: { environment: 'MAX_CLOCK_SKEW', flag: '--max-clock-skew' },
  publishLease: { environment: 'PUBLISH_LEASE', flag: '--publish-lease' },
  maxStateBytes: { environment: 'MAX_STATE_BYTES', flag: '--max-state-bytes' },
  maxObjectBytes: { environment: 'MAX_OBJECT_BYTES', flag: '--max-object-bytes' },
  maxRecordBytes: { environment: 'MAX_RECORD_BYTES', flag: '--max-record-bytes' },
  timeZone: { environment: 'TIME_ZONE', flag: '--timezone' },
  pageWithin: { environment: 'PAGE_WITHIN', flag: '--page-within' },
};

export const INGEST_SETTING_KEYS = Object.keys(INGEST_SETTING_NAMES) as IngestSettingKey[];

/** Which door the settings came through: problems are named the way that door's user wrote them. */
export type SettingsSource = 'context' | 'environment' | 'flag';

/** Checks settings as written and fills in the defaults; a `SettingsError` lists every problem. */
export function parseIngestSettings(input: IngestSettingsInput, source: SettingsSource): IngestSettings {
  const parsed = ingestSettingsSchema.safeParse(pickIngestSettings(input), ONE_SHOT_PARSE);
  if (parsed.success) return parsed.data;
  throw new SettingsError(
    parsed.error.issues.map((issue) => `${nameOf(String(issue.path[0] ?? ''), source)}: ${issue.message}`),
  );
}

/** The settings among other values (a stack's props, a context), without the unset ones. */
export function pickIngestSettings(source: object): IngestSettingsInput {
  const values = source as Readonly<Record<string, unknown>>;
  const picked: Record<string, unknown> = {};
  for (const key of INGEST_SETTING_KEYS) {
    if (values[key] !== undefined && values[key] !== null) picked[key] = values[key];
  }
  return picked as IngestSettingsInput;
}

function nameOf(key: string, source: SettingsSource): string {
  const names = INGEST_SETTING_NAMES[key as IngestSettingKey];
  if (!names) return key;
  return source === 'environment' ? names.environment : source === 'flag' ? names.flag : key;
}

/** The settings as environment variables, for the Lambda functions the stack and `local` create. */
export function toEnvironment(settings: IngestSettings): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const key of INGEST_SETTING_KEYS) {
    const value = settings[key];
    if (value === undefined) continue;
    environment[INGEST_SETTING_NAMES[key].environment] =
      typeof value === 'object' ? value.text : String(value);
  }
  return environment;
}

/** The settings from a function's environment (unset or empty variables take the defaults). */
export function fromEnvironment(environment: Readonly<Record<string, string | undefined>>): IngestSettings {
  const input: Record<string, string> = {};
  for (const key of INGEST_SETTING_KEYS) {
    const value = environment[INGEST_SETTING_NAMES[key].environment]?.trim();
    if (value) input[key] = value;
  }
  return parseIngestSettings(input, 'environment');
}
