import { mkdtempSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { newestTimeIn, retimeObject, retimeText, sampleShiftMs } from '../../app/local/retimeSamples';

const DAY_MS = 86_400_000;
const root = mkdtempSync(join(tmpdir(), 'winlog-retime-'));

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('retimeText', () => {
  it('moves date and seconds and keeps fraction digits and zone as written', () => {
    const text = `<TimeCreated SystemTime='2024-03-14T23:59:59.1230000Z'/> "EventTime":"2024-03-14T04:05:12.000000+01:00" "t":"2024-03-14T02:00:00"`;
    expect(retimeText(text, DAY_MS + 1000)).toBe(
      `<TimeCreated SystemTime='2024-03-16T00:00:00.1230000Z'/> "EventTime":"2024-03-15T04:05:13.000000+01:00" "t":"2024-03-15T02:00:01"`,
    );
  });

  it('moves the epoch milliseconds of CloudWatch Logs envelopes', () => {
    expect(retimeText('{"id":"1","timestamp":1710385152300,"message":"x"}', 60_000)).toBe(
      '{"id":"1","timestamp":1710385212300,"message":"x"}',
    );
  });
});

describe('newestTimeIn', () => {
  it('applies zone offsets and reads epoch milliseconds', () => {
    const text = `"a":"2024-03-14T03:00:00Z" "b":"2024-03-14T04:05:12.000000+01:00" "timestamp":1710385152300`;
    expect(newestTimeIn(text)).toBe(Date.parse('2024-03-14T03:05:12Z'));
  });
});

describe('retimeObject', () => {
  it('re-times every gzip member and keeps them separate members', () => {
    const members = [gzipSync('{"timestamp":1710385152300}'), gzipSync('{"t":"2024-03-14T02:00:00Z"}')];
    const retimed = retimeObject(Buffer.concat(members), 1000);
    expect(gunzipSync(retimed).toString()).toBe('{"timestamp":1710385153300}{"t":"2024-03-14T02:00:01Z"}');
    // Two members: the first ends where its trailer ends, and a second header follows.
    const firstLength = gzipSync('{"timestamp":1710385153300}').length;
    expect([...retimed.subarray(firstLength, firstLength + 2)]).toEqual([0x1f, 0x8b]);
  });
});

describe('sampleShiftMs', () => {
  it('is decided at the first start on a data folder and kept, so a restart uploads the same events', async () => {
    const dataDir = join(root, 'data');
    await mkdir(dataDir, { recursive: true });
    const newest = Date.parse('2024-03-14T03:10:00Z');
    const firstStart = Date.parse('2026-12-01T10:00:00.500Z');
    const shift = await sampleShiftMs(dataDir, newest, firstStart);
    expect(newest + shift).toBe(Date.parse('2026-12-01T09:59:00Z'));
    expect(await sampleShiftMs(dataDir, newest, firstStart + 3 * DAY_MS)).toBe(shift);
  });

  it('is decided anew when a killed first start left the file torn', async () => {
    const dataDir = join(root, 'torn');
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'samples-retimed.json'), '{"shiftMs":8');
    const newest = Date.parse('2024-03-14T03:10:00Z');
    const start = Date.parse('2026-12-01T10:00:00.500Z');
    expect(newest + (await sampleShiftMs(dataDir, newest, start))).toBe(Date.parse('2026-12-01T09:59:00Z'));
    expect(await readdir(dataDir)).toEqual(['samples-retimed.json']);
  });
});
