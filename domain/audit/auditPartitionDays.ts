const DAY_MS = 86_400_000;

/**
 * The audit trail's `dt=` partitions (UTC days, `YYYY-MM-DD`) that can hold records written between
 * `sinceMs` and `untilMs`, both included, oldest first. Empty when the range is empty.
 */
export function auditPartitionDays(sinceMs: number, untilMs: number): string[] {
  const days: string[] = [];
  for (let day = Math.floor(sinceMs / DAY_MS) * DAY_MS; day <= untilMs; day += DAY_MS) {
    days.push(new Date(day).toISOString().slice(0, 10));
  }
  return days;
}
