import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidTimeZone } from '../../../domain/formats/isValidTimeZone';
import { parseEventTime } from '../../../domain/formats/parseEventTime';

describe('parseEventTime', () => {
  it('keeps the seven fraction digits of an XML SystemTime and computes epoch milliseconds', () => {
    expect(parseEventTime('2024-03-14T02:17:45.1234567Z')).toEqual({
      time: '2024-03-14T02:17:45.1234567Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 123),
    });
  });

  it('keeps nine fraction digits', () => {
    expect(parseEventTime('2016-01-11T21:35:09.417973800Z')).toEqual({
      time: '2016-01-11T21:35:09.417973800Z',
      timeMs: Date.UTC(2016, 0, 11, 21, 35, 9, 417),
    });
  });

  it('accepts a time with no fraction and writes none', () => {
    expect(parseEventTime('2024-03-14T02:17:45Z')).toEqual({
      time: '2024-03-14T02:17:45Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45),
    });
  });

  it('pads a one-digit fraction to milliseconds without changing the text', () => {
    expect(parseEventTime('2024-03-14T02:17:45.5Z')).toEqual({
      time: '2024-03-14T02:17:45.5Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 500),
    });
  });

  it('converts an NXLog EE time with a +hh:mm offset to UTC, keeping its microseconds', () => {
    expect(parseEventTime('2024-03-14T03:17:45.123456+01:00')).toEqual({
      time: '2024-03-14T02:17:45.123456Z',
      timeMs: Date.UTC(2024, 2, 14, 2, 17, 45, 123),
    });
  });

  it('converts a Fluent Bit time with a space and a +hhmm offset to UTC', () => {
    expect(parseEventTime('2024-03-14 03:17:45 +0100')?.time).toBe('2024-03-14T02:17:45Z');
  });

  it('converts a negative offset across midnight', () => {
    expect(parseEventTime('2024-03-13T21:30:00-05:00')?.time).toBe('2024-03-14T02:30:00Z');
  });

  it('ignores the time zone option when the text carries an offset', () => {
    expect(parseEventTime('2024-03-14T02:17:45Z', 'Europe/Berlin')?.time).toBe('2024-03-14T02:17:45Z');
  });

  it('reads a zone-less time as UTC by default, and says it had no zone', () => {
    expect(parseEventTime('2020-10-18 03:38:05.959')).toEqual({
      time: '2020-10-18T03:38:05.959Z',
      timeMs: Date.UTC(2020, 9, 18, 3, 38, 5, 959),
      zoneLess: true,
    });
  });

  it('reads a zone-less winter time in Europe/Berlin as UTC+1', () => {
    expect(parseEventTime('2019-01-02 08:15:51', 'Europe/Berlin')?.time).toBe('2019-01-02T07:15:51Z');
  });

  it('reads a zone-less summer time in Europe/Berlin as UTC+2 (DST)', () => {
    expect(parseEventTime('2024-07-01 08:15:51', 'Europe/Berlin')?.time).toBe('2024-07-01T06:15:51Z');
  });

  it('uses the offset in force on the day itself, on both sides of the spring change', () => {
    expect(parseEventTime('2024-03-31 01:59:59', 'Europe/Berlin')?.time).toBe('2024-03-31T00:59:59Z');
    expect(parseEventTime('2024-03-31 03:00:00', 'Europe/Berlin')?.time).toBe('2024-03-31T01:00:00Z');
  });

  it('pushes a wall time that does not exist (spring gap) forward by the gap', () => {
    expect(parseEventTime('2024-03-31 02:30:00', 'Europe/Berlin')?.time).toBe('2024-03-31T01:30:00Z');
  });

  it('takes the earlier instant for an ambiguous autumn wall time', () => {
    expect(parseEventTime('2024-10-27 02:30:00', 'Europe/Berlin')?.time).toBe('2024-10-27T00:30:00Z');
  });

  it('reads a zone-less time in a zone west of UTC', () => {
    expect(parseEventTime('2020-09-21 19:36:08', 'America/New_York')?.time).toBe('2020-09-21T23:36:08Z');
  });

  it('returns undefined for a zone-less time in an unknown zone', () => {
    expect(parseEventTime('2024-03-14 03:17:45', 'Mars/Olympus_Mons')).toBeUndefined();
  });

  it.each([
    ['impossible date', '2024-02-30T00:00:00Z'],
    ['hour 24', '2024-03-14T24:00:00Z'],
    ['a dot with no fraction digits', '2024-03-14T02:17:45.Z'],
    ['ten fraction digits', '2024-03-14T02:17:45.1234567890Z'],
    ['a locale date', '14.03.2024 03:17:45'],
    ['a US date', '3/14/2024 3:17:45 AM'],
    ['trailing text', '2024-03-14T02:17:45Z junk'],
    ['an offset with hours over 23', '2024-03-14T02:17:45+25:00'],
    ['an empty string', ''],
  ])('returns undefined for %s', (_what, text) => {
    expect(parseEventTime(text)).toBeUndefined();
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseEventTime('2024-02-29T00:00:00Z')).toBeDefined();
    expect(parseEventTime('2023-02-29T00:00:00Z')).toBeUndefined();
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA zone names and UTC', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
  });

  it('rejects unknown and empty zone names', () => {
    expect(isValidTimeZone('Europe/Atlantis')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone('CET+1')).toBe(false);
  });

  it('writes every instant of years 0000-9999 in UTC as toISOString does, whatever the offset it was read with', () => {
    const YEAR_0000 = Date.parse('0000-01-01T00:00:00Z') / 1000;
    const END_OF_9999 = Date.parse('9999-12-31T23:59:59Z') / 1000;
    fc.assert(
      fc.property(
        // A day's margin each side, so the wall time read stays within the years ISO 8601 writes with 4 digits.
        fc.integer({ min: YEAR_0000 + 86_400, max: END_OF_9999 - 86_400 }),
        fc.stringMatching(/^[0-9]{0,9}$/),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (second, fraction, offsetMinutes) => {
          const utcMs = second * 1000;
          const wall = new Date(utcMs + offsetMinutes * 60_000).toISOString().slice(0, 19);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const offset = `${sign}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`;
          const text = `${wall}${fraction === '' ? '' : `.${fraction}`}${offset}`;
          const expected = `${new Date(utcMs).toISOString().slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
          expect(parseEventTime(text)?.time).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
