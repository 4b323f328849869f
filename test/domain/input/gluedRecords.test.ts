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

// Firehose concatenates records without a delimiter unless told otherwise: a quiet minute's object is one
// line of a few whole records back to back, which must each be read, counted and correlated.
describe('whole JSON records written back to back on one line', () => {
  const noise = Array.from({ length: LEAD }, () => NOISE_ECS);

  it('reads each record of an object that is one such line', async () => {
    const { events, rejections, summary } = await readObject(`${ECS_7031}${ECS_1036}`);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections).toEqual([]);
    expect(summary).toMatchObject({ events: 2, rejected: 0 });
  });

  it('counts every record of such an object, though none is a rule’s', async () => {
    const { rejections, summary } = await readObject(`${NOISE_ECS.repeat(5)}\n`);
    expect(rejections).toEqual([]);
    expect(summary).toMatchObject({ events: 5, rejected: 0 });
  });

  it('reads each record of such a line in an NDJSON object, with its own byte offset', async () => {
    const glued = `${NOISE_ECS} ${ECS_7031}\t${NOISE_ECS}${ECS_1036}`;
    const { events, rejections, summary } = await readObject(lines([...noise, glued, ...noise]));
    expect(events.map((e) => [e.eventId, e.source.line])).toEqual([
      [7031, LEAD + 1],
      [1036, LEAD + 1],
    ]);
    const lineStart = LEAD * (NOISE_ECS.length + 1);
    expect(events.map((e) => e.source.byteOffset)).toEqual([
      lineStart + NOISE_ECS.length + 1,
      lineStart + NOISE_ECS.length + 1 + ECS_7031.length + 1 + NOISE_ECS.length,
    ]);
    expect(rejections).toEqual([]);
    expect(summary).toMatchObject({ events: 2 * LEAD + 4, rejected: 0 });
  });

  it('reads the whole records around one cut off, and reports only the cut part', async () => {
    const cut = NOISE_ECS.slice(0, 70);
    const text = lines([...noise, `${ECS_7031}${cut}${ECS_1036}`]);
    const { events, rejections, summary } = await readObject(text);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.map((r) => [r.reason, r.record])).toEqual([['truncated-record', cut]]);
    expect(summary).toMatchObject({ events: LEAD + 2, rejected: 1 });
  });

  it('reads the record before text that is no record, and reports that text', async () => {
    const text = lines([...noise, `${ECS_7031} trailing words`, ECS_1036]);
    const { events, rejections } = await readObject(text);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.map((r) => [r.reason, r.record])).toEqual([['malformed-json', 'trailing words']]);
  });

  it('reads every record however many are glued and whatever lies between them', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(NOISE_ECS, ECS_7031, ECS_1036), { minLength: 2, maxLength: 8 }),
        fc.array(fc.constantFrom('', ' ', '\t', '\r'), { minLength: 8, maxLength: 8 }),
        fc.boolean(),
        async (records, gaps, alone) => {
          // Past an object's first records, a line without any rule's event id is counted on the fast path,
          // which does not look for records glued together: such a line counts as one event.
          fc.pre(alone || records.some((record) => record !== NOISE_ECS));
          const glued = records.map((record, i) => `${record}${gaps[i]}`).join('');
          const { events, rejections, summary } = await readObject(alone ? glued : lines([...noise, glued]));
          const ruleIds = records.filter((r) => r !== NOISE_ECS).map((r) => (r === ECS_7031 ? 7031 : 1036));
          expect(events.map((e) => e.eventId)).toEqual(ruleIds);
          expect(rejections).toEqual([]);
          expect(summary).toMatchObject({ events: (alone ? 0 : LEAD) + records.length, rejected: 0 });
        },
      ),
      { numRuns: 60 },
    );
  });
});
