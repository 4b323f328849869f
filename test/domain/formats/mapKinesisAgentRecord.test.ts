import { describe, expect, it } from 'vitest';
import { mapKinesisAgentRecord } from '../../../domain/formats/mapKinesisAgentRecord';
import { eventOf, expectRejected, readJsonFixture, SOURCE, UTC } from './formatFixtures';

const KINESIS_7031 = readJsonFixture('formats/kinesis/7031.json');

describe('mapKinesisAgentRecord', () => {
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
