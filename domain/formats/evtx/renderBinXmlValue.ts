import { ARRAY_FLAG as ARRAY, ValueType as ValueTypes } from './BinXmlValueType';
import { decodeAnsiValue, decodeUtf16Value } from './decodeText';
import { EvtxFormatError } from './EvtxFormatError';
import { renderFileTime } from './renderFileTime';

/** Read once: under tsx's CommonJS output (the CLI) every read of an imported binding is a getter call. */
const ValueType = ValueTypes;
const ARRAY_FLAG = ARRAY;

/** The bytes a value is read from, with a view over them for multi-byte numbers. */
export interface ValueBytes {
  readonly bytes: Uint8Array;
  readonly view: DataView;
}

const TWO_TO_32 = 0x1_0000_0000;
/** Upper-case hex of every byte value. */
const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, byte) =>
  byte.toString(16).toUpperCase().padStart(2, '0'),
);
const SID_HEADER_BYTES = 8;

/**
 * One substitution value as Event Viewer's XML shows it: decimal integers, `true`/`false` for any 32-bit
 * boolean, `0x`-prefixed lower-case hex for HexInt and size_t, upper-case hex for binary, `{GUID}` in upper
 * case, `S-1-…` SIDs, and times in ISO 8601 UTC with seven fraction digits. Arrays are rendered item by item
 * (see `renderArrayItems`); BinXML values are elements, not text, and are expanded by the caller.
 */
export function renderBinXmlValue(source: ValueBytes, type: number, start: number, size: number): string {
  const { bytes, view } = source;
  switch (type) {
    case ValueType.Null:
      return '';
    case ValueType.String:
    case ValueType.EvtXml:
      return decodeUtf16Value(bytes, start, size);
    case ValueType.AnsiString:
      return decodeAnsiValue(bytes, start, size);
    case ValueType.Int8:
      return String(view.getInt8(need(start, size, 1)));
    case ValueType.UInt8:
      return String(view.getUint8(need(start, size, 1)));
    case ValueType.Int16:
      return String(view.getInt16(need(start, size, 2), true));
    case ValueType.UInt16:
      return String(view.getUint16(need(start, size, 2), true));
    case ValueType.Int32:
      return String(view.getInt32(need(start, size, 4), true));
    case ValueType.UInt32:
      return String(view.getUint32(need(start, size, 4), true));
    case ValueType.Int64:
      return String(view.getBigInt64(need(start, size, 8), true));
    case ValueType.UInt64:
      return renderUInt64(view, need(start, size, 8));
    case ValueType.Real32:
      return renderReal32(view.getFloat32(need(start, size, 4), true));
    case ValueType.Real64:
      return String(view.getFloat64(need(start, size, 8), true));
    case ValueType.Bool:
      return view.getInt32(need(start, size, 4), true) !== 0 ? 'true' : 'false';
    case ValueType.Binary:
    case ValueType.EvtHandle:
      return renderHexBytes(bytes, start, size);
    case ValueType.Guid:
      return renderGuid(bytes, need(start, size, 16));
    case ValueType.SizeT:
      return size === 4 ? renderHex32(view.getUint32(start, true)) : renderHex64(view, need(start, size, 8));
    case ValueType.FileTime:
      return renderFileTimeAt(view, need(start, size, 8));
    case ValueType.SysTime:
      return renderSystemTime(view, need(start, size, 16));
    case ValueType.Sid:
      return renderSid(bytes, view, start, size);
    case ValueType.HexInt32:
      return renderHex32(view.getUint32(need(start, size, 4), true));
    case ValueType.HexInt64:
      return renderHex64(view, need(start, size, 8));
    default:
      throw new EvtxFormatError(`value type 0x${type.toString(16)} is not a BinXML value type`);
  }
}

/** The items of an array value (`type` has the array flag), each rendered as its element type renders. */
export function renderArrayItems(source: ValueBytes, type: number, start: number, size: number): string[] {
  const itemType = type & ~ARRAY_FLAG;
  const end = start + size;
  const items: string[] = [];
  if (itemType === ValueType.String) {
    for (let at = start; at + 1 < end; ) {
      let stop = at;
      while (stop + 1 < end && (source.bytes[stop] !== 0 || source.bytes[stop + 1] !== 0)) stop += 2;
      items.push(renderBinXmlValue(source, ValueType.String, at, stop - at));
      at = stop + 2;
    }
    return items;
  }
  if (itemType === ValueType.AnsiString) {
    for (let at = start; at < end; ) {
      let stop = at;
      while (stop < end && source.bytes[stop] !== 0) stop++;
      items.push(renderBinXmlValue(source, ValueType.AnsiString, at, stop - at));
      at = stop + 1;
    }
    return items;
  }
  if (itemType === ValueType.Sid) {
    for (let at = start; at + SID_HEADER_BYTES <= end; ) {
      const itemSize = SID_HEADER_BYTES + 4 * (source.bytes[at + 1] ?? 0);
      items.push(renderBinXmlValue(source, ValueType.Sid, at, Math.min(itemSize, end - at)));
      at += itemSize;
    }
    return items;
  }
  const itemSize = fixedItemSize(itemType, size);
  if (size % itemSize !== 0) {
    throw new EvtxFormatError(`array of type 0x${type.toString(16)} is ${size} bytes, not whole items`);
  }
  for (let at = start; at < end; at += itemSize)
    items.push(renderBinXmlValue(source, itemType, at, itemSize));
  return items;
}

