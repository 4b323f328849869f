import { BinXmlChunk } from './BinXmlChunk';
import type {
  AttributeNode,
  BinXmlNode,
  ElementNode,
  InstanceNode,
  SubstitutionNode,
  TemplateValue,
  TextNode,
} from './BinXmlNode';
import { ValueType as ValueTypes } from './BinXmlValueType';
import { decodeUtf16 } from './decodeText';
import { EvtxFormatError } from './EvtxFormatError';

/** Read once: under tsx's CommonJS output (the CLI) every read of an imported binding is a getter call. */
const ValueType = ValueTypes;

/** BinXML tokens (MS-EVEN6 2.2.12); `HAS_MORE` (0x40) marks attributes, or more data, following. */
const Token = {
  EndOfStream: 0x00,
  OpenStartElement: 0x01,
  CloseStartElement: 0x02,
  CloseEmptyElement: 0x03,
  EndElement: 0x04,
  Value: 0x05,
  Attribute: 0x06,
  CDataSection: 0x07,
  CharRef: 0x08,
  EntityRef: 0x09,
  PITarget: 0x0a,
  PIData: 0x0b,
  TemplateInstance: 0x0c,
  NormalSubstitution: 0x0d,
  OptionalSubstitution: 0x0e,
  FragmentHeader: 0x0f,
} as const;
const HAS_MORE = 0x40;
const TOKEN_MASK = 0xbf;
const FRAGMENT_HEADER_BYTES = 4;
/** Templates and BinXML values nest; real records go two or three deep. */
const MAX_NESTING = 16;
/** As deep as the XML parser allows (`parseXmlElementTree`). */
const MAX_ELEMENT_DEPTH = 64;
const ENTITIES: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['apos', "'"],
  ['quot', '"'],
]);

/** A chunk whose templates are parsed by this parser. */
export function createBinXmlChunk(bytes: Uint8Array, length: number): BinXmlChunk {
  return new BinXmlChunk(bytes, length, parseFragment);
}

/**
 * Parses the BinXML fragment in `chunk[start, end)` (a record's event, a template's body, or a BinXML value)
 * into nodes; template instances are parsed with their values, not yet expanded. Throws EvtxFormatError.
 */
export function parseFragment(chunk: BinXmlChunk, start: number, end: number, depth: number): BinXmlNode[] {
  if (depth > MAX_NESTING) throw new EvtxFormatError(`templates nested deeper than ${MAX_NESTING}`);
  return new FragmentParser(chunk, start, end, depth).fragment();
}

class FragmentParser {
  private pos: number;
  private elementDepth = 0;

  constructor(
    private readonly chunk: BinXmlChunk,
    start: number,
    private readonly end: number,
    private readonly depth: number,
  ) {
    this.pos = start;
    chunk.need(end, 'BinXML');
  }

  fragment(): BinXmlNode[] {
    const nodes: BinXmlNode[] = [];
    while (this.pos < this.end) {
      const token = this.chunk.u8(this.pos);
      if (token === Token.EndOfStream) break;
      if (token === Token.FragmentHeader) {
        this.pos += FRAGMENT_HEADER_BYTES;
      } else if ((token & TOKEN_MASK) === Token.OpenStartElement) {
        nodes.push(this.element());
      } else if (token === Token.TemplateInstance) {
        nodes.push(this.instance());
      } else if (!this.skipProcessingInstruction(token)) {
        throw this.unexpected(token, 'at the top of a fragment');
      }
    }
    return nodes;
  }

  private element(): ElementNode {
    if (++this.elementDepth > MAX_ELEMENT_DEPTH) {
      throw new EvtxFormatError(`elements nested deeper than ${MAX_ELEMENT_DEPTH}`);
    }
    const { chunk } = this;
    const token = chunk.u8(this.pos);
    // Template definitions put a 2-byte dependency id before the data size, records and BinXML values
    // do not. Read as a size, a dependency id and the size's low half make a number no chunk can hold.
    const sizeIfNoDependencyId = chunk.u32(this.pos + 1);
    this.pos += sizeIfNoDependencyId > chunk.length - this.pos - 7 ? 7 : 5;
    const name = localName(this.nameReference());
    const attributes: AttributeNode[] = [];
    const substitutions: number[] = [];
    if ((token & HAS_MORE) !== 0) {
      this.pos += 4; // attribute list size: the attributes are read token by token instead
      while ((this.peek() & TOKEN_MASK) === Token.Attribute) {
        const attribute = this.attribute(substitutions);
        if (attribute !== undefined) attributes.push(attribute);
      }
    }
    const close = this.peek();
    this.pos += 1;
    let children: BinXmlNode[] = [];
    if (close === Token.CloseStartElement) {
      children = this.content(substitutions);
    } else if (close !== Token.CloseEmptyElement) {
      throw this.unexpected(close, `closing the start tag of <${name}>`, this.pos - 1);
    }
    this.elementDepth--;
    const optionalContent = children.flatMap((child) =>
      child.kind === 'substitution' && child.optional ? [child.index] : [],
    );
    return { kind: 'element', name, attributes, children, substitutions, optionalContent };
  }

