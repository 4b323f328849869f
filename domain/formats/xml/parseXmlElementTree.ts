import type { XmlElement } from './XmlElement';

export type XmlParseResult =
  | { readonly kind: 'element'; readonly root: XmlElement }
  | { readonly kind: 'rejected'; readonly reason: 'malformed-xml' | 'xml-doctype'; readonly detail: string };

/** Built in place and handed out as the `XmlElement` it is (no second tree is made). */
interface ElementBuilder {
  readonly qualifiedName: string;
  readonly name: string;
  /** `NO_ATTRIBUTES` (shared, never written) until the element's first attribute. */
  attributes: Map<string, string>;
  readonly children: ElementBuilder[];
  text: string;
}

class XmlRejection {
  constructor(
    readonly reason: 'malformed-xml' | 'xml-doctype',
    readonly detail: string,
  ) {}
}

/** Real event records nest about six levels deep; the cap keeps recursive walkers of the tree safe. */
const MAX_DEPTH = 64;
const PREDEFINED_ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['apos', "'"],
  ['quot', '"'],
]);
/** Most elements of an event have no attributes: they share this one empty map. */
const NO_ATTRIBUTES: Map<string, string> = new Map();
const DTD_DECLARATIONS = ['<!DOCTYPE', '<!ENTITY', '<!ELEMENT', '<!ATTLIST', '<!NOTATION'];

/**
 * Parses one Windows event record (`<Event …>…</Event>`) into an element tree, in a single forward pass.
 * Deliberately small: no DTDs (any declaration is rejected as 'xml-doctype', so no XXE and no entity expansion),
 * only the five predefined entities and numeric character references, namespaces ignored. Control characters
 * that XML 1.0 forbids (Sysmon writes U+001B and U+0001) are kept as they are rather than failing the record.
 * Never throws; runs in time linear in the input.
 */
export function parseXmlElementTree(xml: string): XmlParseResult {
  if (typeof xml !== 'string') {
    return { kind: 'rejected', reason: 'malformed-xml', detail: 'record is not text' };
  }
  try {
    return { kind: 'element', root: new Scanner(xml).parseDocument() };
  } catch (error) {
    if (error instanceof XmlRejection) {
      return { kind: 'rejected', reason: error.reason, detail: error.detail };
    }
    return { kind: 'rejected', reason: 'malformed-xml', detail: `parser fault: ${String(error)}` };
  }
}

class Scanner {
  private pos = 0;
  private readonly stack: ElementBuilder[] = [];
  private root: ElementBuilder | undefined;
  /** The next `&` and `<` at or after where they were last asked for: asked in order, one pass each. */
  private nextAmpersand = -1;
  private nextLessThan = -1;

  constructor(private readonly xml: string) {}

  parseDocument(): ElementBuilder {
    const xml = this.xml;
    if (xml.charCodeAt(0) === 0xfeff) this.pos = 1;
    while (this.pos < xml.length) {
      const open = xml.indexOf('<', this.pos);
      const textEnd = open === -1 ? xml.length : open;
      if (textEnd > this.pos) this.handleText(this.pos, textEnd);
      if (open === -1) break;
      this.pos = open;
      this.handleMarkup();
    }
    const current = this.stack[this.stack.length - 1];
    if (current !== undefined) {
      throw new XmlRejection(
        'malformed-xml',
        `unexpected end of record: ${this.openElementsDescription()} not closed`,
      );
    }
    if (this.root === undefined) {
      throw new XmlRejection('malformed-xml', 'no element found');
    }
    return this.root;
  }

  private handleText(start: number, end: number): void {
    const current = this.stack[this.stack.length - 1];
    if (current === undefined) {
      if (!isWhitespaceOnly(this.xml, start, end)) {
        const where = this.root === undefined ? 'before the root element' : 'after the root element';
        throw new XmlRejection('malformed-xml', `text ${where} at offset ${start}`);
      }
      return;
    }
    current.text += this.decodeEntities(start, end);
  }

