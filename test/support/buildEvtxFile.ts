import { crc32 } from 'node:zlib';

/**
 * Writes .evtx files for tests, the way Windows lays them out (MS-EVEN6 BinXML; file and chunk headers as
 * libyal's EVTX notes describe them): a 4 KiB file header, 64 KiB chunks with valid checksums, and records
 * whose BinXML is a template instance. Each chunk defines a template in line at its first use and refers to
 * it by offset after that; names are defined in line once per chunk. EventData is part of the template, one
 * `<Data>` per value (named, or unnamed for classic events), then `<Binary>` when given.
 * Independent of the reader on purpose: its checksums come from zlib.
 */
export interface EvtxTestEvent {
  readonly computer: string;
  readonly channel: string;
  readonly provider: string;
  readonly providerGuid?: string;
  readonly eventSourceName?: string;
  readonly eventId: number;
  readonly qualifiers?: number;
  readonly level: number;
  readonly task?: number;
  readonly keywords?: bigint;
  /** ISO 8601 UTC with up to 7 fraction digits (FILETIME's resolution). */
  readonly time: string;
  readonly recordId: number;
  readonly processId?: number;
  readonly threadId?: number;
  readonly userSid?: string;
  /** Named values (`<Data Name=…>`), or unnamed ones for classic events. */
  readonly data: readonly (readonly [string, string])[] | readonly string[];
  /** `<Binary>` as hex. */
  readonly binary?: string;
}

export interface EvtxFileOptions {
  /** Records per chunk at most (a chunk also ends when full). */
  readonly eventsPerChunk?: number;
  /** Sets the file header's dirty flag. */
  readonly dirty?: boolean;
  /** The chunk count the file header states; by default the number of chunks written. */
  readonly headerChunkCount?: number;
}

const FILE_HEADER_BYTES = 4096;
const CHUNK_BYTES = 65536;
const CHUNK_HEADER_BYTES = 512;
const EVENT_NAMESPACE = 'http://schemas.microsoft.com/win/2004/08/events/event';
const FILETIME_EPOCH_OFFSET_SECONDS = 11_644_473_600n;

export function buildEvtxFile(events: readonly EvtxTestEvent[], options: EvtxFileOptions = {}): Buffer {
  const perChunk = options.eventsPerChunk ?? Number.POSITIVE_INFINITY;
  const chunks: Buffer[] = [];
  let chunk = new ChunkWriter();
  for (const event of events) {
    if (chunk.records >= perChunk || !chunk.tryAppend(event)) {
      chunks.push(chunk.finish());
      chunk = new ChunkWriter();
      if (!chunk.tryAppend(event)) throw new Error(`event ${event.recordId} does not fit in a chunk`);
    }
  }
  if (chunk.records > 0) chunks.push(chunk.finish());
  const lastRecordId = events.reduce((last, event) => Math.max(last, event.recordId), 0);
  return Buffer.concat([fileHeader(chunks.length, lastRecordId, options), ...chunks]);
}

/** Offsets of each chunk in a file written by `buildEvtxFile`. */
export function evtxChunkOffset(index: number): number {
  return FILE_HEADER_BYTES + index * CHUNK_BYTES;
}

function fileHeader(chunkCount: number, lastRecordId: number, options: EvtxFileOptions): Buffer {
  const header = Buffer.alloc(FILE_HEADER_BYTES);
  header.write('ElfFile\0', 0, 'latin1');
  header.writeBigUInt64LE(0n, 8);
  header.writeBigUInt64LE(BigInt(Math.max(chunkCount - 1, 0)), 16);
  header.writeBigUInt64LE(BigInt(lastRecordId + 1), 24);
  header.writeUInt32LE(128, 32);
  header.writeUInt16LE(1, 36);
  header.writeUInt16LE(3, 38);
  header.writeUInt16LE(FILE_HEADER_BYTES, 40);
  header.writeUInt16LE(options.headerChunkCount ?? chunkCount, 42);
  header.writeUInt32LE(options.dirty ? 1 : 0, 120);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  return header;
}

/** Value types (MS-EVEN6 2.2.12), as far as these events need them. */
const Type = {
  Null: 0x00,
  String: 0x01,
  UInt8: 0x04,
  UInt16: 0x06,
  UInt32: 0x08,
  UInt64: 0x0a,
  Binary: 0x0e,
  Guid: 0x0f,
  FileTime: 0x11,
  Sid: 0x13,
  HexInt64: 0x15,
} as const;

