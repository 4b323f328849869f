const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) {
    return cached;
  }
  const created = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  });
  formatters.set(timeZone, created);
  return created;
}

/**
 * Offset of `timeZone` from UTC at the instant `utcMs`, in milliseconds (positive east of Greenwich).
 * Throws RangeError for an unknown zone; callers validate the zone first.
 */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  if (timeZone === 'UTC') {
    return 0;
  }
  const parts = formatterFor(timeZone).formatToParts(new Date(utcMs));
  let year = 0;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let beforeChrist = false;
  for (const part of parts) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value);
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        second = Number(part.value);
        break;
      case 'era':
        beforeChrist = part.value === 'BC' || part.value === 'B';
        break;
      default:
        break;
    }
  }
  const wallYear = beforeChrist ? 1 - year : year;
  const wall = new Date(0);
  wall.setUTCFullYear(wallYear, month - 1, day);
  wall.setUTCHours(hour, minute, second, 0);
  const wholeSecondUtc = utcMs - (((utcMs % 1000) + 1000) % 1000);
  return wall.getTime() - wholeSecondUtc;
}