function fixedItemSize(itemType: number, size: number): number {
  switch (itemType) {
    case ValueType.Int8:
    case ValueType.UInt8:
      return 1;
    case ValueType.Int16:
    case ValueType.UInt16:
      return 2;
    case ValueType.Int32:
    case ValueType.UInt32:
    case ValueType.Real32:
    case ValueType.Bool:
    case ValueType.HexInt32:
      return 4;
    case ValueType.Int64:
    case ValueType.UInt64:
    case ValueType.Real64:
    case ValueType.FileTime:
    case ValueType.HexInt64:
      return 8;
    case ValueType.SizeT:
      return size % 8 === 0 ? 8 : 4;
    case ValueType.Guid:
    case ValueType.SysTime:
      return 16;
    default:
      throw new EvtxFormatError(`array item type 0x${itemType.toString(16)} has no fixed size`);
  }
}

/** `start`, after checking that a value declared `size` bytes long holds `needed` bytes. */
function need(start: number, size: number, needed: number): number {
  if (size < needed) throw new EvtxFormatError(`value of ${size} bytes where ${needed} are needed`);
  return start;
}

function renderUInt64(view: DataView, at: number): string {
  const high = view.getUint32(at + 4, true);
  const low = view.getUint32(at, true);
  return high < 0x20_0000 ? String(high * TWO_TO_32 + low) : String(view.getBigUint64(at, true));
}

/** The shortest decimal that reads back as the same 32-bit float (`0.1`, not `0.100000001490116`). */
function renderReal32(value: number): string {
  for (let digits = 1; digits < 9; digits++) {
    const shortest = Number(value.toPrecision(digits));
    if (Math.fround(shortest) === value) return String(shortest);
  }
  return String(value);
}

function renderHex32(value: number): string {
  return `0x${value.toString(16)}`;
}

function renderHex64(view: DataView, at: number): string {
  const high = view.getUint32(at + 4, true);
  const low = view.getUint32(at, true);
  return high === 0 ? renderHex32(low) : `0x${high.toString(16)}${low.toString(16).padStart(8, '0')}`;
}

function renderHexBytes(bytes: Uint8Array, start: number, size: number): string {
  let text = '';
  for (let at = start; at < start + size; at++) text += HEX_BYTES[bytes[at] ?? 0];
  return text;
}

/** Data1, Data2 and Data3 are little-endian numbers; Data4's eight bytes are written in order. */
function renderGuid(bytes: Uint8Array, at: number): string {
  return (
    `{${hexAt(bytes, at + 3)}${hexAt(bytes, at + 2)}${hexAt(bytes, at + 1)}${hexAt(bytes, at)}` +
    `-${hexAt(bytes, at + 5)}${hexAt(bytes, at + 4)}-${hexAt(bytes, at + 7)}${hexAt(bytes, at + 6)}` +
    `-${hexAt(bytes, at + 8)}${hexAt(bytes, at + 9)}-${renderHexBytes(bytes, at + 10, 6)}}`
  );
}

function hexAt(bytes: Uint8Array, at: number): string {
  return HEX_BYTES[bytes[at] ?? 0] ?? '';
}

function renderFileTimeAt(view: DataView, at: number): string {
  const low = view.getUint32(at, true);
  const high = view.getUint32(at + 4, true);
  return renderFileTime(low, high) ?? `0x${high.toString(16)}${low.toString(16).padStart(8, '0')}`;
}

/** SYSTEMTIME: year, month, day of week, day, hour, minute, second, milliseconds (16-bit each). */
function renderSystemTime(view: DataView, at: number): string {
  return (
    `${wordAt(view, at, 0, 4)}-${wordAt(view, at, 1, 2)}-${wordAt(view, at, 3, 2)}` +
    `T${wordAt(view, at, 4, 2)}:${wordAt(view, at, 5, 2)}:${wordAt(view, at, 6, 2)}.${wordAt(view, at, 7, 3)}0000Z`
  );
}

function wordAt(view: DataView, at: number, index: number, digits: number): string {
  return String(view.getUint16(at + 2 * index, true)).padStart(digits, '0');
}

/** Revision, sub-authority count, 48-bit big-endian authority, then 32-bit little-endian sub-authorities. */
function renderSid(bytes: Uint8Array, view: DataView, start: number, size: number): string {
  if (size < SID_HEADER_BYTES) throw new EvtxFormatError(`SID of ${size} bytes`);
  const count = bytes[start + 1] ?? 0;
  if (size < SID_HEADER_BYTES + 4 * count) {
    throw new EvtxFormatError(`SID with ${count} sub-authorities in ${size} bytes`);
  }
  const authority = view.getUint16(start + 2, false) * TWO_TO_32 + view.getUint32(start + 4, false);
  let text = `S-${bytes[start] ?? 0}-${authority}`;
  for (let i = 0; i < count; i++) text += `-${view.getUint32(start + SID_HEADER_BYTES + 4 * i, true)}`;
  return text;
}
