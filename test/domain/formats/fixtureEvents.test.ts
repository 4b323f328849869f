import { describe, expect, it } from 'vitest';
import type { NormalisedEvent } from '../../../domain/event/NormalisedEvent';
import { mapJsonRecord } from '../../../domain/formats/detectJsonRecordFormat';
import { eventOf, MESSAGE_1036, MESSAGE_7031, PARAMS_7031, readJsonFixture, SOURCE } from './formatFixtures';

interface FixtureEvent {
  /** Under `test/fixtures/formats/`. */
  readonly fixture: string;
  /** The zone for zone-less times. @default 'UTC' */
  readonly timeZone?: string;
  /** Written by hand from the record, never from the code's output. */
  readonly expected: Partial<Record<keyof NormalisedEvent, unknown>>;
  /** The whole event, not only the fields given. */
  readonly exact?: boolean;
}

const BINARY_IISADMIN = '490049005300410044004D0049004E000000';

/**
 * What each shipper's fixture reads as, through the shape registry (detection, then the shape's
 * mapper). A new shape adds its fixtures here; its edge cases stay in its own test file.
 */
const FIXTURE_EVENTS: readonly FixtureEvent[] = [
  {
    fixture: 'ecs/7031-winlogbeat8.json',
    exact: true,
    expected: {
      node: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      recordId: 581234,
      time: '2024-03-14T02:17:45.123Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 123),
      level: 'error',
      message: MESSAGE_7031,
      data: { named: { ...PARAMS_7031, Binary: BINARY_IISADMIN }, positional: [] },
      format: 'ecs',
      source: SOURCE,
    },
  },
  {
    fixture: 'ecs/1036-winlogbeat8.json',
    expected: {
      node: 'EXCH01.corp.example.com',
      channel: 'Application',
      provider: 'IMAP4SVC',
      eventId: 1036,
      level: 'warning',
      message: MESSAGE_1036,
      data: { named: { param1: '1', param2: '0x800cc800' }, positional: [] },
    },
  },
  { fixture: 'ecs/7031-winlogbeat7-numeric-id.json', expected: { eventId: 7031, format: 'ecs' } },
  {
    fixture: 'ecs/7031-winlogbeat6-flat.json',
    expected: {
      node: 'EXCH01',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      recordId: 581234,
      time: '2024-03-14T02:17:45.000Z',
      level: 'error',
      message: MESSAGE_7031,
      data: { named: PARAMS_7031 },
    },
  },
  {
    fixture: 'ecs/1036-winlogbeat6-flat.json',
    expected: { eventId: 1036, provider: 'IMAP4SVC', level: 'warning', channel: 'Application' },
  },
  {
    fixture: 'fluentbit/7031-winevtlog.json',
    exact: true,
    expected: {
      node: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      recordId: 581234,
      time: '2024-03-14T02:17:45Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45),
      level: 'error',
      message: MESSAGE_7031,
      data: { named: {}, positional: [...Object.values(PARAMS_7031), BINARY_IISADMIN] },
      format: 'fluentbit',
      source: SOURCE,
    },
  },
  {
    fixture: 'fluentbit/1036-winevtlog.json',
    expected: {
      node: 'EXCH01.corp.example.com',
      provider: 'IMAP4SVC',
      eventId: 1036,
      time: '2024-03-14T02:17:52Z',
      level: 'warning',
      message: MESSAGE_1036,
      data: { positional: ['1', '0x800cc800'] },
    },
  },
  {
    fixture: 'fluentbit/1036-winlog.json',
    expected: {
      node: 'EXCH01',
      channel: 'Application',
      provider: 'IMAP4SVC',
      eventId: 1036,
      recordId: 2210457,
      time: '2024-03-14T02:17:52Z',
      level: 'warning',
      message: MESSAGE_1036,
      data: { positional: ['1', '0x800cc800'] },
    },
  },
  {
    // The legacy winlog input keeps the channel as configured.
    fixture: 'fluentbit/7031-winlog.json',
    expected: { channel: 'system', eventId: 7031, level: 'error', node: 'EXCH01' },
  },
  {
    // Get-WinEvent's zone-less TimeCreated, read in the configured zone.
    fixture: 'export-winevents/7031.json',
    timeZone: 'Europe/Berlin',
    exact: true,
    expected: {
      node: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      time: '2024-03-14T02:17:45.123Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 123),
      level: 'error',
      message: MESSAGE_7031,
      data: { named: PARAMS_7031, positional: [] },
      format: 'export-winevents',
      source: SOURCE,
    },
  },
  {
    // A TimeCreated in UTC, and the provider in Source.
    fixture: 'export-winevents/1036.json',
    timeZone: 'Europe/Berlin',
    expected: {
      provider: 'IMAP4SVC',
      eventId: 1036,
      time: '2024-03-14T02:17:52.555Z',
      level: 'warning',
      message: MESSAGE_1036,
      data: { named: {}, positional: [] },
    },
  },
  {
    fixture: 'kinesis/7031.json',
    exact: true,
    expected: {
      node: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      recordId: 581234,
      time: '2024-03-14T02:17:45.1234567Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 123),
      level: 'error',
      message: MESSAGE_7031,
      data: {
        named: {},
        positional: [
          'IIS Admin Service',
          '3',
          '1',
          '3',
          'Run the configured recovery program',
          'SQBJAFMAQQBEAE0ASQBOAAAA',
        ],
      },
      format: 'kinesis',
      source: SOURCE,
    },
  },
  {
    fixture: 'kinesis/1036.json',
    expected: {
      channel: 'Application',
      provider: 'IMAP4SVC',
      eventId: 1036,
      level: 'warning',
      message: MESSAGE_1036,
      data: { positional: ['1', '0x800cc800'] },
    },
  },
  {
    // NXLog Agent 6 writes its time with an offset: converted to UTC.
    fixture: 'nxlog/7031-agent6.json',
    exact: true,
    expected: {
      node: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      recordId: 581234,
      time: '2024-03-14T02:17:45.123456Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 123),
      level: 'error',
      message: MESSAGE_7031,
      data: { named: { ...PARAMS_7031, Binary: BINARY_IISADMIN }, positional: [] },
      format: 'nxlog',
      source: SOURCE,
    },
  },
  {
    fixture: 'nxlog/1036-agent6.json',
    expected: {
      node: 'EXCH01.corp.example.com',
      channel: 'Application',
      provider: 'IMAP4SVC',
      eventId: 1036,
      recordId: 2210457,
      time: '2024-03-14T02:17:52.555123Z',
      level: 'warning',
      message: MESSAGE_1036,
      data: { named: {}, positional: [] },
    },
  },
];

describe('each fixture, read through the shape registry', () => {
  it.each(FIXTURE_EVENTS)('$fixture', ({ fixture, timeZone = 'UTC', expected, exact }) => {
    const event = eventOf(mapJsonRecord(readJsonFixture(`formats/${fixture}`), SOURCE, { timeZone }));
    if (exact) expect(event).toEqual(expected);
    else expect(event).toMatchObject(expected);
  });
});
