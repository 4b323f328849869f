/** At most this many object starts of one line are tried. */
const MAX_STARTS = 32;
/** Each try parses the rest of the line: all tries together read at most this many times its length. */
const MAX_READS_OF_THE_LINE = 8;

/**
 * Where, in a line that is no JSON value, the next record may begin after a record cut off before it (a
 * shipper that died mid-write and started again on the same line): each `{"` past the first character,
 * in the order to try them. Starts that valid JSON could not have there (after anything but `:`, `,` or
 * `[`) come first: that is where one record runs into the next, so the usual case costs one parse. At
 * most one start can work: from any earlier one the cut-off record's braces stay open, and from a later
 * one the next record's closing brace is left over.
 */
export function recordStartsAfterCutOff(text: string): number[] {
  const runInto: number[] = [];
  const nested: number[] = [];
  for (let at = text.indexOf('{"', 1); at !== -1; at = text.indexOf('{"', at + 1)) {
    (couldNestHere(text, at) ? nested : runInto).push(at);
  }
  const starts: number[] = [];
  let budget = MAX_READS_OF_THE_LINE * text.length;
  for (const at of [...runInto, ...nested]) {
    budget -= text.length - at;
    if (budget < 0 || starts.length === MAX_STARTS) break;
    starts.push(at);
  }
  return starts;
}

/** Whether valid JSON could open an object at `at`: after `:`, `,` or `[`, spaces aside. */
function couldNestHere(text: string, at: number): boolean {
  let before = at - 1;
  while (before > 0 && /\s/.test(text[before] as string)) before--;
  const char = text[before];
  return char === ':' || char === ',' || char === '[';
}
