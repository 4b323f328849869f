/**
 * How an object's records are delimited, decided from its first bytes (never from its name). Line
 * framing covers NDJSON, syslog-prefixed JSON, one-event-per-line XML and text: each line's kind is
 * then decided on its own, so one odd line does not decide the fate of the object.
 */
export type Framing = 'xml-events' | 'json-values' | 'lines';

const SYSLOG_PRI = /^<\d{1,3}>/;
/** A JSON array of objects (`[{`, maybe spread over lines); CloudWatch agent text lines start `[` + a word. */
const ARRAY_OF_OBJECTS = /^\[\s*\{/;

/**
 * Decides the framing from the beginning of the decoded text (its whole first line when that starts a
 * JSON object, plus what follows); undefined when there is nothing yet.
 */
export function sniffFraming(head: string): Framing | undefined {
  const text = head.trimStart();
  if (text === '') return undefined;
  // Raw XML is always framed on `</Event>`: messages may hold raw newlines, so lines are not events.
  if (text.startsWith('<') && !SYSLOG_PRI.test(text)) return 'xml-events';
  if (ARRAY_OF_OBJECTS.test(text)) return 'json-values';
  if (!text.startsWith('{')) return 'lines';
  const newline = text.indexOf('\n');
  const firstLine = (newline === -1 ? text : text.slice(0, newline)).trimEnd();
  if (firstLine.includes('"logEvents"')) return 'json-values';
  if (firstLine.endsWith('}')) return 'lines';
  // A first line that leaves its object open is pretty-printed JSON, or an NDJSON record cut short:
  // then the next line begins a record, and line framing keeps the damage to that one line.
  const next = newline === -1 ? '' : text.slice(newline + 1).trimStart();
  return next.startsWith('{') ? 'lines' : 'json-values';
}
