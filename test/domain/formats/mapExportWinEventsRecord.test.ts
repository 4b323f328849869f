import { describe, expect, it } from 'vitest';
import { mapExportWinEventsRecord } from '../../../domain/formats/mapExportWinEventsRecord';
import { eventOf, expectRejected, readJsonFixture, SOURCE, UTC } from './formatFixtures';

const EXPORT_7031 = readJsonFixture('formats/export-winevents/7031.json');

describe('mapExportWinEventsRecord', () => {
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