interface Value {
  readonly type: number;
  readonly bytes: Buffer;
}

/** An attribute whose value is a substitution, or literal text in the template (`<Data Name='param1'>`). */
type TemplateAttribute =
  | { readonly name: string; readonly index: number; readonly optional: boolean }
  | { readonly name: string; readonly text: string };

/** One template node: an element, with its attributes and content. */
interface TemplateElement {
  readonly name: string;
  readonly attributes?: readonly TemplateAttribute[];
  readonly content?: readonly TemplateElement[] | { readonly index: number; readonly optional?: boolean };
}

class ChunkWriter {
  records = 0;
  private readonly bytes = Buffer.alloc(CHUNK_BYTES);
  private pos = CHUNK_HEADER_BYTES;
  private readonly names = new Map<string, number>();
  private readonly templates = new Map<string, number>();
  private firstRecordId = 0;
  private lastRecordId = 0;
  private lastRecordOffset = 0;

  /** Appends the event's record; false (and nothing written) when it does not fit. */
  tryAppend(event: EvtxTestEvent): boolean {
    const saved = { pos: this.pos, names: new Map(this.names), templates: new Map(this.templates) };
    try {
      this.appendRecord(event);
      return true;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      this.bytes.fill(0, saved.pos);
      this.pos = saved.pos;
      this.names.clear();
      for (const [name, offset] of saved.names) this.names.set(name, offset);
      this.templates.clear();
      for (const [key, offset] of saved.templates) this.templates.set(key, offset);
      return false;
    }
  }

  finish(): Buffer {
    const { bytes } = this;
    bytes.write('ElfChnk\0', 0, 'latin1');
    bytes.writeBigUInt64LE(BigInt(this.firstRecordId), 8);
    bytes.writeBigUInt64LE(BigInt(this.lastRecordId), 16);
    bytes.writeBigUInt64LE(BigInt(this.firstRecordId), 24);
    bytes.writeBigUInt64LE(BigInt(this.lastRecordId), 32);
    bytes.writeUInt32LE(128, 40);
    bytes.writeUInt32LE(this.lastRecordOffset, 44);
    bytes.writeUInt32LE(this.pos, 48);
    bytes.writeUInt32LE(crc32(bytes.subarray(CHUNK_HEADER_BYTES, this.pos)), 52);
    bytes.writeUInt32LE(0, 120);
    bytes.writeUInt32LE(crc32(bytes.subarray(128, CHUNK_HEADER_BYTES), crc32(bytes.subarray(0, 120))), 124);
    return bytes;
  }

  private appendRecord(event: EvtxTestEvent): void {
    const start = this.pos;
    this.u32(0x00002a2a);
    this.u32(0); // size, patched below
    this.u64(BigInt(event.recordId));
    this.u64(fileTime(event.time));
    this.u8s(0x0f, 0x01, 0x01, 0x00);
    this.templateInstance(event);
    this.u8s(0x00);
    const size = this.pos - start + 4;
    this.u32(size);
    this.bytes.writeUInt32LE(size, start + 4);
    if (this.records === 0) this.firstRecordId = event.recordId;
    this.lastRecordId = event.recordId;
    this.lastRecordOffset = start;
    this.records++;
  }

  private templateInstance(event: EvtxTestEvent): void {
    const named = event.data.length > 0 && typeof event.data[0] !== 'string';
    const dataNames = named
      ? (event.data as readonly (readonly [string, string])[]).map(([name]) => name)
      : [];
    const key = JSON.stringify([named, dataNames, event.data.length, event.binary !== undefined]);
    this.u8s(0x0c, 0x01);
    this.u32(0x1234_5678); // template id: the first four bytes of its GUID
    const known = this.templates.get(key);
    if (known !== undefined) {
      this.u32(known);
    } else {
      const definition = this.pos + 4;
      this.u32(definition);
      this.templates.set(key, definition);
      this.templateDefinition(eventTemplate(named, dataNames, event.data.length, event.binary !== undefined));
    }
    const values = eventValues(event);
    this.u32(values.length);
    for (const value of values) {
      this.u16(value.bytes.length);
      this.u8s(value.type, 0);
    }
    for (const value of values) this.raw(value.bytes);
  }