  /** An attribute; undefined for namespace declarations, which `XmlElement` leaves out. */
  private attribute(substitutions: number[]): AttributeNode | undefined {
    this.pos += 1;
    const qualifiedName = this.nameReference();
    const parts: (TextNode | SubstitutionNode)[] = [];
    for (;;) {
      const token = this.peek();
      const kind = token & TOKEN_MASK;
      if (kind === Token.Value) {
        parts.push(this.value());
      } else if (kind === Token.CharRef || kind === Token.EntityRef) {
        parts.push(this.reference(kind));
      } else if (token === Token.NormalSubstitution || token === Token.OptionalSubstitution) {
        const substitution = this.substitution();
        substitutions.push(substitution.index);
        parts.push(substitution);
      } else {
        break;
      }
    }
    if (qualifiedName === 'xmlns' || qualifiedName.startsWith('xmlns:')) return undefined;
    return { name: localName(qualifiedName), parts };
  }

  /** An element's content, up to and including its end tag. */
  private content(substitutions: number[]): BinXmlNode[] {
    const nodes: BinXmlNode[] = [];
    for (;;) {
      const token = this.peek();
      const kind = token & TOKEN_MASK;
      if (token === Token.EndElement) {
        this.pos += 1;
        return nodes;
      }
      if (kind === Token.OpenStartElement) {
        nodes.push(this.element());
      } else if (kind === Token.Value) {
        nodes.push(this.value());
      } else if (kind === Token.CharRef || kind === Token.EntityRef) {
        nodes.push(this.reference(kind));
      } else if (kind === Token.CDataSection) {
        const length = this.chunk.u16(this.pos + 1);
        nodes.push({ kind: 'text', text: this.text(this.pos + 3, length) });
        this.pos += 3 + 2 * length;
      } else if (token === Token.NormalSubstitution || token === Token.OptionalSubstitution) {
        const substitution = this.substitution();
        substitutions.push(substitution.index);
        nodes.push(substitution);
      } else if (token === Token.TemplateInstance) {
        nodes.push(this.instance());
      } else if (!this.skipProcessingInstruction(token)) {
        throw this.unexpected(token, 'in element content');
      }
    }
  }

  /** A value token: MS-EVEN6 allows only strings in it. */
  private value(): TextNode {
    const type = this.chunk.u8(this.pos + 1);
    if (type !== ValueType.String) {
      throw new EvtxFormatError(`value token of type 0x${type.toString(16)} at chunk offset ${this.pos}`);
    }
    const length = this.chunk.u16(this.pos + 2);
    const text = this.text(this.pos + 4, length);
    this.pos += 4 + 2 * length;
    return { kind: 'text', text };
  }

  private reference(kind: number): TextNode {
    if (kind === Token.CharRef) {
      const code = this.chunk.u16(this.pos + 1);
      this.pos += 3;
      return { kind: 'text', text: String.fromCharCode(code) };
    }
    this.pos += 1;
    const name = this.nameReference();
    return { kind: 'text', text: ENTITIES.get(name) ?? `&${name};` };
  }

  private substitution(): SubstitutionNode {
    const token = this.chunk.u8(this.pos);
    const index = this.chunk.u16(this.pos + 1);
    this.pos += 4; // token, index, declared type: the instance's own value type is the one used
    return { kind: 'substitution', index, optional: token === Token.OptionalSubstitution };
  }

  /**
   * A template instance: the definition is in line the first time a chunk uses the template and referred
   * to by chunk offset after that; then the value descriptors (size, type) and the values themselves.
   */
  private instance(): InstanceNode {
    const { chunk } = this;
    const definition = chunk.u32(this.pos + 6);
    this.pos += 10;
    if (definition === this.pos) this.pos += chunk.templateSize(definition);
    const template = chunk.template(definition, this.depth + 1);
    const count = chunk.u32(this.pos);
    this.pos += 4;
    if (count > (this.end - this.pos) / 4) {
      throw new EvtxFormatError(`template instance with ${count} values at chunk offset ${this.pos - 4}`);
    }
    const values: TemplateValue[] = new Array(count);
    let start = this.pos + 4 * count;
    for (let i = 0; i < count; i++) {
      const size = chunk.u16(this.pos + 4 * i);
      values[i] = { type: chunk.u8(this.pos + 4 * i + 2), start, size };
      start += size;
    }
    if (start > this.end) throw new EvtxFormatError('template values run past the end of the record');
    this.pos = start;
    return { kind: 'instance', template, values };
  }

  /** Skips a processing instruction's target or data; false for any other token. */
  private skipProcessingInstruction(token: number): boolean {
    if (token === Token.PITarget) {
      this.pos += 1;
      this.nameReference();
      return true;
    }
    if (token === Token.PIData) {
      this.pos += 3 + 2 * this.chunk.u16(this.pos + 1);
      return true;
    }
    return false;
  }

  /** A name by chunk offset; a name defined right here (its first use in the chunk) is skipped over. */
  private nameReference(): string {
    const offset = this.chunk.u32(this.pos);
    this.pos += 4;
    if (offset === this.pos) this.pos += this.chunk.nameSize(offset);
    return this.chunk.name(offset);
  }

  private text(start: number, length: number): string {
    this.chunk.need(start + 2 * length, 'text');
    return decodeUtf16(this.chunk.bytes, start, length);
  }

  private peek(): number {
    if (this.pos >= this.end) throw new EvtxFormatError('BinXML ends inside an element');
    return this.chunk.u8(this.pos);
  }

  private unexpected(token: number, where: string, at = this.pos): EvtxFormatError {
    return new EvtxFormatError(
      `unexpected BinXML token 0x${token.toString(16)} ${where} at chunk offset ${at}`,
    );
  }
}

function localName(qualifiedName: string): string {
  const colon = qualifiedName.lastIndexOf(':');
  return colon === -1 ? qualifiedName : qualifiedName.slice(colon + 1);
}
