import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readObject } from './readObject';
import {
  ECS_1036,
  ECS_7031,
  NOISE_ECS,
  XML_1036 as SAMPLE_XML_1036,
  XML_7031 as SAMPLE_XML_7031,
} from './sampleRecords';

// A shipper that dies mid-write and starts again leaves the cut-off record run into the next one, with
// no line break between them. The next one must still be read, and the cut-off part reported.

const XML_7031 = SAMPLE_XML_7031.trim();
const XML_1036 = SAMPLE_XML_1036.trim();
const XML_NOISE = XML_1036.replace('IMAP4SVC', 'Microsoft-Windows-Kernel-General')
  .replace('>1036<', '>12<')
  .replace('2210457', '2210458');

/** Past the reader's first records, which are all parsed for their shape: the fast path reads these. */
const LEAD = 150;

function lines(records: string[]): string {
  return `${records.join('\n')}\n`;
}

function cutAfter(record: string, marker: string): string {
  return record.slice(0, record.indexOf(marker) + marker.length);
}

describe('a cut-off XML event run into the next one', () => {
  const noise = Array.from({ length: LEAD }, () => XML_NOISE);

  it('still reads a rule’s event after an event cut off past its id, and reports the cut part', async () => {
    const cut = cutAfter(XML_NOISE, '<Level>');
    const text = lines([...noise, `${cut}${XML_7031}`, XML_1036, ...noise]);
    const { events, rejections, summary } = await readObject(text);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.map((r) => [r.reason, r.source.byteOffset])).toEqual([
      ['truncated-record', LEAD * (XML_NOISE.length + 1)],
    ]);
    expect(summary).toMatchObject({ events: 2 * LEAD + 2, rejected: 1 });
  });

  it('counts the event after it and reports the cut part when neither is a rule’s', async () => {
    const cut = cutAfter(XML_NOISE, '</EventData>');
    const { events, rejections, summary } = await readObject(
      lines([...noise, `${cut}${XML_NOISE}`, ...noise]),
    );
    expect(events).toEqual([]);
    expect(rejections.map((r) => r.reason)).toEqual(['truncated-record']);
    expect(summary).toMatchObject({ events: 2 * LEAD + 1, rejected: 1 });
  });

  it('reports text that is no event in front of an event instead of dropping it', async () => {
    const { events, rejections } = await readObject(lines([...noise, `{"not": "an event"}${XML_7031}`]));
    expect(events.map((e) => e.eventId)).toEqual([7031]);
    expect(rejections.map((r) => [r.reason, r.record.trim()])).toEqual([
      ['malformed-xml', '{"not": "an event"}'],
    ]);
  });

  it('reads a rule’s event after an event cut off wherever the cut falls', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: XML_NOISE.length - 1 }),
        fc.integer({ min: 200, max: 5000 }),
        async (cutAt, chunkSize) => {
          const text = lines([...noise, `${XML_NOISE.slice(0, cutAt)}${XML_7031}`, XML_1036]);
          const { events, rejections, summary } = await readObject(text, { chunkSize });
          expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
          expect(rejections.map((r) => r.reason)).toEqual(['truncated-record']);
          expect(summary).toMatchObject({ events: LEAD + 2, rejected: 1 });
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('a cut-off JSON line run into the next record', () => {
  const noise = Array.from({ length: LEAD }, () => NOISE_ECS);

  it('still reads a rule’s event after it, and reports the cut part', async () => {
    const cut = NOISE_ECS.slice(0, 70);
    const text = lines([...noise, `${cut}${ECS_7031}`, ECS_1036, ...noise]);
    const { events, rejections, summary } = await readObject(text);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.map((r) => [r.reason, r.source.line])).toEqual([['truncated-record', LEAD + 1]]);
    expect(events[0]?.source).toMatchObject({
      line: LEAD + 1,
      byteOffset: LEAD * (NOISE_ECS.length + 1) + 70,
    });
    expect(summary).toMatchObject({ events: 2 * LEAD + 2, rejected: 1 });
  });

  it('reports the cut part and counts the record after it on a line checked for its shape', async () => {
    // The object's first records are all parsed for their shape, whatever their ids.
    const cut = NOISE_ECS.slice(0, 70);
    const { rejections, summary } = await readObject(lines([NOISE_ECS, `${cut}${NOISE_ECS}`, NOISE_ECS]));
    expect(rejections.map((r) => [r.reason, r.record])).toEqual([['truncated-record', cut]]);
    expect(summary).toMatchObject({ events: 3, rejected: 1 });
  });

  it('reads a rule’s event after a record cut off wherever the cut falls', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: NOISE_ECS.length - 1 }), async (cutAt) => {
        const text = lines([...noise, `${NOISE_ECS.slice(0, cutAt)}${ECS_7031}`, ECS_1036]);
        const { events, rejections, summary } = await readObject(text);
        expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
        expect(rejections.map((r) => r.reason)).toEqual(['truncated-record']);
        expect(summary).toMatchObject({ events: LEAD + 2, rejected: 1 });
      }),
      { numRuns: 60 },
    );
  });
});
