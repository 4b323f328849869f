import { describe, expect, it } from 'vitest';
import { mapExportWinEventsRecord } from '../../../domain/formats/mapExportWinEventsRecord';
import {
  eventOf,
  expectRejected,
  MESSAGE_1036,
  MESSAGE_7031,
  PARAMS_7031,
  readJsonFixture,
  SOURCE,
  UTC,
} from './formatFixtures';

const EXPORT_7031 = readJsonFixture('formats/export-winevents/7031.json');

describe('mapExportWinEventsRecord', () => {
  it('maps a 7031 export line, reading the zone-less TimeCreated in the configured zone', () => {
    expect(eventOf(mapExportWinEventsRecord(EXPORT_7031, SOURCE, { timeZone: 'Europe/Berlin' }))).toEqual({
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
    });
  });

  it('maps a 1036 export line with a UTC TimeCreated and the provider in Source', () => {
    const event = eventOf(
      mapExportWinEventsRecord(readJsonFixture('formats/export-winevents/1036.json'), SOURCE, {
        timeZone: 'Europe/Berlin',
      }),
    );
    expect(event).toMatchObject({
      provider: 'IMAP4SVC',
      eventId: 1036,
      time: '2024-03-14T02:17:52.555Z',
      level: 'warning',
      message: MESSAGE_1036,
      data: { named: {}, positional: [] },
    });
  });

  it('keeps a Sysmon EventType as event data, not as a level', () => {
    const record = { ...EXPORT_7031, EventType: 'SetValue', Level: undefined };
    const event = eventOf(mapExportWinEventsRecord(record, SOURCE, UTC));
    expect(event.level).toBeUndefined();
    expect(event.data.named.EventType).toBe('SetValue');
  });

  it('rejects a line without Hostname as missing-field', () => {
    const { Hostname: _host, ...record } = EXPORT_7031;
    expectRejected(mapExportWinEventsRecord(record, SOURCE, UTC), 'missing-field', 'Hostname');
  });
});
