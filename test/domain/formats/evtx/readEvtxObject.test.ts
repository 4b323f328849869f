import { crc32, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseWindowsEventXml } from '../../../../domain/formats/parseWindowsEventXml';
import { buildEvtxFile, type EvtxTestEvent, evtxChunkOffset } from '../../../support/buildEvtxFile';
import { iisAdminCrashEvtx, imapStartFailureEvtx, noiseEvtx } from '../../../support/kb819865EvtxEvents';
import { readObject } from '../../input/readObject';

const NODE = 'EXCH01.corp.example.com';

function events(count: number, special: Record<number, (i: number) => EvtxTestEvent> = {}): EvtxTestEvent[] {
  return Array.from({ length: count }, (_, i) => {
    const shape = {
      node: NODE,
      at: `2024-03-14T02:${String(10 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.1234567Z`,
      recordId: 1000 + i,
    };
    return special[i]?.(i) ?? noiseEvtx(shape);
  });
}

const KB_PAIR = events(10, {
  3: (i) => iisAdminCrashEvtx({ node: NODE, at: '2024-03-14T02:17:45.1234567Z', recordId: 1000 + i }),
  7: (i) => imapStartFailureEvtx({ node: NODE, at: '2024-03-14T02:17:52.0000001Z', recordId: 1000 + i }),
});

/**
 * The file Windows leaves once its chunk ring has wrapped: the newest chunk written over the first slot, the
 * oldest chunk further on, the file header naming which slot is oldest (offset 8) and which newest (16).
 */
function wrapped(file: Buffer, oldestSlot: number): Buffer {
  const header = Buffer.from(file.subarray(0, evtxChunkOffset(0)));
  const chunks: Buffer[] = [];
  for (let at = evtxChunkOffset(0); at < file.length; at += evtxChunkOffset(1) - evtxChunkOffset(0)) {
    chunks.push(file.subarray(at, at + evtxChunkOffset(1) - evtxChunkOffset(0)));
  }
  const newest = chunks.slice(chunks.length - oldestSlot);
  header.writeBigUInt64LE(BigInt(oldestSlot), 8);
  header.writeBigUInt64LE(BigInt(oldestSlot - 1), 16);
  header.writeUInt32LE(crc32(header.subarray(0, 120)), 124);
  return Buffer.concat([header, ...newest, ...chunks.slice(0, chunks.length - oldestSlot)]);
}

