import { describe, expect, it } from 'vitest';
import { mapKinesisAgentRecord } from '../../../domain/formats/mapKinesisAgentRecord';
import {
  eventOf,
  expectRejected,
  MESSAGE_1036,
  MESSAGE_7031,
  readJsonFixture,
  SOURCE,
  UTC,
} from './formatFixtures';

const KINESIS_7031 = readJsonFixture('formats/kinesis/7031.json');

describe('mapKinesisAgentRecord', () => {
  it('maps the KinesisTap json 7031 record', () => {
    expect(eventOf(mapKinesisAgentRecord(KINESIS_7031, SOURCE, UTC))).toEqual({
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
    });
  });

  it('maps the KinesisTap json 1036 record', () => {
    const event = eventOf(mapKinesisAgentRecord(readJsonFixture('formats/kinesis/1036.json'), SOURCE, UTC));
    expect(event).toMatchObject({
      channel: 'Application',
      provider: 'IMAP4SVC',
      eventId: 1036,
      level: 'warning',
      message: MESSAGE_1036,
      data: { positional: ['1', '0x800cc800'] },
    });
  });

  it('maps the .NET level names "Informational" and "LogAlways" to information', () => {
    expect(
      eventOf(mapKinesisAgentRecord({ ...KINESIS_7031, LevelDisplayName: 'Informational' }, SOURCE, UTC))
        .level,
    ).toBe('information');
    expect(
      eventOf(mapKinesisAgentRecord({ ...KINESIS_7031, LevelDisplayName: 'LogAlways' }, SOURCE, UTC)).level,
    ).toBe('information');
  });

  it('has no data when EventData was not included', () => {
    const { EventData: _data, ...record } = KINESIS_7031;
    expect(eventOf(mapKinesisAgentRecord(record, SOURCE, UTC)).data).toEqual({ named: {}, positional: [] });
  });

  it('rejects a record without MachineName as missing-field', () => {
    const { MachineName: _machine, ...record } = KINESIS_7031;
    expectRejected(mapKinesisAgentRecord(record, SOURCE, UTC), 'missing-field', 'MachineName');
  });
});
