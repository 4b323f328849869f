import { describe, expect, it } from 'vitest';
import { mapJsonRecord } from '../../../domain/formats/detectJsonRecordFormat';
import { mapEvtxDumpRecord } from '../../../domain/formats/mapEvtxDumpRecord';
import { mapPowerShellRecord } from '../../../domain/formats/mapPowerShellRecord';
import { mapWazuhRecord } from '../../../domain/formats/mapWazuhRecord';
import {
  eventOf,
  expectRejected,
  MESSAGE_1036,
  MESSAGE_7031,
  readJsonFixture,
  SOURCE,
  UTC,
} from './formatFixtures';

const SCM = 'Service Control Manager';
const PARAMS_7031 = ['IIS Admin Service', '3', '1', '3', 'Run the configured recovery program'];

/** Every fixture of the shapes PowerShell, evtx_dump/Chainsaw and Wazuh write, and what it must normalise to. */
const FIXTURES = [
  {
    path: 'powershell/7031-ps51-depth3.json',
    expected: { format: 'powershell', eventId: 7031, provider: SCM, channel: 'System', recordId: 581234 },
    time: '2024-03-14T02:17:45.123Z',
    level: 'error',
    message: MESSAGE_7031,
    positional: PARAMS_7031,
  },
  {
    path: 'powershell/7031-ps51-depth2.json',
    expected: { format: 'powershell', eventId: 7031, provider: SCM },
    time: '2024-03-14T02:17:45.123Z',
    level: 'error',
    message: MESSAGE_7031,
    positional: [],
  },
  {
    path: 'powershell/1036-ps51-depth3.json',
    expected: { format: 'powershell', eventId: 1036, provider: 'IMAP4SVC', channel: 'Application' },
    time: '2024-03-14T02:17:52.555Z',
    level: 'warning',
    message: MESSAGE_1036,
    positional: ['1', '0x800cc800'],
  },
  {
    path: 'powershell/7031-ps7.json',
    expected: { format: 'powershell', eventId: 7031, provider: SCM, recordId: 581234 },
    time: '2024-03-14T02:17:45.1234567Z',
    level: 'error',
    message: MESSAGE_7031,
    positional: PARAMS_7031,
  },
  {
    path: 'powershell/1036-ps7.json',
    expected: { format: 'powershell', eventId: 1036, provider: 'IMAP4SVC' },
    time: '2024-03-14T02:17:52.5551234Z',
    level: 'warning',
    message: MESSAGE_1036,
    positional: ['1', '0x800cc800'],
  },
  {
    path: 'evtx-json/7031.json',
    expected: { format: 'evtx-json', eventId: 7031, provider: SCM, channel: 'System', recordId: 581234 },
    time: '2024-03-14T02:17:45.123456Z',
    level: 'error',
    message: undefined,
    named: { param1: 'IIS Admin Service', param2: '3', Binary: '490049005300410044004D0049004E000000' },
    positional: [],
  },
  {
    path: 'evtx-json/7031-separate-attributes.json',
    expected: { format: 'evtx-json', eventId: 7031, provider: SCM, recordId: 581234 },
    time: '2024-03-14T02:17:45.123456Z',
    level: 'error',
    message: undefined,
    named: { param1: 'IIS Admin Service', param5: 'Run the configured recovery program' },
    positional: [],
  },
  {
    path: 'evtx-json/1036-classic.json',
    expected: { format: 'evtx-json', eventId: 1036, provider: 'IMAP4SVC', channel: 'Application' },
    time: '2024-03-14T02:17:52.555123Z',
    level: 'warning',
    message: undefined,
    positional: ['1', '0x800cc800'],
  },
  {
    path: 'wazuh/7031-eventchannel.json',
    expected: { format: 'wazuh', eventId: 7031, provider: SCM, channel: 'System', recordId: 581234 },
    time: '2024-03-14T02:17:45.1234567Z',
    level: 'error',
    message: MESSAGE_7031,
    named: { param1: 'IIS Admin Service', binary: '490049005300410044004D0049004E000000' },
    positional: [],
  },
  {
    path: 'wazuh/1036-eventchannel.json',
    expected: { format: 'wazuh', eventId: 1036, provider: 'IMAP4SVC', channel: 'Application' },
    time: '2024-03-14T02:17:52.5551234Z',
    level: 'warning',
    message: MESSAGE_1036,
    named: { data: '1, 0x800cc800' },
    positional: [],
  },
  {
    path: 'wazuh/7031-archives.json',
    expected: { format: 'wazuh', eventId: 7031, provider: SCM, recordId: 581234 },
    time: '2024-03-14T02:17:45.1234567Z',
    level: 'error',
    message: MESSAGE_7031,
    named: { param1: 'IIS Admin Service' },
    positional: [],
  },
] as const;

