import { describe, expect, it } from 'vitest';
import { detectJsonRecordFormat, mapJsonRecord } from '../../../domain/formats/detectJsonRecordFormat';
import { eventOf, expectRejected, readJsonFixture, SOURCE, UTC } from './formatFixtures';

describe('detectJsonRecordFormat', () => {
  it.each([
    ['formats/ecs/7031-winlogbeat8.json', 'ecs'],
    ['formats/ecs/1036-winlogbeat8.json', 'ecs'],
    ['formats/ecs/7031-winlogbeat7-numeric-id.json', 'ecs'],
    ['formats/ecs/7031-winlogbeat6-flat.json', 'ecs'],
    ['formats/ecs/1036-winlogbeat6-flat.json', 'ecs'],
    ['formats/nxlog/7031-agent6.json', 'nxlog'],
    ['formats/nxlog/7031-ce.json', 'nxlog'],
    ['formats/nxlog/1036-agent6.json', 'nxlog'],
    ['formats/nxlog/1036-ce-mseventlog.json', 'nxlog'],
    ['formats/fluentbit/7031-winevtlog.json', 'fluentbit'],
    ['formats/fluentbit/1036-winevtlog.json', 'fluentbit'],
    ['formats/fluentbit/7031-winlog.json', 'fluentbit'],
    ['formats/fluentbit/1036-winlog.json', 'fluentbit'],
    ['formats/fluentbit/7031-xml-mode.json', 'fluentbit'],
    ['formats/kinesis/7031.json', 'kinesis'],
    ['formats/kinesis/1036.json', 'kinesis'],
    ['formats/export-winevents/7031.json', 'export-winevents'],
    ['formats/export-winevents/1036.json', 'export-winevents'],
    ['formats/powershell/7031-ps51-depth3.json', 'powershell'],
    ['formats/powershell/7031-ps51-depth2.json', 'powershell'],
    ['formats/powershell/7031-ps7.json', 'powershell'],
    ['formats/powershell/1036-ps7.json', 'powershell'],
    ['formats/evtx-json/7031.json', 'evtx-json'],
    ['formats/evtx-json/7031-separate-attributes.json', 'evtx-json'],
    ['formats/evtx-json/1036-classic.json', 'evtx-json'],
    ['formats/wazuh/7031-eventchannel.json', 'wazuh'],
    ['formats/wazuh/1036-eventchannel.json', 'wazuh'],
    ['formats/wazuh/7031-archives.json', 'wazuh'],
  ])('detects %s as %s', (path, format) => {
    expect(detectJsonRecordFormat(readJsonFixture(path))).toBe(format);
  });

  it.each([
    ['only an EventID', { EventID: 7031 }],
    ['only a winlog object', { winlog: {} }],
    ['only Hostname', { Hostname: 'EXCH01' }],
    ['only TimeCreated', { TimeCreated: '2024-03-14T02:17:45Z' }],
    ['an S3 notification', { Records: [{ eventSource: 'aws:s3' }] }],
    ['the S3 test event', { Service: 'Amazon S3', Event: 's3:TestEvent', Time: 't', Bucket: 'b' }],
    ['an empty object', {}],
    [
      'an Azure Monitor SecurityEvent export row',
      {
        TimeGenerated: '2024-03-14T02:17:45.123Z',
        Computer: 'EXCH01.corp.example.com',
        EventID: 4624,
        Activity: '4624 - An account was successfully logged on.',
        Channel: 'Security',
        Type: 'SecurityEvent',
      },
    ],
    [
      'a Wazuh agent alert that is not an eventchannel event',
      { timestamp: '2024-03-14T02:17:46.201+0000', agent: { name: 'EXCH01' }, syscheck: { path: 'c:\\x' } },
    ],
    ['a win object without system', { win: { eventdata: { param1: 'x' } } }],
    ['an Event object without System', { Event: { EventData: { param1: 'x' } } }],
  ])('detects nothing from %s', (_what, record) => {
    expect(detectJsonRecordFormat(record)).toBeUndefined();
  });
});

describe('mapJsonRecord', () => {
  it('maps a detected record with its format mapper', () => {
    expect(eventOf(mapJsonRecord(readJsonFixture('formats/kinesis/7031.json'), SOURCE, UTC)).format).toBe(
      'kinesis',
    );
  });

  it('passes the configured time zone to the mapper', () => {
    const event = eventOf(
      mapJsonRecord(readJsonFixture('formats/nxlog/7031-ce.json'), SOURCE, { timeZone: 'Europe/Berlin' }),
    );
    expect(event.time).toBe('2024-03-14T02:17:45Z');
  });

  it('rejects a JSON object of no known shape as unknown-shape, listing its top-level keys', () => {
    expectRejected(
      mapJsonRecord({ foo: 1, bar: { EventID: 7031 } }, SOURCE, UTC),
      'unknown-shape',
      'top-level keys: foo, bar',
    );
  });

  it('truncates the key list of a record with many keys', () => {
    const record = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`key${i}`.padEnd(80, 'x'), i]));
    const result = mapJsonRecord(record, SOURCE, UTC);
    expect(result.kind === 'rejected' ? result.detail.length : 0).toBeLessThan(500);
    expectRejected(result, 'unknown-shape', '(100 keys)');
  });

  it('uses a forced JSON format instead of detecting one', () => {
    const record = { MachineName: 'H', EventId: 1, TimeCreated: '2024-03-14T02:17:45Z' };
    expect(detectJsonRecordFormat(record)).toBeUndefined();
    expect(eventOf(mapJsonRecord(record, SOURCE, UTC, 'kinesis')).format).toBe('kinesis');
  });

  it('ignores a forced format that is not a JSON format', () => {
    expect(
      eventOf(mapJsonRecord(readJsonFixture('formats/kinesis/7031.json'), SOURCE, UTC, 'xml')).format,
    ).toBe('kinesis');
  });
});
