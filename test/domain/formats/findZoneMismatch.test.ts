import { describe, expect, it } from 'vitest';
import type { RecordParseResult } from '../../../domain/event/RecordRejection';
import { mapJsonRecord } from '../../../domain/formats/detectJsonRecordFormat';
import { readJsonFixture, SOURCE, UTC } from './formatFixtures';

/** NXLog CE on a CET host: EventTime is local wall-clock time, Logstash added a UTC @timestamp on receipt. */
const nxlogCe = readJsonFixture('formats/nxlog/7031-ce.json');
const received = { ...nxlogCe, '@timestamp': '2024-03-14T02:17:46.412Z' };

function mismatchOf(result: RecordParseResult) {
  return result.kind === 'event' ? result.zoneMismatch : undefined;
}

describe('zone sanity of zone-less event times', () => {
  it('reports a CET EventTime read as UTC, with the offset and --timezone that reconcile it', () => {
    expect(mismatchOf(mapJsonRecord(received, SOURCE, UTC))).toEqual({
      field: 'EventTime',
      value: '2024-03-14 03:17:45',
      referenceField: '@timestamp',
      referenceValue: '2024-03-14T02:17:46.412Z',
      timeZone: 'UTC',
      reconcilingOffsetMinutes: 60,
      hint: expect.stringMatching(/UTC\+01:00.*--timezone.*timeZone.*Etc\/GMT-1/),
    });
  });

  it('reports nothing when the zone is right', () => {
    expect(mismatchOf(mapJsonRecord(received, SOURCE, { timeZone: 'Europe/Berlin' }))).toBeUndefined();
  });

  it('reports nothing for a gap of 30 minutes (shipping delay, not a zone)', () => {
    const late = { ...nxlogCe, EventTime: '2024-03-14 02:17:45', '@timestamp': '2024-03-14T02:47:45.000Z' };
    expect(mismatchOf(mapJsonRecord(late, SOURCE, UTC))).toBeUndefined();
  });

  it('reports a gap of just over 30 minutes', () => {
    const late = { ...nxlogCe, EventTime: '2024-03-14 02:17:45', '@timestamp': '2024-03-14T02:47:45.001Z' };
    expect(mismatchOf(mapJsonRecord(late, SOURCE, UTC))?.reconcilingOffsetMinutes).toBe(-30);
  });

  it('does not compare with a zone-less EventReceivedTime, which is just as local', () => {
    expect(mismatchOf(mapJsonRecord(nxlogCe, SOURCE, UTC))).toBeUndefined();
  });

  it('compares with an EventReceivedTime that carries an offset', () => {
    const withOffset = { ...nxlogCe, EventReceivedTime: '2024-03-14T03:17:46+01:00' };
    expect(mismatchOf(mapJsonRecord(withOffset, SOURCE, UTC))?.referenceField).toBe('EventReceivedTime');
  });

  it('does not check times that carry their own zone', () => {
    const agent6 = {
      ...readJsonFixture('formats/nxlog/7031-agent6.json'),
      '@timestamp': '2024-03-14T09:00:00Z',
    };
    expect(mismatchOf(mapJsonRecord(agent6, SOURCE, UTC))).toBeUndefined();
  });

  it('says no zone explains a gap of more than 14 hours', () => {
    const backlog = { ...nxlogCe, '@timestamp': '2024-03-16T02:17:46.412Z' };
    expect(mismatchOf(mapJsonRecord(backlog, SOURCE, UTC))?.hint).toMatch(/no time zone explains/);
  });

  it('checks the export-winevents TimeCreated against @timestamp too', () => {
    const exported = {
      ...readJsonFixture('formats/export-winevents/7031.json'),
      '@timestamp': '2024-03-14T02:17:46.000Z',
    };
    expect(mismatchOf(mapJsonRecord(exported, SOURCE, UTC))?.reconcilingOffsetMinutes).toBe(60);
  });
});
