import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from '../formats/formatFixtures';
import { readObject } from './readObject';

const XML_7031 = readFixture('formats/xml/7031-vista-rendered.xml');
const ECS_1036 = JSON.stringify(JSON.parse(readFixture('formats/ecs/1036-winlogbeat8.json')));
const NXLOG_7031 = JSON.stringify(JSON.parse(readFixture('formats/nxlog/7031-agent6.json')));

/** Everything a read produced, in a form that can be compared across runs. */
async function outcome(bytes: Buffer, chunkSize: number) {
  const { events, rejections, summary } = await readObject(bytes, { chunkSize, maxRecordBytes: 4096 });
  return {
    events: events.map((e) => `${e.eventId}@${e.time}#${e.source.byteOffset}`),
    rejections: rejections.map((r) => `${r.reason}@${r.source.byteOffset}`),
    counts: [summary.events, summary.candidates, summary.rejected],
  };
}

const junkLine = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.json({ maxDepth: 2 }),
  fc.constantFrom(
    '{"broken": ',
    '}{',
    '<Event>',
    '</Event>',
    '\r',
    '{"winlog":{"event_id":"7031"}}',
    '7031 1036 7036',
  ),
);

describe('reading an object (properties)', () => {
  it('never throws, whatever the bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 3000 }),
        fc.integer({ min: 1, max: 500 }),
        async (bytes, chunk) => {
          await readObject(Buffer.from(bytes), { chunkSize: chunk });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never throws on text that looks almost like every format', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(junkLine, { maxLength: 30 }),
        fc.integer({ min: 1, max: 300 }),
        async (lines, chunk) => {
          await readObject(lines.join('\n'), { chunkSize: chunk });
          await readObject(`<Events>${lines.join('')}`, { chunkSize: chunk });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives the same result however the input is split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(junkLine, fc.constant(ECS_1036), fc.constant(NXLOG_7031)), { maxLength: 25 }),
        fc.boolean(),
        fc.integer({ min: 1, max: 400 }),
        async (lines, gzip, chunk) => {
          const text = Buffer.from(lines.join('\n'), 'utf8');
          const bytes = gzip ? gzipSync(text) : text;
          expect(await outcome(bytes, chunk)).toEqual(await outcome(bytes, bytes.length || 1));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same XML result however the input is split into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.constant(XML_7031), fc.constant('\r\n'), fc.string({ maxLength: 40 })), {
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 300 }),
        async (parts, chunk) => {
          const bytes = Buffer.from(`<Events>${parts.join('')}`, 'utf8');
          expect(await outcome(bytes, chunk)).toEqual(await outcome(bytes, bytes.length));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('still finds a valid event among random junk lines', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(junkLine, { maxLength: 15 }),
        fc.array(junkLine, { maxLength: 15 }),
        fc.integer({ min: 1, max: 400 }),
        async (before, after, chunk) => {
          // Junk that opens an XML stream or a JSON value left open makes the object something else,
          // in which a JSON line is not a record of its own; this property is about line-framed objects.
          const clean = (lines: string[]) => lines.map((line) => `_${line.replace(/[\r\n]/g, ' ')}`);
          const text = [...clean(before), ECS_1036, ...clean(after)].join('\n');
          const { events } = await readObject(text, { chunkSize: chunk });
          expect(events.some((e) => e.eventId === 1036 && e.provider === 'IMAP4SVC')).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});