  private templateDefinition(root: TemplateElement): void {
    this.u32(0); // next template in the hash bucket
    this.raw(Buffer.from('785634120000000000000000000000aa', 'hex'));
    const sizeAt = this.pos;
    this.u32(0);
    const dataStart = this.pos;
    this.u8s(0x0f, 0x01, 0x01, 0x00);
    this.element(root, true);
    this.u8s(0x00);
    this.bytes.writeUInt32LE(this.pos - dataStart, sizeAt);
  }

  private element(element: TemplateElement, namespace = false): void {
    const attributes = element.attributes ?? [];
    const start = this.pos;
    this.u8s(attributes.length > 0 || namespace ? 0x41 : 0x01);
    this.u16(0xffff); // dependency id: template definitions have one
    this.u32(0); // data size, patched below
    this.name(element.name);
    if (attributes.length > 0 || namespace) {
      const listSizeAt = this.pos;
      this.u32(0);
      const listStart = this.pos;
      const count = attributes.length + (namespace ? 1 : 0);
      let written = 0;
      if (namespace) {
        this.u8s(++written < count ? 0x46 : 0x06);
        this.name('xmlns');
        this.text(EVENT_NAMESPACE);
      }
      for (const attribute of attributes) {
        this.u8s(++written < count ? 0x46 : 0x06);
        this.name(attribute.name);
        if ('text' in attribute) this.text(attribute.text);
        else this.substitution(attribute.index, attribute.optional);
      }
      this.bytes.writeUInt32LE(this.pos - listStart, listSizeAt);
    }
    const content = element.content;
    if (content === undefined) {
      this.u8s(0x03);
    } else {
      this.u8s(0x02);
      if (Array.isArray(content)) {
        for (const child of content) this.element(child);
      } else {
        const { index, optional } = content as { index: number; optional?: boolean };
        this.substitution(index, optional ?? false);
      }
      this.u8s(0x04);
    }
    this.bytes.writeUInt32LE(this.pos - start - 7, start + 3);
  }

  private text(text: string): void {
    this.u8s(0x05, 0x01);
    this.u16(text.length);
    this.raw(Buffer.from(text, 'utf16le'));
  }

  private substitution(index: number, optional: boolean): void {
    this.u8s(optional ? 0x0e : 0x0d);
    this.u16(index);
    this.u8s(0x00);
  }

  /** A name by chunk offset; its first use in the chunk defines it right after the offset. */
  private name(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const offset = this.pos + 4;
    this.u32(offset);
    this.names.set(name, offset);
    this.u32(0);
    this.u16(nameHash(name));
    this.u16(name.length);
    this.raw(Buffer.from(name, 'utf16le'));
    this.u16(0);
  }

  private u8s(...values: number[]): void {
    for (const value of values) this.pos = this.bytes.writeUInt8(value, this.pos);
  }

  private u16(value: number): void {
    this.pos = this.bytes.writeUInt16LE(value, this.pos);
  }

  private u32(value: number): void {
    this.pos = this.bytes.writeUInt32LE(value, this.pos);
  }

  private u64(value: bigint): void {
    this.pos = this.bytes.writeBigUInt64LE(value, this.pos);
  }

  private raw(bytes: Buffer): void {
    if (this.pos + bytes.length > CHUNK_BYTES) throw new RangeError('chunk full');
    this.pos += bytes.copy(this.bytes, this.pos);
  }
}

/** The System element of Windows events, then EventData: substitutions 0–18 for System, 19… for the data. */
function eventTemplate(
  named: boolean,
  names: readonly string[],
  dataCount: number,
  binary: boolean,
): TemplateElement {
  const simple = (name: string, index: number): TemplateElement => ({ name, content: { index } });
  const data: TemplateElement[] = Array.from({ length: dataCount }, (_, i) => ({
    name: 'Data',
    ...(named ? { attributes: [{ name: 'Name', text: names[i] ?? '' }] } : {}),
    content: { index: 19 + i },
  }));
  if (binary) data.push({ name: 'Binary', content: { index: 19 + dataCount, optional: true } });
  return {
    name: 'Event',
    content: [
      {
        name: 'System',
        content: [
          {
            name: 'Provider',
            attributes: [
              { name: 'Name', index: 0, optional: true },
              { name: 'Guid', index: 1, optional: true },
              { name: 'EventSourceName', index: 2, optional: true },
            ],
          },
          {
            name: 'EventID',
            attributes: [{ name: 'Qualifiers', index: 3, optional: true }],
            content: { index: 4 },
          },
          simple('Version', 5),
          simple('Level', 6),
          simple('Task', 7),
          simple('Opcode', 8),
          simple('Keywords', 9),
          { name: 'TimeCreated', attributes: [{ name: 'SystemTime', index: 10, optional: true }] },
          simple('EventRecordID', 11),
          {
            name: 'Correlation',
            attributes: [
              { name: 'ActivityID', index: 12, optional: true },
              { name: 'RelatedActivityID', index: 13, optional: true },
            ],
          },
          {
            name: 'Execution',
            attributes: [
              { name: 'ProcessID', index: 14, optional: true },
              { name: 'ThreadID', index: 15, optional: true },
            ],
          },
          simple('Channel', 16),
          simple('Computer', 17),
          { name: 'Security', attributes: [{ name: 'UserID', index: 18, optional: true }] },
        ],
      },
      { name: 'EventData', content: data },
    ],
  };
}

