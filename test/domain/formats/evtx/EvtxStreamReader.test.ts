import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapWindowsEventElement } from '../../../../domain/formats/parseWindowsEventXml';
import { buildEvtxFile, type EvtxTestEvent, evtxChunkOffset } from '../../../support/buildEvtxFile';
import { iisAdminCrashEvtx, imapStartFailureEvtx, noiseEvtx } from '../../../support/kb819865EvtxEvents';
import { type ReadRecord, readEvtxBytes } from './readEvtxBytes';

const NODE = 'EXCH01.corp.example.com';
const CHUNK_BYTES = 65536;

/** Nine events, three per chunk: the crash and the failure in the middle chunk. */
function nineEvents(): EvtxTestEvent[] {
  return Array.from({ length: 9 }, (_, i) => {
    const shape = {
      node: NODE,
      at: `2024-03-14T02:17:${String(40 + i).padStart(2, '0')}.123456${i}Z`,
      recordId: 100 + i,
    };
    if (i === 4) return iisAdminCrashEvtx(shape);
    if (i === 5) return imapStartFailureEvtx(shape);
    return noiseEvtx(shape);
  });
}

const THREE_CHUNKS = buildEvtxFile(nineEvents(), { eventsPerChunk: 3 });

function recordIds(bytes: Uint8Array, options?: Parameters<typeof readEvtxBytes>[1]): number[] {
  return readEvtxBytes(bytes, options).records.map((record) => record.recordId);
}

function mapRecord(record: ReadRecord | undefined) {
  const [root] = record?.elements ?? [];
  if (root === undefined) throw new Error('no record, or a record without elements');
  return mapWindowsEventElement(root, { object: 'test-object', byteOffset: record?.byteOffset ?? 0 }, 'evtx');
}

/** A copy of the file with one byte changed. */
function withByte(bytes: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[offset] = value;
  return copy;
}

