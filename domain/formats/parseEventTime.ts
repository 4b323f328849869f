import { zoneOffsetMs } from './zoneOffsetMs';

/** An event time in UTC: ISO 8601 text keeping the source's fraction digits, and epoch milliseconds. */
export interface EventTime {
  readonly time: string;
  readonly timeMs: number;
  /** Set when the text carried no zone and was read as wall-clock time in the given zone. */
  readonly zoneLess?: true;
}

interface TimeParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly fraction: string;
  /** Offset from UTC in minutes, or undefined when the text carries no zone. */
  readonly offsetMinutes: number | undefined;
}

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/**
 * Parses the event time formats the shippers write:
 * - ISO 8601 with `Z`, `±hh:mm` or `±hhmm` and 0–9 fraction digits (XML SystemTime, Winlogbeat, NXLog EE, KinesisTap);
 * - `YYYY-MM-DD hh:mm:ss[.fff] +hhmm` (Fluent Bit);
 * - zone-less local times (NXLog CE, the export-winevents script), read as wall-clock time in `timeZone`.
 * Parsed by hand because `Date.parse` accepts 7 and 9 fraction digits only by V8 accident and reads zone-less
 * text in the process time zone. Returns undefined for anything else, including impossible dates.
 */
export function parseEventTime(text: string, timeZone = 'UTC'): EventTime | undefined {
  if (typeof text !== 'string' || text.length > 64) {
    return undefined;
  }
  const parts = scanTimeParts(text.trim());
  if (parts === undefined) {
    return undefined;
  }
  const wallMs =
    daysFromCivil(parts.year, parts.month, parts.day) * MS_PER_DAY +
    ((parts.hour * 60 + parts.minute) * 60 + parts.second) * 1000;
  let utcSecondMs: number;
  if (parts.offsetMinutes !== undefined) {
    utcSecondMs = wallMs - parts.offsetMinutes * MS_PER_MINUTE;
  } else {
    const resolved = wallTimeToUtc(wallMs, timeZone);
    if (resolved === undefined) {
      return undefined;
    }
    utcSecondMs = resolved;
  }
  const millis = parts.fraction === '' ? 0 : Number(parts.fraction.slice(0, 3).padEnd(3, '0'));
  const timeMs = utcSecondMs + millis;
  if (!Number.isFinite(timeMs) || Math.abs(timeMs) > 8.64e15) {
    return undefined;
  }
  const time = formatUtc(utcSecondMs, parts.fraction);
  return parts.offsetMinutes === undefined ? { time, timeMs, zoneLess: true } : { time, timeMs };
}

function scanTimeParts(text: string): TimeParts | undefined {
  const cursor = { pos: 0 };
  const year = readDigits(text, cursor, 4);
  if (year === undefined || !expect(text, cursor, '-')) return undefined;
  const month = readDigits(text, cursor, 2);
  if (month === undefined || !expect(text, cursor, '-')) return undefined;
  const day = readDigits(text, cursor, 2);
  if (day === undefined) return undefined;
  const separator = text[cursor.pos];
  if (separator !== 'T' && separator !== 't' && separator !== ' ') return undefined;
  cursor.pos += 1;
  const hour = readDigits(text, cursor, 2);
  if (hour === undefined || !expect(text, cursor, ':')) return undefined;
  const minute = readDigits(text, cursor, 2);
  if (minute === undefined || !expect(text, cursor, ':')) return undefined;
  const second = readDigits(text, cursor, 2);
  if (second === undefined) return undefined;
  let fraction = '';
  if (text[cursor.pos] === '.') {
    cursor.pos += 1;
    const start = cursor.pos;
    while (cursor.pos < text.length && isDigit(text.charCodeAt(cursor.pos))) cursor.pos += 1;
    fraction = text.slice(start, cursor.pos);
    if (fraction.length === 0 || fraction.length > 9) return undefined;
  }
  while (text[cursor.pos] === ' ') cursor.pos += 1;
  const offsetMinutes = readOffset(text, cursor);
  if (offsetMinutes === null || cursor.pos !== text.length) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return { year, month, day, hour, minute, second, fraction, offsetMinutes };
}