describe('the JSON shapes of PowerShell, evtx_dump/Chainsaw and Wazuh', () => {
  it.each(FIXTURES)('normalises $path', (fixture) => {
    const event = eventOf(mapJsonRecord(readJsonFixture(`formats/${fixture.path}`), SOURCE, UTC));
    expect(event).toMatchObject({ ...fixture.expected, node: 'EXCH01.corp.example.com' });
    expect(event.time).toBe(fixture.time);
    expect(event.level).toBe(fixture.level);
    expect(event.message).toBe(fixture.message);
    expect(event.data.positional).toEqual(fixture.positional);
    if ('named' in fixture) expect(event.data.named).toMatchObject(fixture.named);
  });
});

describe('mapPowerShellRecord', () => {
  const record = readJsonFixture('formats/powershell/7031-ps7.json');

  it.each([
    ['a Windows PowerShell 5.1 date', '/Date(1710382665123)/', '2024-03-14T02:17:45.123Z'],
    [
      'a 5.1 date with the writer offset, which does not move the instant',
      '/Date(1710382665123+0100)/',
      '2024-03-14T02:17:45.123Z',
    ],
    [
      'a PowerShell 7 ISO time with offset',
      '2024-03-14T03:17:45.1234567+01:00',
      '2024-03-14T02:17:45.1234567Z',
    ],
    [
      'a DateTime written with its extended properties',
      { value: '/Date(1710382665123)/', DisplayHint: 2, DateTime: 'Thursday, March 14, 2024 3:17:45 AM' },
      '2024-03-14T02:17:45.123Z',
    ],
  ])('reads %s', (_what, timeCreated, expected) => {
    expect(eventOf(mapPowerShellRecord({ ...record, TimeCreated: timeCreated }, SOURCE, UTC)).time).toBe(
      expected,
    );
  });

  it('rejects a TimeCreated that is no time, naming the field', () => {
    expectRejected(
      mapPowerShellRecord({ ...record, TimeCreated: '/Date(soon)/' }, SOURCE, UTC),
      'invalid-field',
      'TimeCreated',
    );
  });

  it('rejects a record without MachineName as missing-field', () => {
    expectRejected(
      mapPowerShellRecord({ ...record, MachineName: null }, SOURCE, UTC),
      'missing-field',
      'MachineName',
    );
  });
});

describe('mapEvtxDumpRecord', () => {
  it('keeps a single unnamed Data value as the first positional value', () => {
    const record = readJsonFixture('formats/evtx-json/1036-classic.json');
    const event = record.Event as { EventData: Record<string, unknown> };
    const single = { Event: { ...event, EventData: { Data: '0x800cc800' } } };
    expect(eventOf(mapEvtxDumpRecord(single, SOURCE, UTC)).data.positional).toEqual(['0x800cc800']);
  });

  it('rejects an event without TimeCreated as missing-field, naming the path', () => {
    const record = readJsonFixture('formats/evtx-json/7031.json');
    const event = record.Event as { System: Record<string, unknown> };
    const withoutTime = { Event: { ...event, System: { ...event.System, TimeCreated: null } } };
    expectRejected(
      mapEvtxDumpRecord(withoutTime, SOURCE, UTC),
      'missing-field',
      'Event.System.TimeCreated.SystemTime',
    );
  });
});

describe('mapWazuhRecord', () => {
  it('keeps a message that has no extra quotes as it is', () => {
    const record = readJsonFixture('formats/wazuh/1036-eventchannel.json');
    const win = record.win as { system: Record<string, unknown> };
    const plain = { win: { ...win, system: { ...win.system, message: MESSAGE_1036 } } };
    expect(eventOf(mapWazuhRecord(plain, SOURCE, UTC)).message).toBe(MESSAGE_1036);
  });
});