  private handleMarkup(): void {
    const xml = this.xml;
    const next = xml[this.pos + 1];
    if (next === '/') {
      this.handleEndTag();
    } else if (next === '?') {
      this.pos = this.indexAfter('?>', this.pos + 2, 'processing instruction');
    } else if (next === '!') {
      this.handleDeclaration();
    } else {
      this.handleStartTag();
    }
  }

  private handleDeclaration(): void {
    const xml = this.xml;
    if (xml.startsWith('<!--', this.pos)) {
      this.pos = this.indexAfter('-->', this.pos + 4, 'comment');
      return;
    }
    if (xml.startsWith('<![CDATA[', this.pos)) {
      const contentStart = this.pos + 9;
      const end = this.indexAfter(']]>', contentStart, 'CDATA section');
      const current = this.stack[this.stack.length - 1];
      if (current === undefined) {
        throw new XmlRejection('malformed-xml', `CDATA outside the root element at offset ${this.pos}`);
      }
      current.text += xml.slice(contentStart, end - 3);
      this.pos = end;
      return;
    }
    for (const declaration of DTD_DECLARATIONS) {
      if (xml.startsWith(declaration, this.pos)) {
        throw new XmlRejection('xml-doctype', `${declaration.slice(1)} declaration at offset ${this.pos}`);
      }
    }
    throw new XmlRejection('malformed-xml', `unexpected markup '<!' at offset ${this.pos}`);
  }

  private handleStartTag(): void {
    const xml = this.xml;
    const tagStart = this.pos;
    this.pos += 1;
    const qualifiedName = this.readName('element name');
    if (this.root !== undefined && this.stack.length === 0) {
      throw new XmlRejection('malformed-xml', `second root element <${qualifiedName}> at offset ${tagStart}`);
    }
    if (this.stack.length >= MAX_DEPTH) {
      throw new XmlRejection(
        'malformed-xml',
        `elements nested deeper than ${MAX_DEPTH} at offset ${tagStart}`,
      );
    }
    const element: ElementBuilder = {
      qualifiedName,
      name: localName(qualifiedName),
      attributes: NO_ATTRIBUTES,
      children: [],
      text: '',
    };
    for (;;) {
      const hadSpace = this.skipWhitespace();
      const char = xml[this.pos];
      if (char === undefined) {
        throw new XmlRejection(
          'malformed-xml',
          `unexpected end of record inside tag <${qualifiedName}>${this.openElementsSuffix()}`,
        );
      }
      if (char === '>') {
        this.pos += 1;
        this.open(element);
        return;
      }
      if (char === '/') {
        if (xml[this.pos + 1] !== '>') {
          throw new XmlRejection(
            'malformed-xml',
            `expected '/>' in tag <${qualifiedName}> at offset ${this.pos}`,
          );
        }
        this.pos += 2;
        this.open(element);
        this.close();
        return;
      }
      if (!hadSpace) {
        throw new XmlRejection(
          'malformed-xml',
          `expected whitespace in tag <${qualifiedName}> at offset ${this.pos}`,
        );
      }
      this.readAttribute(element);
    }
  }