/** Reads `Z`, `±hh`, `±hhmm` or `±hh:mm`; undefined when there is no zone, null when it is malformed. */
function readOffset(text: string, cursor: { pos: number }): number | undefined | null {
  const sign = text[cursor.pos];
  if (sign === undefined) return undefined;
  if (sign === 'Z' || sign === 'z') {
    cursor.pos += 1;
    return 0;
  }
  if (sign !== '+' && sign !== '-') return null;
  cursor.pos += 1;
  const hours = readDigits(text, cursor, 2);
  if (hours === undefined) return null;
  let minutes = 0;
  if (cursor.pos < text.length) {
    expect(text, cursor, ':');
    const read = readDigits(text, cursor, 2);
    if (read === undefined) return null;
    minutes = read;
  }
  if (hours > 23 || minutes > 59) return null;
  const total = hours * 60 + minutes;
  return sign === '-' ? -total : total;
}

function readDigits(text: string, cursor: { pos: number }, count: number): number | undefined {
  let value = 0;
  for (let i = 0; i < count; i += 1) {
    const code = text.charCodeAt(cursor.pos + i);
    if (!isDigit(code)) return undefined;
    value = value * 10 + (code - 48);
  }
  cursor.pos += count;
  return value;
}

function expect(text: string, cursor: { pos: number }, char: string): boolean {
  if (text[cursor.pos] !== char) return false;
  cursor.pos += 1;
  return true;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm; no Date.UTC two-digit-year trap). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * The UTC instant of a wall-clock time in `timeZone`. Ambiguous times (autumn overlap) take the earlier instant and
 * non-existent times (spring gap) are pushed forward by the gap, as Temporal's 'compatible' disambiguation does.
 */
function wallTimeToUtc(wallMs: number, timeZone: string): number | undefined {
  if (timeZone === 'UTC') return wallMs;
  try {
    return resolveWallTime(wallMs, timeZone);
  } catch {
    // Unknown zone (RangeError from Intl): the caller gets "invalid time" rather than an exception.
    return undefined;
  }
}

function resolveWallTime(wallMs: number, timeZone: string): number {
  const offsetBefore = zoneOffsetMs(timeZone, wallMs - MS_PER_DAY);
  const offsetAfter = zoneOffsetMs(timeZone, wallMs + MS_PER_DAY);
  const candidates: number[] = [];
  for (const offset of offsetBefore === offsetAfter ? [offsetBefore] : [offsetBefore, offsetAfter]) {
    const utc = wallMs - offset;
    if (zoneOffsetMs(timeZone, utc) === offset) candidates.push(utc);
  }
  if (candidates.length === 0) return wallMs - offsetBefore;
  return Math.min(...candidates);
}

/** The date of the last day formatted: events come in runs from the same day. */
let formattedDay = Number.NaN;
let formattedDate = '';

function formatUtc(utcSecondMs: number, fraction: string): string {
  const day = Math.floor(utcSecondMs / MS_PER_DAY);
  if (day !== formattedDay) {
    // toISOString gives YYYY-MM-DDThh:mm:ss.sssZ for years 0000-9999; outside that range it adds a sign
    // and 6 digits to the year. The date is what comes before `T`.
    const iso = new Date(day * MS_PER_DAY).toISOString();
    formattedDate = iso.slice(0, iso.indexOf('T'));
    formattedDay = day;
  }
  const secondOfDay = (utcSecondMs - day * MS_PER_DAY) / 1000;
  const time = `${twoDigits(Math.floor(secondOfDay / 3600))}:${twoDigits(Math.floor(secondOfDay / 60) % 60)}:${twoDigits(Math.floor(secondOfDay) % 60)}`;
  return fraction === '' ? `${formattedDate}T${time}Z` : `${formattedDate}T${time}.${fraction}Z`;
}

function twoDigits(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}
