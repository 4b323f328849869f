import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { writeFileWhole } from '../../adapters/node/writeFileWhole';

/**
 * Date-times as the sample formats write them (`2024-03-14T02:17:45.1230000Z`, `…+01:00`, zone-less):
 * only the date and whole seconds are rewritten, so fraction digits and zone stay as the shipper wrote them.
 */
const DATE_TIME = /(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g;
/** CloudWatch Logs subscription envelopes carry epoch milliseconds. */
const EPOCH_MS = /("timestamp":)(\d{13})\b/g;
const GZIP_MAGIC = [0x1f, 0x8b];
const GZIP_PLAIN_HEADER_BYTES = 10;
const GZIP_TRAILER_BYTES = 8;
/** The newest sample event lands this long before the first start, so the samples read as live alerts. */
const LEAD_MS = 60_000;

/** Every event time in `text` moved by `shiftMs` (whole seconds). */
export function retimeText(text: string, shiftMs: number): string {
  return text
    .replace(DATE_TIME, (whole, date: string, time: string, fraction = '', zone = '') => {
      const ms = Date.parse(`${date}T${time}Z`);
      if (Number.isNaN(ms)) return whole;
      return `${new Date(ms + shiftMs).toISOString().slice(0, 19)}${fraction}${zone}`;
    })
    .replace(EPOCH_MS, (_, key: string, ms: string) => `${key}${Number(ms) + shiftMs}`);
}

/** The newest instant written in `text` (zone offsets applied, zone-less read as UTC). */
export function newestTimeIn(text: string): number | undefined {
  let newest: number | undefined;
  for (const [, date, time, fraction = '', zone = 'Z'] of text.matchAll(DATE_TIME)) {
    const ms = Date.parse(`${date}T${time}${fraction.slice(0, 4)}${zone}`);
    if (!Number.isNaN(ms)) newest = Math.max(newest ?? ms, ms);
  }
  for (const [, , ms] of text.matchAll(EPOCH_MS)) newest = Math.max(newest ?? Number(ms), Number(ms));
  return newest;
}

/**
 * A sample object with its event times moved. Gzip is re-written member by member, so an object of
 * members back to back (Firehose) keeps its shape.
 */
export function retimeObject(body: Buffer, shiftMs: number): Buffer {
  if (!isGzip(body)) return Buffer.from(retimeText(body.toString('utf8'), shiftMs), 'utf8');
  return Buffer.concat(
    gzipMembers(body).map((member) => gzipSync(retimeText(member.toString('utf8'), shiftMs))),
  );
}

/** The text of an object, gzip members inflated, for finding its newest time. */
export function objectText(body: Buffer): string {
  return isGzip(body) ? gunzipSync(body).toString('utf8') : body.toString('utf8');
}

function isGzip(body: Buffer): boolean {
  return body[0] === GZIP_MAGIC[0] && body[1] === GZIP_MAGIC[1];
}

/** The inflated content of each member (the samples' members have plain 10-byte headers). */
function gzipMembers(body: Buffer): Buffer[] {
  const members: Buffer[] = [];
  let offset = 0;
  while (offset < body.length) {
    const flags = body[offset + 3];
    if (flags !== 0) return [gunzipSync(body.subarray(offset))];
    const inflated = inflateRawSync(body.subarray(offset + GZIP_PLAIN_HEADER_BYTES), {
      info: true,
    }) as unknown as {
      buffer: Buffer;
      engine: { bytesWritten: number };
    };
    members.push(inflated.buffer);
    offset += GZIP_PLAIN_HEADER_BYTES + inflated.engine.bytesWritten + GZIP_TRAILER_BYTES;
  }
  return members;
}

const SHIFT_FILE = 'samples-retimed.json';

/**
 * How far the bundled samples (March 2024) are moved so that `npm start` shows them as live alerts:
 * decided at the first start on a data folder and kept in it, so a restart uploads the same events and
 * does not alert again.
 */
export async function sampleShiftMs(dataDir: string, newestSampleMs: number, nowMs: number): Promise<number> {
  const file = join(dataDir, SHIFT_FILE);
  // No file, or one a killed first start left torn (written before any sample was uploaded): decide anew.
  const stored = await readFile(file, 'utf8')
    .then((text) => (JSON.parse(text) as { shiftMs?: unknown }).shiftMs)
    .catch(() => undefined);
  if (typeof stored === 'number' && Number.isSafeInteger(stored)) return stored;
  const shiftMs = Math.floor((nowMs - LEAD_MS - newestSampleMs) / 1000) * 1000;
  await writeFileWhole(file, `${JSON.stringify({ shiftMs, decidedAt: new Date(nowMs).toISOString() })}\n`);
  return shiftMs;
}
