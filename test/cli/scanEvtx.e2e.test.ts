import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildEvtxFile, type EvtxTestEvent, evtxChunkOffset } from '../support/buildEvtxFile';
import { iisAdminCrashEvtx, imapStartFailureEvtx, noiseEvtx } from '../support/kb819865EvtxEvents';
import { runScan as scan } from '../support/runScan';

const work = mkdtempSync(join(tmpdir(), 'scan-evtx-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What Event Viewer's "Save All Events As…" of one Exchange node would hold around the incident. */
function exchangeNodeLog(node: string): EvtxTestEvent[] {
  const noise = (second: number, recordId: number) =>
    noiseEvtx({
      node,
      at: `2024-03-14T02:1${Math.floor(second / 60)}:${String(second % 60).padStart(2, '0')}.5000000Z`,
      recordId,
    });
  return [
    ...Array.from({ length: 6 }, (_, i) => noise(i, 581_200 + i)),
    iisAdminCrashEvtx({ node, at: '2024-03-14T02:17:45.1234567Z', recordId: 581_234 }),
    imapStartFailureEvtx({ node, at: '2024-03-14T02:17:52.0000001Z', recordId: 581_235 }),
    ...Array.from({ length: 6 }, (_, i) => noise(60 + i, 581_240 + i)),
  ];
}

describe('winlog-correlator scan on .evtx files', () => {
  it('finds the KB819865 incident in a .evtx export, with the evidence located by byte offset', () => {
    const file = join(work, 'EXCH07-events.evtx');
    writeFileSync(file, buildEvtxFile(exchangeNodeLog('EXCH07.corp.example.com'), { eventsPerChunk: 5 }));

    const { code, incidents, stderr } = scan(file);

    expect(code).toBe(0);
    expect(incidents.map((i) => [i.node, i.status])).toEqual([['EXCH07.corp.example.com', 'open']]);
    expect(incidents[0]?.evidence.map((e) => [e.eventId, e.format, e.time])).toEqual([
      [7031, 'evtx', '2024-03-14T02:17:45.1234567Z'],
      [1036, 'evtx', '2024-03-14T02:17:52.0000001Z'],
    ]);
    expect(incidents[0]?.evidence[0]?.source).toEqual({ object: file, byteOffset: expect.any(Number) });
    expect(stderr).toMatch(/scan: 1 files, .*, 14 events, 2 matches, 1 incidents, 0 rejected/);
  });

  it('finds it in a gzipped .evtx whose name says nothing about gzip', () => {
    const file = join(work, 'exch08-upload');
    writeFileSync(file, gzipSync(buildEvtxFile(exchangeNodeLog('EXCH08.corp.example.com'))));

    const { incidents, stderr } = scan(file);

    expect(incidents.map((i) => i.node)).toEqual(['EXCH08.corp.example.com']);
    expect(stderr).toMatch(/ 14 events, 2 matches, 1 incidents, 0 rejected/);
  });

  it('counts a damaged chunk by reason and offset, and still finds the incident in the others', () => {
    const file = join(work, 'EXCH09-damaged.evtx');
    const bytes = buildEvtxFile(exchangeNodeLog('EXCH09.corp.example.com'), { eventsPerChunk: 5 });
    bytes.writeUInt32LE(0, evtxChunkOffset(0));
    writeFileSync(file, bytes);
    const rejects = join(work, 'rejects.jsonl');

    const { code, incidents, stderr } = scan('--rejects', rejects, file);

    expect(code).toBe(0);
    expect(incidents.map((i) => i.node)).toEqual(['EXCH09.corp.example.com']);
    expect(stderr).toMatch(/ 9 events, 2 matches, 1 incidents, 1 rejected \(corrupt-evtx-chunk 1\)/);
    expect(JSON.parse(readFileSync(rejects, 'utf8'))).toMatchObject({
      reason: 'corrupt-evtx-chunk',
      source: { object: file, byteOffset: evtxChunkOffset(0) },
    });
  });
});
