const UTF16 = new TextDecoder('utf-16le', { ignoreBOM: true });
/** ANSI strings: evtxexport's default codepage, and what Western-language Windows writes. */
const ANSI = new TextDecoder('windows-1252');
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
  let end = start;
  while (end < start + size && bytes[end] !== 0) end++;
  return ANSI.decode(bytes.subarray(start, end));
}
