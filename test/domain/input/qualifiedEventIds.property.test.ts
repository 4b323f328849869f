import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture, readJsonFixture } from '../formats/formatFixtures';
import { readObject } from './readObject';

type Json = Record<string, Record<string, unknown>>;

/** A 7031 of each JSON shape, and how to write its event id (every field the shape carries it in). */
const SHAPES = {
  ecs: {
    record: readJsonFixture('formats/ecs/7031-winlogbeat8.json'),
    setId: (record: Json, id: unknown) => {
      (record.winlog ?? {}).event_id = id;
      (record.event ?? {}).code = id;
    },
  },
  nxlog: {
    record: readJsonFixture('formats/nxlog/7031-ce.json'),
    setId: (record: Json, id: unknown) => {
      (record as Record<string, unknown>).EventID = id;
    },
  },
  powershell: {
    record: readJsonFixture('formats/powershell/7031-ps7.json'),
    setId: (record: Json, id: unknown) => {
      (record as Record<string, unknown>).Id = id;
    },
  },
} as const;

/** The ways shippers write a 32-bit id with its qualifiers (Get-EventLog InstanceId, WMI), or the plain one. */
const WRITINGS = {
  plain: (id: number) => id,
  unsigned: (id: number, qualifiers: number) => qualifiers * 0x1_0000 + id,
  signed: (id: number, qualifiers: number) => (qualifiers * 0x1_0000 + id) | 0,
  'unsigned string': (id: number, qualifiers: number) => String(qualifiers * 0x1_0000 + id),
  'signed string': (id: number, qualifiers: number) => String((qualifiers * 0x1_0000 + id) | 0),
  hex: (id: number, qualifiers: number) => `0x${(qualifiers * 0x1_0000 + id).toString(16).toUpperCase()}`,
} as const;

const NOT_A_RULE_ID = fc.integer({ min: 1, max: 0xffff }).filter((id) => ![7031, 7036, 1036].includes(id));
const record = fc.record({
  relevant: fc.boolean(),
  otherId: NOT_A_RULE_ID,
  qualifiers: fc.integer({ min: 0, max: 0xffff }),
});

describe('32-bit event ids with qualifiers in JSON records', () => {
  it('the prefilter never skips a record the parser reads as a rule event, however the id is written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(SHAPES) as (keyof typeof SHAPES)[])),
        fc.constantFrom(...(Object.keys(WRITINGS) as (keyof typeof WRITINGS)[])),
        fc.array(record, { minLength: 100, maxLength: 160 }),
        fc.integer({ min: 0, max: 99 }),
        async (shape, writing, records, firstRelevant) => {
          const { record: template, setId } = SHAPES[shape];
          const lines = records.map(({ relevant, otherId, qualifiers }, index) => {
            const copy = structuredClone(template) as Json;
            const isRelevant = relevant && index >= firstRelevant;
            setId(copy, WRITINGS[writing](isRelevant ? 7031 : otherId, qualifiers));
            return { line: JSON.stringify(copy), isRelevant };
          });
          // At least one relevant record past the object's first 100, which are all parsed anyway.
          const last = structuredClone(template) as Json;
          setId(last, WRITINGS[writing](7031, 0xc000));
          lines.push({ line: JSON.stringify(last), isRelevant: true });
          const { events, rejections } = await readObject(`${lines.map((l) => l.line).join('\n')}\n`);
          expect(rejections).toEqual([]);
          // Other records may reach the parser too (the correlator matches ids exactly); none of the rule's may be lost.
          const rules = events.filter((event) => event.eventId === 7031);
          expect(rules.map((event) => event.source.line)).toEqual(
            lines.flatMap((l, index) => (l.isRelevant ? [index + 1] : [])),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it.each([
    [3221232503, 'ecs'],
    [-1073734793, 'nxlog'],
    ['3221232503', 'powershell'],
  ] as const)('reads %s in a %s record past the first 100 as 7031', async (id, shape) => {
    const { record: template, setId } = SHAPES[shape];
    const noise = structuredClone(template) as Json;
    setId(noise, typeof id === 'number' ? id - 5 : String(Number(id) - 5));
    const crash = structuredClone(template) as Json;
    setId(crash, id);
    const lines = [...Array.from({ length: 150 }, () => JSON.stringify(noise)), JSON.stringify(crash)];
    const { events } = await readObject(`${lines.join('\n')}\n`);
    expect(events.map((event) => [event.eventId, event.source.line])).toEqual([[7031, 151]]);
  });
});

describe('32-bit event ids in CloudWatch Logs envelopes', () => {
  it('reads an XML log event whose id carries its qualifiers, past the first 100 log events', async () => {
    const crash = readFixture('formats/cwl/7031-xml.txt');
    const qualified = crash.replace(/(<EventID[^>]*>)7031</, '$13221232503<');
    const noise = crash.replace(/(<EventID[^>]*>)7031</, '$13221232500<');
    expect(qualified).not.toBe(crash);
    const envelope = JSON.stringify({
      messageType: 'DATA_MESSAGE',
      owner: '123456789012',
      logGroup: '/windows/system',
      logStream: 'i-0abc123def4567890',
      subscriptionFilters: ['to-firehose'],
      logEvents: [...Array.from({ length: 120 }, () => noise), qualified].map((message, id) => ({
        id: String(id),
        timestamp: 1710382665123,
        message,
      })),
    });
    const { events, rejections } = await readObject(`${envelope}\n`);
    expect(rejections).toEqual([]);
    expect(events.map((event) => [event.eventId, event.source.innerIndex])).toEqual([[7031, 120]]);
  });
});
