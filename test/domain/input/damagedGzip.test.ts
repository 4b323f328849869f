import { createHash } from 'node:crypto';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { iisAdminCrashEcs, imapStartFailureEcs, noiseXml } from '../../support/windowsEventRecords';
import { readObject } from './readObject';

/** The KB819865 pair of one node as Winlogbeat NDJSON lines. */
function pair(index: number): string {
  const node = `EXCH${String(index).padStart(2, '0')}`;
  return `${iisAdminCrashEcs({ node, at: '2024-03-14T02:17:45.1230000Z', recordId: 2 * index })}\n${imapStartFailureEcs({ node, at: '2024-03-14T02:18:45.1230000Z', recordId: 2 * index + 1 })}\n`;
}

/** A member whose bytes in the middle of its deflate body are overwritten (its checksum no longer holds). */
function corrupted(member: Buffer): Buffer {
  const damaged = Buffer.from(member);
  const middle = 10 + Math.floor((member.length - 18) / 2);
  damaged.fill(0xff, middle, middle + 16);
  return damaged;
}

/**
 * A member whose deflate data breaks right after `before` (a stored block whose length check fails,
 * which zlib reports as an error), with `after` compressed behind the break.
 */
function brokenMember(before: string, after = ''): Buffer {
  const header = gzipSync('').subarray(0, 10);
  const intact = deflateRawSync(before, { finishFlush: constants.Z_SYNC_FLUSH });
  const badStoredBlock = Buffer.from([0x00, 0x05, 0x00, 0x00, 0x00]);
  return Buffer.concat([header, intact, badStoredBlock, deflateRawSync(after), Buffer.alloc(8)]);
}

function nodesOf(events: readonly { node: string; eventId: number }[]): string[] {
  return [...new Set(events.map((e) => e.node))];
}

const NOISE_LINE = `${JSON.stringify({
  '@timestamp': '2024-03-14T02:17:40.000Z',
  winlog: { channel: 'Security', computer_name: 'EXCH99', event_id: '4624', record_id: 5 },
  message: 'An account was successfully logged on.',
})}\n`;

/** Text that does not compress much, so damage in the middle of a member's bytes falls inside it. */
function hexLines(bytes: number): string {
  const lines: string[] = [];
  let digest = 'seed';
  for (let total = 0; total < bytes; total += 65) {
    digest = createHash('sha256').update(digest).digest('hex');
    lines.push(digest);
  }
  return `${lines.join('\n')}\n`;
}

