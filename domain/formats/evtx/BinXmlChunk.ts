import type { BinXmlNode } from './BinXmlNode';
import { decodeUtf16 } from './decodeText';
import { EvtxFormatError } from './EvtxFormatError';
import type { ValueBytes } from './renderBinXmlValue';

/** Name structure: next-name offset (4), hash (2), character count (2), characters, NUL (2). */
const NAME_HEADER_BYTES = 8;
/** Template definition: next-template offset (4), GUID (16), data size (4), then the BinXML fragment. */
export const TEMPLATE_HEADER_BYTES = 24;

/** Parses a template's BinXML; supplied by the parser, so that this file does not depend on it. */
export type TemplateParser = (chunk: BinXmlChunk, start: number, end: number, depth: number) => BinXmlNode[];

/**
 * One chunk's bytes with the names and template definitions its records refer to by chunk offset. Each is
 * read once, when first referred to (wherever it lies in the chunk), and kept for the chunk's other records.
 */
export class BinXmlChunk implements ValueBytes {
  readonly view: DataView;
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, readonly BinXmlNode[] | EvtxFormatError | 'parsing'>();

  /** `length`: bytes of the chunk present (less than a whole chunk at the end of a truncated file). */
  constructor(
    readonly bytes: Uint8Array,
    readonly length: number,
    private readonly parseTemplate: TemplateParser,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, length);
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }

  u16(offset: number): number {
    return this.view.getUint16(offset, true);
  }

  u32(offset: number): number {
    return this.view.getUint32(offset, true);
  }

  /** The qualified name stored at `offset`. */
  name(offset: number): string {
    const cached = this.names.get(offset);
    if (cached !== undefined) return cached;
    const characters = this.u16(offset + 6);
    this.need(offset + NAME_HEADER_BYTES + 2 * characters, 'name');
    const name = decodeUtf16(this.bytes, offset + NAME_HEADER_BYTES, characters);
    this.names.set(offset, name);
    return name;
  }

  /** Bytes the name structure at `offset` takes, for skipping a name defined in line. */
  nameSize(offset: number): number {
    return NAME_HEADER_BYTES + 2 * this.u16(offset + 6) + 2;
  }

  /** Bytes the template definition at `offset` takes (header included), for skipping one defined in line. */
  templateSize(offset: number): number {
    return TEMPLATE_HEADER_BYTES + this.u32(offset + 20);
  }

  /** The parsed template definition at `offset`. */
  template(offset: number, depth: number): readonly BinXmlNode[] {
    const cached = this.templates.get(offset);
    if (cached === 'parsing')
      throw new EvtxFormatError(`template at chunk offset ${offset} refers to itself`);
    if (cached instanceof EvtxFormatError) throw cached;
    if (cached !== undefined) return cached;
    this.templates.set(offset, 'parsing');
    try {
      const start = offset + TEMPLATE_HEADER_BYTES;
      const end = this.need(start + this.u32(offset + 20), 'template definition');
      const nodes = this.parseTemplate(this, start, end, depth);
      this.templates.set(offset, nodes);
      return nodes;
    } catch (error) {
      const failure =
        error instanceof EvtxFormatError
          ? new EvtxFormatError(`template at chunk offset ${offset}: ${error.message}`)
          : new EvtxFormatError(`template at chunk offset ${offset}: ${String(error)}`);
      this.templates.set(offset, failure);
      throw failure;
    }
  }

  /** `end`, after checking that the chunk holds bytes up to it. */
  need(end: number, what: string): number {
    if (end > this.length) throw new EvtxFormatError(`${what} runs past the end of the chunk`);
    return end;
  }
}
