/** An ISO time as `YYYY-MM-DD HH:MM:SSZ` for tables; '-' when there is none. */
export function shortTime(iso: string | null): string {
  if (iso === null) return '-';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}
