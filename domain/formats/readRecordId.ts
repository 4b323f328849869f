/** A record id (EventRecordID, RecordNumber, Index) as a number, or undefined when absent or not a usable integer. */
export function readRecordId(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (!/^[0-9]{1,15}$/.test(text)) return undefined;
    return Number(text);
  }
  return undefined;
}