function eventValues(event: EvtxTestEvent): Value[] {
  const named = event.data.length > 0 && typeof event.data[0] !== 'string';
  const dataValues = named
    ? (event.data as readonly (readonly [string, string])[]).map(([, value]) => value)
    : (event.data as readonly string[]);
  const values: Value[] = [
    string(event.provider),
    event.providerGuid === undefined ? NULL : guid(event.providerGuid),
    event.eventSourceName === undefined ? NULL : string(event.eventSourceName),
    event.qualifiers === undefined ? NULL : uint(Type.UInt16, event.qualifiers),
    uint(Type.UInt16, event.eventId),
    uint(Type.UInt8, 0),
    uint(Type.UInt8, event.level),
    uint(Type.UInt16, event.task ?? 0),
    uint(Type.UInt8, 0),
    { type: Type.HexInt64, bytes: u64Bytes(event.keywords ?? 0x80000000000000n) },
    { type: Type.FileTime, bytes: u64Bytes(fileTime(event.time)) },
    { type: Type.UInt64, bytes: u64Bytes(BigInt(event.recordId)) },
    NULL,
    NULL,
    uint(Type.UInt32, event.processId ?? 0),
    uint(Type.UInt32, event.threadId ?? 0),
    string(event.channel),
    string(event.computer),
    event.userSid === undefined ? NULL : sid(event.userSid),
    ...dataValues.map(string),
  ];
  if (event.binary !== undefined) values.push({ type: Type.Binary, bytes: Buffer.from(event.binary, 'hex') });
  return values;
}

const NULL: Value = { type: Type.Null, bytes: Buffer.alloc(0) };

function string(text: string): Value {
  return { type: Type.String, bytes: Buffer.from(text, 'utf16le') };
}

function uint(type: number, value: number): Value {
  const size = type === Type.UInt8 ? 1 : type === Type.UInt16 ? 2 : 4;
  const bytes = Buffer.alloc(size);
  bytes.writeUIntLE(value, 0, size);
  return { type, bytes };
}

function u64Bytes(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return bytes;
}

function guid(text: string): Value {
  const hex = text.replace(/[{}-]/g, '');
  const bytes = Buffer.from(hex, 'hex');
  bytes.subarray(0, 4).reverse();
  bytes.subarray(4, 6).reverse();
  bytes.subarray(6, 8).reverse();
  return { type: Type.Guid, bytes };
}

function sid(text: string): Value {
  const [, revision, authority, ...subAuthorities] = text.split('-');
  const bytes = Buffer.alloc(8 + 4 * subAuthorities.length);
  bytes.writeUInt8(Number(revision), 0);
  bytes.writeUInt8(subAuthorities.length, 1);
  bytes.writeUIntBE(Number(authority), 2, 6);
  for (const [i, sub] of subAuthorities.entries()) bytes.writeUInt32LE(Number(sub), 8 + 4 * i);
  return { type: Type.Sid, bytes };
}

/** FILETIME (100 ns ticks since 1601) of an ISO 8601 UTC time with up to 7 fraction digits. */
export function fileTime(iso: string): bigint {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!match) throw new Error(`not an ISO UTC time with up to 7 fraction digits: ${iso}`);
  const seconds = BigInt(Date.parse(`${match[1]}Z`) / 1000);
  const ticks = BigInt((match[2] ?? '').padEnd(7, '0'));
  return (seconds + FILETIME_EPOCH_OFFSET_SECONDS) * 10_000_000n + ticks;
}

/** MS-EVEN6 name hash: the low 16 bits of hash * 65599 + character, over the name's UTF-16 units. */
function nameHash(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 65599) + name.charCodeAt(i)) >>> 0;
  return hash & 0xffff;
}
