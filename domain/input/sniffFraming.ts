/**
 * How an object's records are delimited, decided from its first bytes (never from its name). Line
 * framing covers NDJSON, syslog-prefixed JSON, one-event-per-line XML and text: each line's kind is
 * then decided on its own, so one odd line does not decide the fate of the object.
 */
export type Framing = 'xml-events' | 'json-values' | 'lines';

const SYSLOG_PRI = /^<\d{1,3}>/;

/** Decides the framing from the beginning of the decoded text; undefined when there is nothing yet. */
export function sniffFraming(head: string): Framing | undefined {
  const text = head.trimStart();
  if (text === '') return undefined;
  const firstLine = (text.split('\n', 1)[0] ?? '').trimEnd();
  // Raw XML is always framed on `</Event>`: messages may hold raw newlines, so lines are not events.
  if (text.startsWith('<') && !SYSLOG_PRI.test(text)) return 'xml-events';
  if (text.startsWith('{') && (firstLine.includes('"logEvents"') || !firstLine.endsWith('}')))
    return 'json-values';
  return 'lines';
}