  private readAttribute(element: ElementBuilder): void {
    const xml = this.xml;
    const qualifiedName = this.readName('attribute name', element);
    this.skipWhitespace();
    if (xml[this.pos] !== '=') {
      throw new XmlRejection(
        'malformed-xml',
        `expected '=' after attribute ${qualifiedName} at offset ${this.pos}`,
      );
    }
    this.pos += 1;
    this.skipWhitespace();
    const quote = xml[this.pos];
    if (quote !== '"' && quote !== "'") {
      throw new XmlRejection(
        'malformed-xml',
        `expected a quoted value for attribute ${qualifiedName} at offset ${this.pos}`,
      );
    }
    const valueStart = this.pos + 1;
    const valueEnd = xml.indexOf(quote, valueStart);
    if (valueEnd === -1) {
      throw new XmlRejection(
        'malformed-xml',
        `unexpected end of record inside attribute ${qualifiedName} of <${element.qualifiedName}>${this.openElementsSuffix()}`,
      );
    }
    const lessThan = this.lessThanWithin(valueStart, valueEnd);
    if (lessThan !== -1) {
      throw new XmlRejection('malformed-xml', `'<' inside attribute ${qualifiedName} at offset ${lessThan}`);
    }
    const value = this.decodeEntities(valueStart, valueEnd);
    this.pos = valueEnd + 1;
    if (qualifiedName === 'xmlns' || qualifiedName.startsWith('xmlns:')) return;
    const name = localName(qualifiedName);
    if (element.attributes === NO_ATTRIBUTES) element.attributes = new Map();
    if (!element.attributes.has(name)) element.attributes.set(name, value);
  }

  private handleEndTag(): void {
    const tagStart = this.pos;
    this.pos += 2;
    const qualifiedName = this.readName('end tag name');
    this.skipWhitespace();
    if (this.xml[this.pos] !== '>') {
      if (this.pos >= this.xml.length) {
        throw new XmlRejection(
          'malformed-xml',
          `unexpected end of record inside end tag </${qualifiedName}>${this.openElementsSuffix()}`,
        );
      }
      throw new XmlRejection(
        'malformed-xml',
        `expected '>' to end </${qualifiedName}> at offset ${this.pos}`,
      );
    }
    this.pos += 1;
    const current = this.stack[this.stack.length - 1];
    if (current === undefined) {
      throw new XmlRejection(
        'malformed-xml',
        `end tag </${qualifiedName}> without a start tag at offset ${tagStart}`,
      );
    }
    if (current.qualifiedName !== qualifiedName) {
      throw new XmlRejection(
        'malformed-xml',
        `end tag </${qualifiedName}> does not match <${current.qualifiedName}> at offset ${tagStart}`,
      );
    }
    this.close();
  }

  private open(element: ElementBuilder): void {
    const parent = this.stack[this.stack.length - 1];
    if (parent === undefined) {
      this.root = element;
    } else {
      parent.children.push(element);
    }
    this.stack.push(element);
  }

  private close(): void {
    this.stack.pop();
  }

  /** `element`: the one whose attribute is read, named in the message of a rejection. */
  private readName(thing: string, element?: ElementBuilder): string {
    const xml = this.xml;
    const start = this.pos;
    while (this.pos < xml.length && isNameChar(xml.charCodeAt(this.pos))) this.pos += 1;
    if (this.pos === start) {
      const what = element === undefined ? thing : `${thing} in <${element.qualifiedName}>`;
      if (start >= xml.length) {
        throw new XmlRejection(
          'malformed-xml',
          `unexpected end of record: ${what} expected${this.openElementsSuffix()}`,
        );
      }
      throw new XmlRejection('malformed-xml', `${what} expected at offset ${start}`);
    }
    return xml.slice(start, this.pos);
  }

  private skipWhitespace(): boolean {
    const start = this.pos;
    while (this.pos < this.xml.length && isWhitespace(this.xml.charCodeAt(this.pos))) this.pos += 1;
    return this.pos > start;
  }

  /** Position just past `terminator`, searching from `from`; a missing terminator means the record was cut off. */
  private indexAfter(terminator: string, from: number, what: string): number {
    const found = this.xml.indexOf(terminator, from);
    if (found === -1) {
      throw new XmlRejection(
        'malformed-xml',
        `unexpected end of record inside ${what}${this.openElementsSuffix()}`,
      );
    }
    return found + terminator.length;
  }

