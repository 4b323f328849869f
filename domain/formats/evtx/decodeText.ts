const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
/**
 * Windows-1252 (what Western-language Windows writes as ANSI, and evtxexport's default) where it differs
 * from Latin-1, bytes 0x80-0x9F; kept here because Node's TextDecoder decodes that label as Latin-1.
 */
const CP1252_HIGH_CONTROLS =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
/** Below this many characters, building the string by hand beats a TextDecoder call. */
const SHORT_STRING = 24;

/** UTF-16LE text in `bytes[start, start + 2 * length)`. */
export function decodeUtf16(bytes: Uint8Array, start: number, length: number): string {
  if (length <= SHORT_STRING) {
    let text = '';
    for (let at = start, end = start + 2 * length; at < end; at += 2) {
      const unit = (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
      // Surrogates take the decoder's path, so a lone one becomes U+FFFD whatever the length.
      if (unit >= 0xd800 && unit <= 0xdfff) return UTF16.decode(bytes.subarray(start, start + 2 * length));
      text += String.fromCharCode(unit);
    }
    return text;
  }
  return UTF16.decode(bytes.subarray(start, start + 2 * length));
}

/** UTF-16LE text of a value `size` bytes long, ending at its first NUL character as Windows renders it. */
export function decodeUtf16Value(bytes: Uint8Array, start: number, size: number): string {
  const units = size >>> 1;
  let length = 0;
  while (length < units && (bytes[start + 2 * length] !== 0 || bytes[start + 2 * length + 1] !== 0)) length++;
  return decodeUtf16(bytes, start, length);
}

/** ANSI (Windows-1252) text of a value `size` bytes long, ending at its first NUL byte. */
export function decodeAnsiValue(bytes: Uint8Array, start: number, size: number): string {
  let text = '';
  for (let at = start; at < start + size; at++) {
    const byte = bytes[at] ?? 0;
    if (byte === 0) break;
    text +=
      byte >= 0x80 && byte < 0xa0 ? CP1252_HIGH_CONTROLS.charAt(byte - 0x80) : String.fromCharCode(byte);
  }
  return text;
}
