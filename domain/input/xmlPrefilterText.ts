import { readEventId } from '../formats/readEventId';

const REFERENCE = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|apos|quot);/g;
const PREDEFINED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', apos: "'", quot: '"' };
const EVENT_ID_TEXT = /<(?:[\w.-]+:)?EventID(?:\s[^>]*)?>([^<]*)</;
const PLAIN_ID = /^\d{1,5}$/;
const MAX_16_BIT = 0xffff;

/**
 * The text of an XML event record as the prefilter should see it: references decoded (the parser decodes
 * them too), and the event id appended as the 16-bit decimal the rules name when the record writes it
 * another way (32-bit with qualifiers, signed, hex), so the prefilter never skips what the parser would read
 * as a rule's event.
 */
export function xmlPrefilterText(text: string): string {
  const decoded = decodeXmlReferences(text);
  const idText = EVENT_ID_TEXT.exec(decoded)?.[1];
  if (idText === undefined || (PLAIN_ID.test(idText) && Number(idText) <= MAX_16_BIT)) return decoded;
  const id = readEventId(idText);
  return id.kind === 'id' ? `${decoded} ${id.eventId}` : decoded;
}

/** The text with its character and predefined entity references decoded, as the parser reads them. */
export function decodeXmlReferences(text: string): string {
  return text.includes('&') ? text.replace(REFERENCE, decodeReference) : text;
}

function decodeReference(reference: string, name: string): string {
  if (!name.startsWith('#')) return PREDEFINED[name] ?? reference;
  const codePoint = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
  return codePoint <= 0x10ffff && !(codePoint >= 0xd800 && codePoint <= 0xdfff)
    ? String.fromCodePoint(codePoint)
    : reference;
}
