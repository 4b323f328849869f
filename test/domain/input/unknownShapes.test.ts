import { describe, expect, it } from 'vitest';
import { SHAPE_CHECK_EVERY, SHAPE_CHECK_HEAD } from '../../../domain/input/ObjectRecordReader';
import { readObject } from './readObject';

/** Records real fleets ship that are no Windows event shape we read (issue 10: they used to count as events). */
const AZURE_SECURITY_EVENT = JSON.stringify({
  TimeGenerated: '2024-03-14T02:17:45.123Z',
  Computer: 'EXCH01.corp.example.com',
  EventID: 4624,
  Activity: '4624 - An account was successfully logged on.',
  Channel: 'Security',
  Type: 'SecurityEvent',
});
const WAZUH_SYSCHECK = JSON.stringify({
  timestamp: '2024-03-14T02:17:46.201+0000',
  agent: { id: '003', name: 'EXCH01' },
  syscheck: { path: 'c:\\windows\\system32\\drivers\\etc\\hosts', event: 'modified' },
});
/** PowerShell `Get-EventLog | ConvertTo-Json` (EventLogEntry): not a shape we read, and it names a rule's event id. */
const GET_EVENTLOG_7031 = JSON.stringify({
  EventID: 7031,
  MachineName: 'EXCH01.corp.example.com',
  Source: 'Service Control Manager',
  TimeGenerated: '/Date(1710382665000)/',
  Message: 'The IIS Admin Service service terminated unexpectedly.',
});
const NXLOG_CE_CET = JSON.stringify({
  EventTime: '2024-03-14 03:17:40',
  Hostname: 'EXCH01.corp.example.com',
  EventID: 7036,
  SourceName: 'Service Control Manager',
  Channel: 'System',
  SeverityValue: 2,
  '@timestamp': '2024-03-14T02:17:41.000Z',
});

function lines(...records: readonly string[]): string {
  return `${records.join('\n')}\n`;
}

describe('records of no known shape', () => {
  it('rejects well-formed records of an unknown shape as unknown-shape instead of counting them as events', async () => {
    const { summary, rejections } = await readObject(lines(AZURE_SECURITY_EVENT, WAZUH_SYSCHECK));
    expect(summary.events).toBe(0);
    expect(rejections.map((r) => [r.reason, r.source.line])).toEqual([
      ['unknown-shape', 1],
      ['unknown-shape', 2],
    ]);
    expect(rejections[0]?.detail).toMatch(/top-level keys: TimeGenerated, Computer, EventID/);
  });

  it('checks every record that holds a rule event id, past the first records too', async () => {
    const known = NXLOG_CE_CET;
    const { summary, rejections } = await readObject(
      lines(...Array.from({ length: SHAPE_CHECK_HEAD + 5 }, () => known), GET_EVENTLOG_7031),
    );
    expect(rejections.map((r) => [r.reason, r.source.line])).toEqual([
      ['unknown-shape', SHAPE_CHECK_HEAD + 6],
    ]);
    expect(summary.events).toBe(SHAPE_CHECK_HEAD + 5);
  });

  it('checks the first records of an object and then one in a thousand', async () => {
    const count = 2 * SHAPE_CHECK_EVERY + 1;
    const { summary, rejections } = await readObject(
      lines(...Array.from({ length: count }, () => WAZUH_SYSCHECK)),
    );
    expect(rejections).toHaveLength(SHAPE_CHECK_HEAD + 2);
    expect(rejections.slice(-2).map((r) => r.source.line)).toEqual([
      SHAPE_CHECK_EVERY + 1,
      2 * SHAPE_CHECK_EVERY + 1,
    ]);
    expect(summary.events + summary.rejected).toBe(count);
  });

  it('rejects every record of an unknown shape in concatenated JSON, which is parsed anyway', async () => {
    const pretty = [AZURE_SECURITY_EVENT, WAZUH_SYSCHECK].map((r) => JSON.stringify(JSON.parse(r), null, 2));
    const { summary, rejections } = await readObject(pretty.join('\n'));
    expect(rejections.map((r) => r.reason)).toEqual(['unknown-shape', 'unknown-shape']);
    expect(summary.events).toBe(0);
  });

  it('reports broken JSON among the checked records rather than counting it as an event', async () => {
    const { summary, rejections } = await readObject(
      lines('{"EventTime": "2024-03-14 03:17:40", oops}', NXLOG_CE_CET),
    );
    expect(rejections.map((r) => r.reason)).toEqual(['malformed-json']);
    expect(summary.events).toBe(1);
  });
});

describe('zone sanity', () => {
  it('reports one zone mismatch per object, with the offset that reconciles it', async () => {
    const { summary } = await readObject(lines(NXLOG_CE_CET, NXLOG_CE_CET));
    expect(summary.zoneMismatch).toMatchObject({
      field: 'EventTime',
      referenceField: '@timestamp',
      reconcilingOffsetMinutes: 60,
    });
  });

  it('reports no zone mismatch when the operator gives the shipper zone', async () => {
    const { summary } = await readObject(lines(NXLOG_CE_CET), { timeZone: 'Europe/Berlin' });
    expect(summary.zoneMismatch).toBeUndefined();
  });
});
