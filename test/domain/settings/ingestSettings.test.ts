import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ALLOWED_LATENESS,
  DEFAULT_MAX_CLOCK_SKEW,
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_MAX_RECORD_BYTES,
  DEFAULT_MAX_STATE_BYTES,
  DEFAULT_PUBLISH_LEASE,
  DEFAULT_TIME_ZONE,
} from '../../../domain/defaults';
import {
  fromEnvironment,
  INGEST_SETTING_KEYS,
  INGEST_SETTING_NAMES,
  parseIngestSettings,
  pickIngestSettings,
  toEnvironment,
} from '../../../domain/settings/ingestSettings';
import { SettingsError } from '../../../domain/settings/SettingsError';

function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof SettingsError) return error.problems;
    throw error;
  }
  throw new Error('expected a SettingsError');
}

describe('the ingest settings model', () => {
  it('fills in every default from domain/defaults.ts', () => {
    const settings = parseIngestSettings({}, 'flag');
    expect(settings.correlationWindow).toBeUndefined();
    expect(settings.allowedLateness.text).toBe(DEFAULT_ALLOWED_LATENESS);
    expect(settings.maxClockSkew.text).toBe(DEFAULT_MAX_CLOCK_SKEW);
    expect(settings.publishLease.text).toBe(DEFAULT_PUBLISH_LEASE);
    expect(settings).toMatchObject({
      maxStateBytes: DEFAULT_MAX_STATE_BYTES,
      maxObjectBytes: DEFAULT_MAX_OBJECT_BYTES,
      maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
      timeZone: DEFAULT_TIME_ZONE,
    });
  });

  it('reads durations once, keeping the text as written and its milliseconds', () => {
    const settings = parseIngestSettings({ correlationWindow: '1h30m', allowedLateness: ' 2h ' }, 'context');
    expect(settings.correlationWindow).toEqual({ text: '1h30m', ms: 90 * 60_000 });
    expect(settings.allowedLateness).toEqual({ text: '2h', ms: 2 * 3_600_000 });
  });

  it('accepts byte counts as numbers or numeric text, as CDK context and flags give them', () => {
    expect(parseIngestSettings({ maxStateBytes: '2097152' }, 'flag').maxStateBytes).toBe(2 * 1024 ** 2);
    expect(parseIngestSettings({ maxStateBytes: 2 * 1024 ** 2 }, 'context').maxStateBytes).toBe(
      2 * 1024 ** 2,
    );
  });

  it('names every problem at once, the way the door that received it names the setting', () => {
    const wrong = { correlationWindow: 'an hour', maxObjectBytes: '8GB', timeZone: 'Mars/Olympus' };
    expect(problemsOf(() => parseIngestSettings(wrong, 'flag'))).toEqual([
      "--window: 'an hour' is not a duration such as 90s, 60m, 1h30m or 24h",
      "--max-object-bytes: '8GB' is not a whole number of bytes",
      "--timezone: 'Mars/Olympus' is not an IANA time zone such as 'UTC' or 'Europe/Berlin'",
    ]);
    expect(problemsOf(() => parseIngestSettings(wrong, 'context'))[0]).toMatch(/^correlationWindow: /);
    expect(
      problemsOf(() => fromEnvironment({ CORRELATION_WINDOW: 'an hour', MAX_OBJECT_BYTES: '8GB' })),
    ).toEqual([expect.stringMatching(/^CORRELATION_WINDOW: /), expect.stringMatching(/^MAX_OBJECT_BYTES: /)]);
  });

  it.each([
    ['correlationWindow', '8d', /longer than the most allowed, 7d/],
    ['allowedLateness', '31d', /longer than the most allowed, 30d/],
    ['maxClockSkew', '0s', /not a duration/],
    ['publishLease', '16m', /longer than the most allowed, 15m/],
    ['maxStateBytes', '1048575', /at least 1048576/],
    ['maxRecordBytes', '0', /whole number/],
    ['maxObjectBytes', '1.5', /whole number/],
    ['maxObjectBytes', String(2 ** 60), /whole number/],
  ] as const)('refuses %s = %s at and past its edge', (key, value, problem) => {
    expect(problemsOf(() => parseIngestSettings({ [key]: value }, 'context'))[0]).toMatch(problem);
  });

  it('accepts each bound itself', () => {
    const settings = parseIngestSettings(
      { correlationWindow: '7d', allowedLateness: '30d', publishLease: '15m', maxStateBytes: 1024 ** 2 },
      'context',
    );
    expect(settings.correlationWindow?.ms).toBe(7 * 86_400_000);
  });

  it('refuses a record limit above the object limit', () => {
    expect(
      problemsOf(() => parseIngestSettings({ maxObjectBytes: 1024, maxRecordBytes: 2048 }, 'flag')),
    ).toEqual(['--max-record-bytes: 2048 is more than the largest object read (1024)']);
  });

  it('reads back from the environment exactly what it wrote there', () => {
    const duration = (max: number) =>
      fc.integer({ min: 1, max }).map((minutes) => `${Math.floor(minutes / 60)}h${minutes % 60}m`);
    fc.assert(
      fc.property(
        fc.record(
          {
            correlationWindow: duration(7 * 24 * 60),
            allowedLateness: duration(30 * 24 * 60),
            maxClockSkew: duration(7 * 24 * 60),
            publishLease: fc.integer({ min: 1, max: 900 }).map((s) => `${s}s`),
            maxStateBytes: fc.integer({ min: 1024 ** 2, max: 2 ** 40 }),
            maxObjectBytes: fc.integer({ min: 2 ** 20, max: 2 ** 40 }),
            maxRecordBytes: fc.integer({ min: 1, max: 2 ** 20 }),
            timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata'),
          },
          { requiredKeys: [] },
        ),
        (input) => {
          const settings = parseIngestSettings(input, 'context');
          expect(fromEnvironment(toEnvironment(settings))).toEqual(settings);
        },
      ),
    );
  });

  it('writes each setting under its own environment name, and none twice', () => {
    const names = INGEST_SETTING_KEYS.map((key) => INGEST_SETTING_NAMES[key].environment);
    expect(new Set(names).size).toBe(names.length);
    const environment = toEnvironment(parseIngestSettings({ correlationWindow: '2h' }, 'flag'));
    expect(Object.keys(environment).sort()).toEqual([...names].sort());
  });

  it("takes 'off' for pageWithin, and passes it on as written", () => {
    const settings = parseIngestSettings({ pageWithin: 'off' }, 'flag');
    expect(settings.pageWithin).toBe('off');
    expect(fromEnvironment(toEnvironment(settings)).pageWithin).toBe('off');
    expect(problemsOf(() => parseIngestSettings({ pageWithin: 'never' }, 'flag'))[0]).toMatch(
      /^--page-within: 'never' is not a duration .*, or 'off'$/,
    );
  });

  it('are all listed in the README, under the names each door uses', () => {
    const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    for (const key of INGEST_SETTING_KEYS) {
      const { environment, flag } = INGEST_SETTING_NAMES[key];
      expect(readme).toContain(`| \`${key}\` | \`${environment}\` | \`${flag}\` |`);
    }
  });

  it('picks only settings out of larger props, leaving out unset ones', () => {
    expect(pickIngestSettings({ memorySize: 2048, timeZone: 'UTC', maxClockSkew: undefined })).toEqual({
      timeZone: 'UTC',
    });
  });
});
