const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** A duration as an on-call engineer reads it at a glance: `40 s`, `2 min`, `5 h`, `412 d` (rounded down). */
export function describeAge(ms: number): string {
  const age = Math.max(0, ms);
  if (age < MINUTE_MS) return `${Math.floor(age / 1000)} s`;
  if (age < 2 * HOUR_MS) return `${Math.floor(age / MINUTE_MS)} min`;
  if (age < 2 * DAY_MS) return `${Math.floor(age / HOUR_MS)} h`;
  return `${Math.floor(age / DAY_MS)} d`;
}
