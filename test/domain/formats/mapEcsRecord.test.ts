import { describe, expect, it } from 'vitest';
import { mapEcsRecord } from '../../../domain/formats/mapEcsRecord';
import { eventOf, expectRejected, readJsonFixture, SOURCE, UTC } from './formatFixtures';

const BEAT8_7031 = readJsonFixture('formats/ecs/7031-winlogbeat8.json');

describe('mapEcsRecord', () => {
  it('reads a string event id ("7031", Winlogbeat 7.13 and later)', () => {
    expect(eventOf(mapEcsRecord(BEAT8_7031, SOURCE, UTC)).eventId).toBe(7031);
  });

  it('prefers winlog.computer_name over a host.name set by add_host_metadata', () => {
    const record = { ...BEAT8_7031, host: { name: 'wec-collector.corp.example.com' } };
    expect(eventOf(mapEcsRecord(record, SOURCE, UTC)).node).toBe('EXCH01.corp.example.com');
  });

  it('falls back to event.code when winlog.event_id is absent', () => {
    const winlog = { ...(BEAT8_7031.winlog as Record<string, unknown>), event_id: undefined };
    expect(eventOf(mapEcsRecord({ ...BEAT8_7031, winlog }, SOURCE, UTC)).eventId).toBe(7031);
  });

  it('keeps the LF line endings Winlogbeat leaves in the message', () => {
    const record = { ...BEAT8_7031, message: 'line one\nline two' };
    expect(eventOf(mapEcsRecord(record, SOURCE, UTC)).message).toBe('line one\nline two');
  });

  it('puts winlog.user_data fields into named data', () => {
    const winlog = {
      ...(BEAT8_7031.winlog as Record<string, unknown>),
      user_data: { SubjectUserName: 'wardog', xml_name: 'LogFileCleared' },
    };
    expect(eventOf(mapEcsRecord({ ...BEAT8_7031, winlog }, SOURCE, UTC)).data.named).toMatchObject({
      SubjectUserName: 'wardog',
    });
  });

  it('takes the event time from winlog.time_created over an @timestamp that is the read time', () => {
    const record = readJsonFixture('formats/ecs/7031-winlogbeat8.json');
    const winlog = record.winlog as Record<string, unknown>;
    const read = {
      ...record,
      '@timestamp': '2024-03-14T09:00:00.000Z',
      winlog: { ...winlog, time_created: '2024-03-14T02:17:45.1234567Z' },
    };
    expect(eventOf(mapEcsRecord(read, SOURCE, UTC)).time).toBe('2024-03-14T02:17:45.1234567Z');
  });

  it('rejects a record with no computer name as missing-field', () => {
    const winlog = { ...(BEAT8_7031.winlog as Record<string, unknown>), computer_name: undefined };
    const { host: _host, ...record }: Record<string, unknown> = { ...BEAT8_7031, winlog };
    expectRejected(mapEcsRecord(record, SOURCE, UTC), 'missing-field', 'winlog.computer_name');
  });

  it('rejects a record with no @timestamp as missing-field', () => {
    const { '@timestamp': _time, ...record } = BEAT8_7031;
    expectRejected(mapEcsRecord(record, SOURCE, UTC), 'missing-field', '@timestamp');
  });

  it('rejects a non-numeric event id as invalid-field', () => {
    const winlog = { ...(BEAT8_7031.winlog as Record<string, unknown>), event_id: 'SCM-7031' };
    expectRejected(mapEcsRecord({ ...BEAT8_7031, winlog }, SOURCE, UTC), 'invalid-field', 'winlog.event_id');
  });

  it('does not throw when fields have the wrong types', () => {
    const record = { winlog: 'x', '@timestamp': 5, log: [1], event: null, message: {} };
    expectRejected(mapEcsRecord(record, SOURCE, UTC), 'missing-field');
  });
});
