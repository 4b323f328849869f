/** The GSM 03.38 basic character set: one septet each. */
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
/** The GSM 03.38 extension table: an escape plus the character, two septets each. */
const GSM7_EXTENSION = new Set('^{}\\[~]|€');

/** Septets in one single-part GSM-7 SMS. */
export const SMS_SEGMENT_SEPTETS = 160;

/** Septets `text` takes in GSM-7, or undefined when a character is not in GSM-7 at all. */
export function gsm7Septets(text: string): number | undefined {
  let septets = 0;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) septets += 1;
    else if (GSM7_EXTENSION.has(char)) septets += 2;
    else return undefined;
  }
  return septets;
}

/**
 * Makes `text` one GSM-7 segment once SNS has put `prefix` (the topic's display name and `> `) in
 * front of it: line breaks become spaces, characters outside GSM-7 become `?` (one of them would turn
 * the whole message into UCS-2, where a segment holds 70 characters), and what does not fit is cut
 * with `...`.
 */
export function fitSmsSegment(text: string, prefix: string): string {
  const prefixSeptets = gsm7Septets(prefix);
  if (prefixSeptets === undefined) throw new Error(`SMS prefix '${prefix}' is not GSM-7 text`);
  const budget = SMS_SEGMENT_SEPTETS - prefixSeptets;
  let safe = '';
  for (const char of text.replace(/\s+/g, ' ')) safe += gsm7Septets(char) === undefined ? '?' : char;
  if ((gsm7Septets(safe) ?? 0) <= budget) return safe;
  let cut = '';
  let used = 3;
  for (const char of safe) {
    const size = gsm7Septets(char) ?? 1;
    if (used + size > budget) break;
    cut += char;
    used += size;
  }
  return `${cut}...`;
}
