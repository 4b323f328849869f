/** Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01. */
const EPOCH_DIFFERENCE_SECONDS = 11_644_473_600;
const TICKS_PER_SECOND = 10_000_000;
/** 2^32 = 429 * 10^7 + 4_967_296: splits a FILETIME's high word without losing integer precision. */
const HIGH_WORD_SECONDS = 429;
const HIGH_WORD_TICKS = 4_967_296;
/** 9999-12-31T23:59:59Z in Unix seconds: later times have no four-digit year. */
const MAX_UNIX_SECONDS = 253_402_300_799;
const MAX_HIGH_WORD = 0x24c85a5e;

/**
 * A FILETIME (two little-endian words of 100 ns ticks) as ISO 8601 UTC with all seven fraction digits,
 * as Event Viewer writes SystemTime; undefined past the year 9999.
 */
export function renderFileTime(low: number, high: number): string | undefined {
  if (high > MAX_HIGH_WORD) return undefined;
  const rest = high * HIGH_WORD_TICKS + low;
  const unixSeconds =
    high * HIGH_WORD_SECONDS + Math.floor(rest / TICKS_PER_SECOND) - EPOCH_DIFFERENCE_SECONDS;
  if (unixSeconds > MAX_UNIX_SECONDS) return undefined;
  const fraction = rest % TICKS_PER_SECOND;
  return `${secondsText(unixSeconds)}.${String(fraction).padStart(7, '0')}Z`;
}

/** The last second rendered: records next to each other mostly fall in the same second. */
let lastSeconds = Number.NaN;
let lastSecondsText = '';

function secondsText(unixSeconds: number): string {
  if (unixSeconds !== lastSeconds) {
    lastSeconds = unixSeconds;
    lastSecondsText = new Date(unixSeconds * 1000).toISOString().slice(0, 19);
  }
  return lastSecondsText;
}
