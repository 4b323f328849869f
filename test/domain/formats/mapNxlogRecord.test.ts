import { describe, expect, it } from 'vitest';
import { mapNxlogRecord } from '../../../domain/formats/mapNxlogRecord';
import { eventOf, expectRejected, PARAMS_7031, readJsonFixture, SOURCE, UTC } from './formatFixtures';

const _AGENT6_7031 = readJsonFixture('formats/nxlog/7031-agent6.json');
const CE_7031 = readJsonFixture('formats/nxlog/7031-ce.json');
const BERLIN = { timeZone: 'Europe/Berlin' };

describe('mapNxlogRecord', () => {
  it('reads an NXLog CE zone-less EventTime in the configured zone (CET in winter)', () => {
    expect(eventOf(mapNxlogRecord(CE_7031, SOURCE, BERLIN)).time).toBe('2024-03-14T02:17:45Z');
  });

  it('reads an NXLog CE zone-less EventTime on a summer date in Europe/Berlin as CEST (UTC+2)', () => {
    const summer = { ...CE_7031, EventTime: '2024-07-14 03:17:45' };
    expect(eventOf(mapNxlogRecord(summer, SOURCE, BERLIN)).time).toBe('2024-07-14T01:17:45Z');
  });

  it('reads an NXLog CE zone-less EventTime as UTC when no zone is configured', () => {
    expect(eventOf(mapNxlogRecord(CE_7031, SOURCE, UTC)).time).toBe('2024-03-14T03:17:45Z');
  });

  it('takes top-level param fields of NXLog CE as named data, leaving NXLog fields out', () => {
    expect(eventOf(mapNxlogRecord(CE_7031, SOURCE, UTC)).data.named).toEqual(PARAMS_7031);
  });

  it('takes EventData.-prefixed fields (AddPrefix) as named data without the prefix', () => {
    const record = { ...CE_7031, 'EventData.ServiceName': 'IISADMIN', 'UserData.Flag': 1 };
    expect(eventOf(mapNxlogRecord(record, SOURCE, UTC)).data.named).toMatchObject({
      ServiceName: 'IISADMIN',
      Flag: '1',
    });
  });

  it('reads the channel from FileName on a 2003 host (im_mseventlog)', () => {
    const event = eventOf(
      mapNxlogRecord(readJsonFixture('formats/nxlog/1036-ce-mseventlog.json'), SOURCE, BERLIN),
    );
    expect(event).toMatchObject({
      channel: 'Application',
      node: 'EXCH01',
      time: '2024-03-14T02:17:52Z',
      level: 'warning',
    });
  });

  it('maps EventType AUDIT_SUCCESS and AUDIT_FAILURE to audit levels', () => {
    expect(eventOf(mapNxlogRecord({ ...CE_7031, EventType: 'AUDIT_SUCCESS' }, SOURCE, UTC)).level).toBe(
      'audit-success',
    );
    expect(eventOf(mapNxlogRecord({ ...CE_7031, EventType: 'AUDIT_FAILURE' }, SOURCE, UTC)).level).toBe(
      'audit-failure',
    );
  });

  it('falls back to Severity when a Sysmon EventType data field has overwritten NXLog EventType', () => {
    const record = { ...CE_7031, EventType: 'SetValue', Severity: 'WARNING', SeverityValue: 3 };
    const event = eventOf(mapNxlogRecord(record, SOURCE, UTC));
    expect(event.level).toBe('warning');
    expect(event.data.named.EventType).toBeUndefined();
  });

  it('keeps CRLF in the message', () => {
    const record = { ...CE_7031, Message: 'first\r\nsecond\n\rthird' };
    expect(eventOf(mapNxlogRecord(record, SOURCE, UTC)).message).toBe('first\r\nsecond\n\rthird');
  });

  it('rejects a record without Hostname as missing-field', () => {
    const { Hostname: _host, ...record } = CE_7031;
    expectRejected(mapNxlogRecord(record, SOURCE, UTC), 'missing-field', 'Hostname');
  });

  it('rejects a record without EventTime as missing-field', () => {
    const { EventTime: _time, ...record } = CE_7031;
    expectRejected(mapNxlogRecord(record, SOURCE, UTC), 'missing-field', 'EventTime');
  });

  it('rejects an EventTime in a locale format as invalid-field', () => {
    expectRejected(
      mapNxlogRecord({ ...CE_7031, EventTime: '14.03.2024 03:17:45' }, SOURCE, UTC),
      'invalid-field',
      'EventTime',
    );
  });
});