  private decodeEntities(start: number, end: number): string {
    const xml = this.xml;
    let amp = this.ampersandWithin(start, end);
    if (amp === -1) return xml.slice(start, end);
    let decoded = '';
    let from = start;
    while (amp !== -1) {
      decoded += xml.slice(from, amp);
      // Entity names and references are short; bounding the search keeps a stray '&' from scanning far ahead.
      const semicolon = indexOfWithin(xml, 0x3b, amp + 1, Math.min(end, amp + 13));
      if (semicolon === -1) {
        throw new XmlRejection('malformed-xml', `'&' not starting an entity reference at offset ${amp}`);
      }
      decoded += decodeReference(xml.slice(amp + 1, semicolon), amp);
      from = semicolon + 1;
      amp = this.ampersandWithin(from, end);
    }
    return decoded + xml.slice(from, end);
  }

  /** The first `&` in `[from, end)`, or -1; `from` never goes back between calls. */
  private ampersandWithin(from: number, end: number): number {
    if (this.nextAmpersand !== Number.POSITIVE_INFINITY && this.nextAmpersand < from) {
      const at = this.xml.indexOf('&', from);
      this.nextAmpersand = at === -1 ? Number.POSITIVE_INFINITY : at;
    }
    return this.nextAmpersand < end ? this.nextAmpersand : -1;
  }

  /** The first `<` in `[from, end)`, or -1; `from` never goes back between calls. */
  private lessThanWithin(from: number, end: number): number {
    if (this.nextLessThan !== Number.POSITIVE_INFINITY && this.nextLessThan < from) {
      const at = this.xml.indexOf('<', from);
      this.nextLessThan = at === -1 ? Number.POSITIVE_INFINITY : at;
    }
    return this.nextLessThan < end ? this.nextLessThan : -1;
  }

  private openElementsDescription(): string {
    return this.stack.map((element) => `<${element.qualifiedName}>`).join(' > ');
  }

  private openElementsSuffix(): string {
    return this.stack.length === 0 ? '' : `; open elements: ${this.openElementsDescription()}`;
  }
}

function decodeReference(reference: string, offset: number): string {
  if (reference.startsWith('#')) {
    const hex = reference[1] === 'x';
    const digits = reference.slice(hex ? 2 : 1);
    const valid = hex ? /^[0-9a-fA-F]{1,6}$/.test(digits) : /^[0-9]{1,7}$/.test(digits);
    const codePoint = valid ? Number.parseInt(digits, hex ? 16 : 10) : Number.NaN;
    if (
      !Number.isInteger(codePoint) ||
      codePoint > 0x10ffff ||
      (codePoint >= 0xd800 && codePoint <= 0xdfff)
    ) {
      throw new XmlRejection(
        'malformed-xml',
        `invalid character reference &${reference}; at offset ${offset}`,
      );
    }
    return String.fromCodePoint(codePoint);
  }
  const predefined = PREDEFINED_ENTITIES.get(reference);
  if (predefined === undefined) {
    throw new XmlRejection('malformed-xml', `unknown entity &${reference}; at offset ${offset}`);
  }
  return predefined;
}

/** indexOf bounded to [from, end): an unbounded search per text node would make the scan quadratic. */
function indexOfWithin(text: string, code: number, from: number, end: number): number {
  for (let i = from; i < end; i += 1) {
    if (text.charCodeAt(i) === code) return i;
  }
  return -1;
}

function localName(qualifiedName: string): string {
  // lastIndexOf is a slow call in V8; nearly every name has no prefix at all.
  if (qualifiedName.indexOf(':') === -1) return qualifiedName;
  const colon = qualifiedName.lastIndexOf(':');
  return colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1);
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function isWhitespaceOnly(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i += 1) {
    if (!isWhitespace(text.charCodeAt(i))) return false;
  }
  return true;
}

/** Anything but whitespace and the characters that end a name in a tag. */
function isNameChar(code: number): boolean {
  return (
    !isWhitespace(code) &&
    code !== 0x3e && // >
    code !== 0x2f && // /
    code !== 0x3d && // =
    code !== 0x3c && // <
    code !== 0x22 && // "
    code !== 0x27 && // '
    code !== 0x26 && // &
    code !== 0x3f && // ?
    code !== 0x21 // !
  );
}
