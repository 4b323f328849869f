import { isJsonObject } from '../formats/json/isJsonObject';
import { recordStartsAfterCutOff } from './recordStartsAfterCutOff';

/** A stretch `[start, end)` of a line's text; `cutOff` when it is a record cut short by the next one. */
export interface GluedPart {
  readonly start: number;
  readonly end: number;
  readonly cutOff: boolean;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The parts of a line that is no JSON value but may hold several records: whole objects written back to
 * back (Firehose concatenates records without a delimiter unless told otherwise), and at most one record
 * cut off and run into the next (a shipper that died mid-write and started again on the same line). What
 * follows the last whole object when no record can begin after it is one last part, to be read (and
 * rejected) as it is. Undefined when the line neither begins with a whole object nor has whole objects
 * after a cut: then it is one bad record.
 */
export function gluedJsonObjects(text: string): GluedPart[] | undefined {
  const parts: GluedPart[] = [];
  let at = skipJsonWhitespace(text, 0);
  while (at < text.length) {
    const end = wholeObjectEnd(text, at);
    if (end !== undefined) {
      parts.push({ start: at, end, cutOff: false });
      at = skipJsonWhitespace(text, end);
      continue;
    }
    const next = nextRecordAfterCutOff(text, at);
    if (next === undefined) {
      if (parts.length === 0) return undefined;
      parts.push({ start: at, end: text.length, cutOff: false });
      return parts;
    }
    parts.push({ start: at, end: next, cutOff: true });
    at = next;
  }
  return parts;
}

/**
 * Where, after a record cut off at `from`, the next one begins: the first candidate start (see
 * `recordStartsAfterCutOff`) from which the rest of the line is whole objects.
 */
function nextRecordAfterCutOff(text: string, from: number): number | undefined {
  const rest = text.slice(from);
  for (const start of recordStartsAfterCutOff(rest)) {
    if (onlyWholeObjectsFrom(text, from + start)) return from + start;
  }
  return undefined;
}

function onlyWholeObjectsFrom(text: string, from: number): boolean {
  let at = from;
  while (at < text.length) {
    const end = wholeObjectEnd(text, at);
    if (end === undefined) return false;
    at = skipJsonWhitespace(text, end);
  }
  return true;
}

/** The end of the JSON object that begins at `at`, when it closes and parses. */
function wholeObjectEnd(text: string, at: number): number | undefined {
  const end = balancedObjectEnd(text, at);
  if (end === undefined) return undefined;
  try {
    return isJsonObject(JSON.parse(text.slice(at, end))) ? end : undefined;
  } catch {
    return undefined;
  }
}

/** Just past the brace that closes the one opened at `at`, strings skipped; undefined when none does. */
function balancedObjectEnd(text: string, at: number): number | undefined {
  if (text.charCodeAt(at) !== OPEN_BRACE) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = at; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === BACKSLASH) i++;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) inString = true;
    else if (char === OPEN_BRACE) depth++;
    else if (char === CLOSE_BRACE && --depth === 0) return i + 1;
  }
  return undefined;
}

function skipJsonWhitespace(text: string, from: number): number {
  let at = from;
  while (at < text.length && /[ \t\r\n]/.test(text[at] as string)) at++;
  return at;
}
