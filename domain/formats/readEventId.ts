export type EventIdReading =
  | { readonly kind: 'id'; readonly eventId: number }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' };

const MIN_SIGNED_32 = -0x8000_0000;
const MAX_UNSIGNED_32 = 0xffff_ffff;

/**
 * Reads an event id as shippers write it — a number, a decimal string ("7031" from Winlogbeat ≥7.13), the full
 * 32-bit id with qualifiers (3221232503 from Get-EventLog InstanceId or WMI, or its signed form) or hex "0xC0001B77" —
 * and keeps the low 16 bits, which is what every other format calls the event id.
 */
export function readEventId(value: unknown): EventIdReading {
  if (value === undefined || value === null || value === '') return { kind: 'missing' };
  let id: number;
  if (typeof value === 'number') {
    id = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (/^-?[0-9]{1,10}$/.test(text)) {
      id = Number(text);
    } else if (/^0[xX][0-9a-fA-F]{1,8}$/.test(text)) {
      id = Number.parseInt(text.slice(2), 16);
    } else {
      return { kind: 'invalid' };
    }
  } else {
    return { kind: 'invalid' };
  }
  if (!Number.isInteger(id) || id < MIN_SIGNED_32 || id > MAX_UNSIGNED_32) return { kind: 'invalid' };
  return { kind: 'id', eventId: id & 0xffff };
}
