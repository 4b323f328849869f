import { describe, expect, it } from 'vitest';
import { mapEcsRecord } from '../../../domain/formats/mapEcsRecord';
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

const BEAT8_7031 = readJsonFixture('formats/ecs/7031-winlogbeat8.json');

describe('mapEcsRecord', () => {
  it('maps the Winlogbeat 8 7031 record stored by Logstash json_lines', () => {
    expect(eventOf(mapEcsRecord(BEAT8_7031, SOURCE, UTC))).toEqual({
      node: 'EXCH01.corp.example.com',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      recordId: 581234,
      time: '2024-03-14T02:17:45.123Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 123),
      level: 'error',
      message: MESSAGE_7031,
      data: { named: { ...PARAMS_7031, Binary: '490049005300410044004D0049004E000000' }, positional: [] },
      format: 'ecs',
      source: SOURCE,
    });
  });

  it('maps the Winlogbeat 8 1036 record, keeping its paramN values named', () => {
    const event = eventOf(mapEcsRecord(readJsonFixture('formats/ecs/1036-winlogbeat8.json'), SOURCE, UTC));
    expect(event).toMatchObject({
      node: 'EXCH01.corp.example.com',
      channel: 'Application',
      provider: 'IMAP4SVC',
      eventId: 1036,
      level: 'warning',
      message: MESSAGE_1036,
      data: { named: { param1: '1', param2: '0x800cc800' }, positional: [] },
    });
  });

  it('reads a string event id ("7031", Winlogbeat 7.13 and later)', () => {
    expect(eventOf(mapEcsRecord(BEAT8_7031, SOURCE, UTC)).eventId).toBe(7031);
  });

  it('reads a numeric event id (Winlogbeat up to 7.12)', () => {
    const record = readJsonFixture('formats/ecs/7031-winlogbeat7-numeric-id.json');
    expect(eventOf(mapEcsRecord(record, SOURCE, UTC)).eventId).toBe(7031);
  });

  it('maps the old flat 6.x schema', () => {
    const event = eventOf(
      mapEcsRecord(readJsonFixture('formats/ecs/7031-winlogbeat6-flat.json'), SOURCE, UTC),
    );
    expect(event).toMatchObject({
      node: 'EXCH01',
      channel: 'System',
      provider: 'Service Control Manager',
      eventId: 7031,
      recordId: 581234,
      time: '2024-03-14T02:17:45.000Z',
      level: 'error',
      message: MESSAGE_7031,
    });
    expect(event.data.named).toMatchObject(PARAMS_7031);
  });

  it('maps the old flat 6.x 1036 record', () => {
    const event = eventOf(
      mapEcsRecord(readJsonFixture('formats/ecs/1036-winlogbeat6-flat.json'), SOURCE, UTC),
    );
    expect(event).toMatchObject({
      eventId: 1036,
      provider: 'IMAP4SVC',
      level: 'warning',
      channel: 'Application',
    });
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