describe.each([
  { path: 'on this thread', options: {} },
  { path: 'on a worker thread', options: { inflateInWorker: true, maxRecordBytes: 64 * 1024 } },
])('damaged gzip, inflated $path', ({ options }) => {
  it('keeps a member followed by trailing junk and counts the junk once as trailing-garbage', async () => {
    const object = Buffer.concat([gzipSync(pair(1)), Buffer.from('hello trailing junk\n')]);
    const { events, rejections } = await readObject(object, options);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.map((r) => r.reason)).toEqual(['trailing-garbage']);
  });

  it('keeps all 40 members before trailing junk, however the object arrives in chunks', async () => {
    const members = Array.from({ length: 40 }, (_, i) => gzipSync(pair(i)));
    const object = Buffer.concat([...members, Buffer.from('hello trailing junk\n')]);
    const { events, rejections } = await readObject(object, { ...options, chunkSize: 1000 });
    expect(nodesOf(events)).toHaveLength(40);
    expect(events).toHaveLength(80);
    expect(rejections.map((r) => r.reason)).toEqual(['trailing-garbage']);
  });

  it('reads whole objects one after another, also after a damaged one (the worker is reused)', async () => {
    const whole = gzipSync(pair(1) + NOISE_LINE.repeat(20_000) + pair(2));
    const damaged = corrupted(gzipSync(hexLines(200_000)));
    for (const object of [whole, damaged, whole, damaged, damaged, whole]) {
      const { events, summary } = await readObject(object, options);
      if (object === whole) {
        expect(events.map((e) => `${e.node} ${e.eventId}`)).toEqual([
          'EXCH01 7031',
          'EXCH01 1036',
          'EXCH02 7031',
          'EXCH02 1036',
        ]);
        expect(summary.events).toBe(20_004);
      }
    }
  });

  it('ignores zero bytes padding the end, as gzip does', async () => {
    const object = Buffer.concat([gzipSync(pair(1)), Buffer.alloc(512)]);
    const { events, rejections } = await readObject(object, options);
    expect(events).toHaveLength(2);
    expect(rejections).toEqual([]);
  });

  it('resumes at the next member after a broken one and reports it once', async () => {
    const members: Buffer[] = Array.from({ length: 40 }, (_, i) => gzipSync(pair(i)));
    members[19] = brokenMember(NOISE_LINE, pair(19));
    const { events, rejections } = await readObject(Buffer.concat(members), { ...options, chunkSize: 4096 });
    const nodes = nodesOf(events);
    expect(nodes).not.toContain('EXCH19');
    expect(nodes).toHaveLength(39);
    expect(rejections.map((r) => r.reason)).toEqual(['corrupt-compression']);
  });

  it('reports a member whose data does not match its checksum', async () => {
    const members = [gzipSync(pair(1)), corrupted(gzipSync(hexLines(20_000))), gzipSync(pair(2))];
    const { events, rejections } = await readObject(Buffer.concat(members), options);
    expect(nodesOf(events)).toEqual(['EXCH01', 'EXCH02']);
    expect(rejections.map((r) => r.reason)).toContain('corrupt-compression');
  });

  it('keeps a record cut off by a corrupt member apart from the next member’s first record', async () => {
    const damaged = brokenMember(`${NOISE_LINE.repeat(200)}${NOISE_LINE.slice(0, 50)}`);
    const object = Buffer.concat([gzipSync(pair(1)), damaged, gzipSync(pair(2))]);
    const { events } = await readObject(object, options);
    expect(events.map((e) => [e.node, e.eventId])).toEqual([
      ['EXCH01', 7031],
      ['EXCH01', 1036],
      ['EXCH02', 7031],
      ['EXCH02', 1036],
    ]);
  });

  it('keeps everything inflated before the damage inside one large member', async () => {
    // The pair is inflated in the same zlib call that meets the damage, past the last full 256 KiB.
    const before = `${NOISE_LINE.repeat(1700)}${hexLines(230_000)}${pair(7)}`;
    const { events, rejections } = await readObject(brokenMember(before, NOISE_LINE), options);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.filter((r) => r.reason === 'corrupt-compression')).toHaveLength(1);
  });

  it('keeps everything before the cut when the object is cut off', async () => {
    const whole = gzipSync(`${NOISE_LINE.repeat(1700)}${pair(3)}${hexLines(300_000)}`);
    const { events, rejections } = await readObject(whole.subarray(0, whole.length - 30), options);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.map((r) => r.reason)).toContain('corrupt-compression');
  });

  it('unwraps gzip inside gzip four deep', async () => {
    let object = Buffer.from(pair(4));
    for (let layer = 0; layer < 4; layer++) object = gzipSync(object);
    const { events, rejections, summary } = await readObject(object, options);
    expect(events).toHaveLength(2);
    expect(rejections).toEqual([]);
    expect(summary.compression).toBe('gzip-gzip');
  });

  it('reports gzip nested five deep once as too-deeply-compressed', async () => {
    let object = Buffer.from(pair(5));
    for (let layer = 0; layer < 5; layer++) object = gzipSync(object);
    const { rejections } = await readObject(object, options);
    expect(rejections.map((r) => r.reason)).toEqual(['too-deeply-compressed']);
  });

  it('reads XML members after a corrupt one', async () => {
    const xml = (recordId: number) =>
      gzipSync(noiseXml({ node: 'EXCH01', at: '2024-03-14T02:17:45.1230000Z', recordId }));
    const broken = brokenMember(
      noiseXml({ node: 'EXCH01', at: '2024-03-14T02:17:45.1230000Z', recordId: 2 }),
    );
    const object = Buffer.concat([xml(1), broken, xml(3)]);
    const { summary, rejections } = await readObject(object, { ...options, sampleEvery: 1 });
    expect(summary.events).toBe(3);
    expect(rejections.map((r) => r.reason)).toContain('corrupt-compression');
  });
});
