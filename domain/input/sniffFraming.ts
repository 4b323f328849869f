/** How an object's records are delimited, decided from its first bytes (never from its name). */
export type Framing =
  | 'xml-events'
  | 'json-lines'
  | 'syslog-json-lines'
  | 'json-values'
  | 'text-lines'
  | 'unknown-lines';

const SYSLOG_PRI = /^<\d{1,3}>/;

/** Decides the framing from the beginning of the decoded text. */
export function sniffFraming(head: string): Framing | undefined {
  const text = head.trimStart();
  if (text === '') return undefined;
  if (SYSLOG_PRI.test(text)) return 'syslog-json-lines';
  if (text.startsWith('<')) return 'xml-events';
  if (text.startsWith('{')) {
    const firstLine = text.split('\n', 1)[0] ?? '';
    return firstLine.includes('"logEvents"') || !firstLine.trimEnd().endsWith('}')
      ? 'json-values'
      : 'json-lines';
  }
  if (text.startsWith('[')) return 'text-lines';
  return 'unknown-lines';
}
