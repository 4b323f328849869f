import { describe, expect, it } from 'vitest';
import { renderArrayItems, renderBinXmlValue } from '../../../../domain/formats/evtx/renderBinXmlValue';
import { fileTime } from '../../../support/buildEvtxFile';

/** Renders a value of `type` held in `bytes` (hex, or a Buffer). */
function render(type: number, bytes: Buffer | string): string {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'hex') : bytes;
  return renderBinXmlValue(
    { bytes: buffer, view: new DataView(buffer.buffer, buffer.byteOffset, buffer.length) },
    type,
    0,
    buffer.length,
  );
}

function items(type: number, bytes: Buffer): string[] {
  return renderArrayItems(
    { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.length) },
    type,
    0,
    bytes.length,
  );
}

function u64(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return bytes;
}

describe('rendering BinXML values as Event Viewer shows them', () => {
  it('strings: UTF-16, up to the first NUL, line breaks and all', () => {
    expect(render(0x01, Buffer.from('IIS Admin Service\0junk', 'utf16le'))).toBe('IIS Admin Service');
    expect(render(0x01, Buffer.from('line one\r\nline two\n', 'utf16le'))).toBe('line one\r\nline two\n');
    expect(render(0x01, Buffer.from('Grüße 🎉', 'utf16le'))).toBe('Grüße 🎉');
    expect(render(0x02, Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x80, 0x00, 0x41]))).toBe('café€');
  });

  it('integers: signed and unsigned, 64-bit ones beyond 2^53 exactly', () => {
    expect(render(0x03, 'ff')).toBe('-1');
    expect(render(0x04, 'ff')).toBe('255');
    expect(render(0x05, 'feff')).toBe('-2');
    expect(render(0x06, '771b')).toBe('7031');
    expect(render(0x07, 'ffffffff')).toBe('-1');
    expect(render(0x08, 'ffffffff')).toBe('4294967295');
    expect(render(0x09, 'feffffffffffffff')).toBe('-2');
    expect(render(0x0a, u64(18446744073709551615n))).toBe('18446744073709551615');
    expect(render(0x0a, u64(9007199254740993n))).toBe('9007199254740993');
  });

  it('reals: the shortest decimal that reads back the same', () => {
    const real32 = Buffer.alloc(4);
    real32.writeFloatLE(0.1);
    expect(render(0x0b, real32)).toBe('0.1');
    const real64 = Buffer.alloc(8);
    real64.writeDoubleLE(2.5e-7);
    expect(render(0x0c, real64)).toBe('2.5e-7');
  });

  it('booleans: four bytes, any value but zero is true', () => {
    expect(render(0x0d, '00000000')).toBe('false');
    expect(render(0x0d, '01000000')).toBe('true');
    expect(render(0x0d, '10000000')).toBe('true');
    expect(render(0x0d, '00000100')).toBe('true');
  });

  it('binary in upper-case hex; GUIDs in braces, upper case, first three parts little-endian', () => {
    expect(render(0x0e, '490049005300ab')).toBe('490049005300AB');
    expect(render(0x0f, 'd1085955d7a69546 8e1e26931d2012f4'.replace(' ', ''))).toBe(
      '{555908D1-A6D7-4695-8E1E-26931D2012F4}',
    );
  });

  it('HexInt32, HexInt64 and size_t in lower-case hex without padding', () => {
    expect(render(0x14, '4c020000')).toBe('0x24c');
    expect(render(0x15, u64(0x8080000000000000n))).toBe('0x8080000000000000');
    expect(render(0x15, u64(0x3e7n))).toBe('0x3e7');
    expect(render(0x15, u64(0n))).toBe('0x0');
    expect(render(0x10, '4c020000')).toBe('0x24c');
    expect(render(0x10, u64(0x7ff6_1234_5678n))).toBe('0x7ff612345678');
  });

  it('FILETIME with all seven fraction digits; SYSTEMTIME with its milliseconds', () => {
    expect(render(0x11, u64(fileTime('2024-03-14T02:17:45.1234567Z')))).toBe('2024-03-14T02:17:45.1234567Z');
    expect(render(0x11, u64(0n))).toBe('1601-01-01T00:00:00.0000000Z');
    expect(render(0x11, u64(fileTime('9999-12-31T23:59:59.9999999Z')))).toBe('9999-12-31T23:59:59.9999999Z');
    expect(render(0x11, u64(0xffff_ffff_ffff_ffffn))).toBe('0xffffffffffffffff');
    const systemTime = Buffer.alloc(16);
    for (const [i, part] of [2024, 3, 4, 14, 2, 17, 45, 123].entries()) systemTime.writeUInt16LE(part, 2 * i);
    expect(render(0x12, systemTime)).toBe('2024-03-14T02:17:45.1230000Z');
  });

  it('SIDs as S-R-A-S…', () => {
    expect(render(0x13, '010100000000000512000000')).toBe('S-1-5-18');
    expect(render(0x13, '010500000000000515000000a9f6ccb4d5ba55c41f33ef84f4010000')).toBe(
      'S-1-5-21-3033331369-3293952725-2230268703-500',
    );
    expect(() => render(0x13, '0105000000000005')).toThrow(/SID with 5 sub-authorities/);
  });

  it('arrays item by item: NUL-separated strings, fixed-size numbers, SIDs of their own length', () => {
    expect(items(0x81, Buffer.from('first\0\0third\0', 'utf16le'))).toEqual(['first', '', 'third']);
    expect(items(0x88, Buffer.from('0100000002000000', 'hex'))).toEqual(['1', '2']);
    expect(items(0x8d, Buffer.from('0000000002000000', 'hex'))).toEqual(['false', 'true']);
    expect(items(0x93, Buffer.from('010100000000000512000000010100000000000513000000', 'hex'))).toEqual([
      'S-1-5-18',
      'S-1-5-19',
    ]);
    expect(() => items(0x88, Buffer.from('010000', 'hex'))).toThrow(/not whole items/);
  });

  it('rejects value types that BinXML does not have, and values too short for their type', () => {
    expect(() => render(0x42, '00')).toThrow(/not a BinXML value type/);
    expect(() => render(0x08, '0100')).toThrow(/2 bytes where 4 are needed/);
  });
});