describe('EvtxStreamReader', () => {
  it('reads every record of every chunk into the element tree the XML path builds', () => {
    const { records, damage } = readEvtxBytes(THREE_CHUNKS);
    expect(damage).toEqual([]);
    expect(records.map((record) => record.recordId)).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108]);
    expect(mapRecord(records[4])).toMatchObject({
      kind: 'event',
      event: {
        node: NODE,
        channel: 'System',
        provider: 'Service Control Manager',
        eventId: 7031,
        recordId: 104,
        time: '2024-03-14T02:17:44.1234564Z',
        level: 'error',
        data: {
          named: { param1: 'IIS Admin Service', param5: 'Run the configured recovery program' },
          positional: [],
        },
      },
    });
    expect(mapRecord(records[5])).toMatchObject({
      event: { eventId: 1036, data: { positional: ['1', '0x800cc800'] } },
    });
  });

  it('gives each record its byte offset in the file and its event id without expanding it', () => {
    const { records } = readEvtxBytes(THREE_CHUNKS);
    expect(records[0]?.byteOffset).toBe(evtxChunkOffset(0) + 512);
    expect(records[3]?.byteOffset).toBe(evtxChunkOffset(1) + 512);
    expect(records.map((record) => record.eventId)).toEqual([
      7040, 7040, 7040, 7040, 7031, 1036, 7040, 7040, 7040,
    ]);
  });

  it('reads the same records however the bytes are split into pieces', () => {
    const whole = JSON.stringify(readEvtxBytes(THREE_CHUNKS));
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 70_000 }), { maxLength: 12 }), (pieces) => {
        expect(JSON.stringify(readEvtxBytes(THREE_CHUNKS, { pieces }))).toBe(whole);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects a chunk whose checksum fails in a cleanly closed file, and reads the other two', () => {
    const damaged = withByte(THREE_CHUNKS, evtxChunkOffset(1) + 700, 0xff);
    const { records, damage } = readEvtxBytes(damaged);
    expect(records.map((record) => record.recordId)).toEqual([100, 101, 102, 106, 107, 108]);
    expect(damage).toEqual([
      {
        reason: 'corrupt-evtx-chunk',
        detail: 'event records checksum mismatch',
        byteOffset: evtxChunkOffset(1),
      },
    ]);
  });

  it('rejects a chunk without its signature where the header counts one', () => {
    const damaged = withByte(THREE_CHUNKS, evtxChunkOffset(2), 0);
    const { records, damage } = readEvtxBytes(damaged);
    expect(records.map((record) => record.recordId)).toEqual([100, 101, 102, 103, 104, 105]);
    expect(damage).toEqual([
      {
        reason: 'corrupt-evtx-chunk',
        detail: expect.stringContaining('no chunk signature'),
        byteOffset: evtxChunkOffset(2),
      },
    ]);
  });

  it('in a dirty file, rejects a damaged record and reads on from the next record signature', () => {
    const dirty = buildEvtxFile(nineEvents(), { eventsPerChunk: 3, dirty: true });
    const second = readEvtxBytes(dirty).records[1]?.byteOffset ?? 0;
    const { records, damage } = readEvtxBytes(withByte(dirty, second, 0));
    expect(records.map((record) => record.recordId)).toEqual([100, 102, 103, 104, 105, 106, 107, 108]);
    expect(damage).toEqual([
      {
        reason: 'corrupt-evtx-record',
        detail: expect.stringContaining('no event record signature'),
        byteOffset: second,
      },
    ]);
  });

  it('reads a file whose header checksum fails as a dirty one: records are checked one by one', () => {
    const headerDamaged = withByte(THREE_CHUNKS, 60, 0xff);
    const recordDamaged = withByte(headerDamaged, evtxChunkOffset(1) + 700, 0xff);
    expect(readEvtxBytes(headerDamaged).records).toHaveLength(9);
    expect(readEvtxBytes(recordDamaged)).toMatchObject({ records: { length: 9 }, damage: [] });
  });

  it('in a dirty file, reads the chunks past the chunk count of its header', () => {
    const dirty = buildEvtxFile(nineEvents(), { eventsPerChunk: 3, dirty: true, headerChunkCount: 1 });
    expect(recordIds(dirty)).toHaveLength(9);
    expect(readEvtxBytes(dirty).damage).toEqual([]);
  });

  it('takes unused space past the counted chunks as such, and an empty counted chunk as damage', () => {
    const padded = Buffer.concat([THREE_CHUNKS, Buffer.alloc(2 * CHUNK_BYTES)]);
    expect(readEvtxBytes(padded).damage).toEqual([]);
    const counted = buildEvtxFile(nineEvents(), { eventsPerChunk: 3, headerChunkCount: 4 });
    const { records, damage } = readEvtxBytes(Buffer.concat([counted, Buffer.alloc(CHUNK_BYTES)]));
    expect(records).toHaveLength(9);
    expect(damage.map((found) => [found.reason, found.byteOffset])).toEqual([
      ['corrupt-evtx-chunk', evtxChunkOffset(3)],
    ]);
  });

  it('keeps the records before the cut of a truncated file and rejects the rest of the chunk', () => {
    const { records: all } = readEvtxBytes(THREE_CHUNKS);
    const cut = (all[7]?.byteOffset ?? 0) + 40;
    const { records, damage } = readEvtxBytes(THREE_CHUNKS.subarray(0, cut));
    expect(records.map((record) => record.recordId)).toEqual([100, 101, 102, 103, 104, 105, 106]);
    expect(damage).toEqual([
      {
        reason: 'truncated-record',
        detail: 'the file ends inside this event record',
        byteOffset: all[7]?.byteOffset,
      },
    ]);
  });

  it('rejects a file that ends between records of its last chunk', () => {
    const { records: all } = readEvtxBytes(THREE_CHUNKS);
    const { records, damage } = readEvtxBytes(THREE_CHUNKS.subarray(0, all[8]?.byteOffset));
    expect(records).toHaveLength(8);
    expect(damage).toEqual([
      {
        reason: 'truncated-record',
        detail: 'the file ends inside this chunk; its later event records are cut off',
        byteOffset: all[8]?.byteOffset,
      },
    ]);
  });

  it('rejects a file that ends inside a chunk header or inside the file header', () => {
    expect(readEvtxBytes(THREE_CHUNKS.subarray(0, evtxChunkOffset(2) + 100)).damage).toEqual([
      {
        reason: 'truncated-record',
        detail: expect.stringContaining('chunk header'),
        byteOffset: evtxChunkOffset(2),
      },
    ]);
    expect(readEvtxBytes(THREE_CHUNKS.subarray(0, 1000))).toEqual({
      records: [],
      damage: [{ reason: 'truncated-record', detail: expect.stringContaining('header'), byteOffset: 0 }],
    });
  });

  it('resumes at a chunk: records before it are skipped, and so is their damage', () => {
    const damaged = withByte(THREE_CHUNKS, evtxChunkOffset(0) + 700, 0xff);
    const { records, damage } = readEvtxBytes(damaged, { resumeAtByte: evtxChunkOffset(1) });
    expect(records.map((record) => record.recordId)).toEqual([103, 104, 105, 106, 107, 108]);
    expect(damage).toEqual([]);
  });

  it('reads nothing from bytes that are not a .evtx file, and says so once', () => {
    const { records, damage } = readEvtxBytes(Buffer.alloc(10_000, 0x41));
    expect(records).toEqual([]);
    expect(damage).toEqual([
      { reason: 'corrupt-evtx-chunk', detail: expect.stringContaining('ElfFile'), byteOffset: 0 },
    ]);
  });
});