describe('reading a .evtx object through readEventsFromObject', () => {
  it('reads a wrapped log oldest chunk first, by the chunks record numbers, and says it is BinXML', async () => {
    const logical = events(40, {
      5: (i) => iisAdminCrashEvtx({ node: NODE, at: '2024-03-14T02:10:05.0000000Z', recordId: 1000 + i }),
      15: (i) => imapStartFailureEvtx({ node: NODE, at: '2024-03-14T02:10:15.0000000Z', recordId: 1000 + i }),
      25: (i) => iisAdminCrashEvtx({ node: NODE, at: '2024-03-14T02:10:25.0000000Z', recordId: 1000 + i }),
      35: (i) => imapStartFailureEvtx({ node: NODE, at: '2024-03-14T02:10:35.0000000Z', recordId: 1000 + i }),
    });
    const file = wrapped(buildEvtxFile(logical, { eventsPerChunk: 10 }), 2);
    for (const chunkSize of [file.length, 5000]) {
      const { events: read, rejections, summary } = await readObject(file, { chunkSize });
      expect(rejections).toEqual([]);
      expect(read.map((event) => event.recordId)).toEqual([1005, 1015, 1025, 1035]);
      expect(summary).toMatchObject({ events: 40, encoding: 'binxml-utf-16le' });
    }
  });

  it('detects .evtx by its signature and delivers the rule candidates as events', async () => {
    const { events: read, rejections, summary } = await readObject(buildEvtxFile(KB_PAIR));
    expect(read.map((event) => [event.eventId, event.format, event.time])).toEqual([
      [7031, 'evtx', '2024-03-14T02:17:45.1234567Z'],
      [1036, 'evtx', '2024-03-14T02:17:52.0000001Z'],
    ]);
    expect(rejections).toEqual([]);
    expect(summary).toMatchObject({
      framing: 'evtx',
      compression: 'none',
      events: 10,
      candidates: 2,
      rejected: 0,
    });
  });

  it('reads a gzipped .evtx file, in pieces of any size', async () => {
    const { events: read, summary } = await readObject(gzipSync(buildEvtxFile(KB_PAIR)), { chunkSize: 777 });
    expect(read.map((event) => event.eventId)).toEqual([7031, 1036]);
    expect(summary).toMatchObject({ framing: 'evtx', compression: 'gzip', events: 10 });
  });

  it('reaches the reader with its bytes unchanged (no text decoding), even cut right after the signature', async () => {
    const bytes = buildEvtxFile(KB_PAIR);
    const { events: read, summary } = await readObject(bytes, { chunkSize: 3 });
    expect(read).toHaveLength(2);
    expect(summary.encoding).toBe('binxml-utf-16le');
  });

  it('reads a .evtx file as such whatever text format the operator forces, and rejects text forced as .evtx', async () => {
    const forcedXml = await readObject(buildEvtxFile(KB_PAIR), { format: 'xml' });
    expect(forcedXml.events).toHaveLength(2);
    const forcedEvtx = await readObject('{"not":"evtx"}\n', { format: 'evtx' });
    expect(forcedEvtx.rejections.map((r) => [r.reason, r.detail])).toEqual([
      ['corrupt-evtx-chunk', 'no .evtx file signature (ElfFile)'],
    ]);
  });

  it('keeps the event as Windows Event XML for the evidence, which reads back to the same event', async () => {
    const [crash] = (await readObject(buildEvtxFile(KB_PAIR))).events;
    expect(crash?.raw).toMatch(
      /^<Event xmlns="http:\/\/schemas.microsoft.com\/win\/2004\/08\/events\/event">/,
    );
    const reread = parseWindowsEventXml(crash?.raw ?? '', crash?.source ?? { object: '', byteOffset: 0 });
    const { raw, ...event } = crash ?? { raw: '' };
    expect(reread).toEqual({ kind: 'event', event: { ...event, format: 'xml' } });
  });

  it('locates each event by the byte offset of its record in the file', async () => {
    const bytes = buildEvtxFile(KB_PAIR, { eventsPerChunk: 2 });
    const [crash] = (await readObject(bytes)).events;
    const at = crash?.source.byteOffset ?? 0;
    expect(at).toBeGreaterThan(evtxChunkOffset(1));
    expect(bytes.readUInt32LE(at)).toBe(0x2a2a);
    expect(bytes.readBigUInt64LE(at + 8)).toBe(1003n);
    expect(crash?.source).toEqual({ object: 'test-object', byteOffset: at });
  });

  it("leaves out a rule's event id whose words the rule does not find (a 7031 of another service)", async () => {
    const other = iisAdminCrashEvtx({ node: NODE, at: '2024-03-14T02:17:45.1234567Z', recordId: 1 });
    const otherService: EvtxTestEvent = {
      ...other,
      data: [
        ['param1', 'Print Spooler'],
        ['param2', '1'],
      ],
    };
    const { events: read, summary } = await readObject(buildEvtxFile([otherService]));
    expect(read).toEqual([]);
    expect(summary).toMatchObject({ events: 1, candidates: 0 });
  });

  it('samples the first record and then one in sampleEvery of those no rule needs', async () => {
    const { events: read, sampled } = await readObject(buildEvtxFile(events(25)), { sampleEvery: 10 });
    expect(read).toEqual([]);
    expect(sampled.map((event) => event.recordId)).toEqual([1000, 1010, 1020]);
    expect(sampled[0]).toMatchObject({ node: NODE, eventId: 7040, format: 'evtx' });
  });

  it('counts damaged chunks as rejections with their byte offset, and reads the rest', async () => {
    const bytes = buildEvtxFile(KB_PAIR, { eventsPerChunk: 4 });
    bytes.writeUInt8(bytes.readUInt8(evtxChunkOffset(0) + 600) ^ 0xff, evtxChunkOffset(0) + 600);
    const { events: read, rejections, summary } = await readObject(bytes);
    expect(read.map((event) => event.eventId)).toEqual([1036]);
    expect(rejections).toEqual([
      {
        reason: 'corrupt-evtx-chunk',
        detail: 'event records checksum mismatch',
        source: { object: 'test-object', byteOffset: evtxChunkOffset(0) },
        record: '',
      },
    ]);
    expect(summary).toMatchObject({ events: 6, rejected: 1 });
  });

  it('reads the chunks of a file whose header is damaged, and reports the header', async () => {
    const bytes = buildEvtxFile(KB_PAIR, { eventsPerChunk: 4 });
    bytes.fill(0xff, 0, 128);
    for (const chunkSize of [bytes.length, 3, 5000]) {
      const { events: read, rejections, summary } = await readObject(bytes, { chunkSize });
      expect(read.map((event) => [event.eventId, event.source.byteOffset])).toEqual(
        (await readObject(buildEvtxFile(KB_PAIR, { eventsPerChunk: 4 }))).events.map((event) => [
          event.eventId,
          event.source.byteOffset,
        ]),
      );
      expect(rejections.map((r) => [r.reason, r.detail, r.source.byteOffset])).toEqual([
        ['corrupt-evtx-chunk', 'no .evtx file signature (ElfFile): the chunks after the header are read', 0],
      ]);
      expect(summary).toMatchObject({ events: 10, rejected: 1, encoding: 'binxml-utf-16le' });
    }
    const resumed = await readObject(bytes, { resumeAtByte: evtxChunkOffset(1) });
    expect(resumed.rejections).toEqual([]);
    expect(resumed.events.map((event) => event.eventId)).toEqual([1036]);
  });

  it('reads chunks carved out of a file, without its header', async () => {
    const bytes = buildEvtxFile(KB_PAIR, { eventsPerChunk: 4 }).subarray(evtxChunkOffset(0));
    for (const chunkSize of [bytes.length, 3]) {
      const { events: read, rejections, summary } = await readObject(bytes, { chunkSize });
      expect(read.map((event) => event.eventId)).toEqual([7031, 1036]);
      expect(read[0]?.source.byteOffset).toBeLessThan(evtxChunkOffset(1) - evtxChunkOffset(0));
      expect(rejections).toEqual([]);
      expect(summary).toMatchObject({ events: 10, rejected: 0 });
    }
  });

  it('reports bytes after the last chunk that are no chunk, and leaves zeroed slots alone', async () => {
    const file = buildEvtxFile(KB_PAIR, { eventsPerChunk: 4 });
    const junk = await readObject(Buffer.concat([file, Buffer.from('junk after the last chunk')]));
    expect(junk.events).toHaveLength(2);
    expect(junk.rejections.map((r) => [r.reason, r.source.byteOffset])).toEqual([
      ['corrupt-evtx-chunk', file.length],
    ]);
    const zeroed = await readObject(Buffer.concat([file, Buffer.alloc(2 * 65536)]));
    expect(zeroed.rejections).toEqual([]);
  });

  it('reads .evtx files written one after the other into one object, each by its own header', async () => {
    const second = events(10, {
      2: (i) => iisAdminCrashEvtx({ node: 'EXCH02', at: '2024-03-14T03:00:00.0000000Z', recordId: 5000 + i }),
      8: (i) =>
        imapStartFailureEvtx({ node: 'EXCH02', at: '2024-03-14T03:00:05.0000000Z', recordId: 5000 + i }),
    });
    const first = buildEvtxFile(KB_PAIR, { eventsPerChunk: 4 });
    const bytes = Buffer.concat([first, buildEvtxFile(second, { eventsPerChunk: 4 })]);
    for (const chunkSize of [bytes.length, 5000]) {
      const { events: read, rejections, summary } = await readObject(bytes, { chunkSize });
      expect(read.map((event) => [event.node, event.eventId])).toEqual([
        [NODE, 7031],
        [NODE, 1036],
        ['EXCH02', 7031],
        ['EXCH02', 1036],
      ]);
      expect(read[2]?.source.byteOffset).toBeGreaterThan(first.length);
      expect(rejections).toEqual([]);
      expect(summary).toMatchObject({ events: 20, rejected: 0 });
    }
    // The second file cut inside its first chunk keeps the records before the cut (here, all four).
    const cut = bytes.subarray(0, first.length + evtxChunkOffset(0) + 6000);
    const { events: cutRead, summary: cutSummary } = await readObject(cut);
    expect(cutRead.map((event) => event.node)).toEqual([NODE, NODE, 'EXCH02']);
    expect(cutSummary).toMatchObject({ events: 14, rejected: 0 });
  });

  it('reports where a stopped read can resume: the first chunk not read whole', async () => {
    const bytes = buildEvtxFile(events(12), { eventsPerChunk: 4 });
    const stopped = await readObject(bytes, {
      chunkSize: evtxChunkOffset(1) + 1000,
      shouldStop: () => true,
    });
    expect(stopped.summary.resumeAtByte).toBe(evtxChunkOffset(1));
    expect(stopped.summary.events).toBe(4);
    const resumed = await readObject(bytes, { resumeAtByte: evtxChunkOffset(1) });
    expect(resumed.summary.events).toBe(8);
  });
});
