import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapJsonRecord } from '../../../domain/formats/detectJsonRecordFormat';
import { parseCloudWatchAgentText } from '../../../domain/formats/parseCloudWatchAgentText';
import { parseEventTime } from '../../../domain/formats/parseEventTime';
import { parseWindowsEventXml } from '../../../domain/formats/parseWindowsEventXml';
import { parseXmlElementTree } from '../../../domain/formats/xml/parseXmlElementTree';
import { readFixture, SOURCE, UTC } from './formatFixtures';

const VISTA_7031 = readFixture('formats/xml/7031-vista-rendered.xml');

/** Strings built from XML-ish fragments reach deeper into the parser than uniform random characters. */
const xmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<',
        '>',
        '/',
        '</',
        '/>',
        '=',
        "'",
        '"',
        '&',
        ';',
        '&amp;',
        '&#x',
        '&#',
        '<!--',
        '-->',
        '<![CDATA[',
        ']]>',
      ),
      fc.constantFrom(
        '<Event>',
        '</Event>',
        '<System>',
        '</System>',
        "<Data Name='a'>",
        '</Data>',
        '<?xml ?>',
        '<!DOCTYPE',
      ),
      fc.string({ maxLength: 8 }),
      fc.constantFrom('\u0000', '\u001b', '\r\n', '\uFEFF', '\uD800'),
    ),
    { maxLength: 300 },
  )
  .map((parts) => parts.join(''));

/** Record mutations: the real 7031 with a slice cut out or a fragment spliced in. */
const mutatedEvent = fc
  .tuple(fc.nat(VISTA_7031.length), fc.nat(200), fc.string({ maxLength: 20 }))
  .map(([at, cut, insert]) => VISTA_7031.slice(0, at) + insert + VISTA_7031.slice(at + cut));

const jsonRecord = fc.dictionary(
  fc.oneof(
    fc.constantFrom(
      'winlog',
      'EventID',
      'EventId',
      'Hostname',
      'Computer',
      'System',
      'EventTime',
      'TimeCreated',
      'StringInserts',
    ),
    fc.constantFrom(
      'MachineName',
      'SourceName',
      'Severity',
      'computer_name',
      'event_id',
      'source_name',
      '__proto__',
      'constructor',
    ),
    fc.string({ maxLength: 10 }),
  ),
  fc.jsonValue({ maxDepth: 3 }),
);

describe('format parsers on arbitrary input', () => {
  it('parseXmlElementTree never throws on random strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4096 }), (text) => {
        expect(['element', 'rejected']).toContain(parseXmlElementTree(text).kind);
      }),
      { numRuns: 500 },
    );
  });

  it('parseXmlElementTree never throws and returns quickly on XML-like fragments', () => {
    fc.assert(
      fc.property(xmlish, (text) => {
        const started = performance.now();
        parseXmlElementTree(text);
        expect(performance.now() - started).toBeLessThan(100);
      }),
      { numRuns: 1000 },
    );
  });

  it('parseWindowsEventXml never throws on random strings or mutated real records', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 2048 }), xmlish, mutatedEvent), (text) => {
        expect(['event', 'rejected']).toContain(parseWindowsEventXml(text, SOURCE).kind);
      }),
      { numRuns: 1000 },
    );
  });

  it('mapJsonRecord never throws on arbitrary JSON objects, including ones carrying format markers', () => {
    fc.assert(
      fc.property(jsonRecord, (record) => {
        expect(['event', 'rejected']).toContain(mapJsonRecord(record, SOURCE, UTC).kind);
      }),
      { numRuns: 1000 },
    );
  });

  it('mapJsonRecord never throws on arbitrary objects of any shape', () => {
    fc.assert(
      fc.property(fc.object(), (record) => {
        expect(['event', 'rejected']).toContain(mapJsonRecord(record, SOURCE, UTC).kind);
      }),
      { numRuns: 500 },
    );
  });

  it('parseCloudWatchAgentText never throws on random text and timestamps', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500 }), fc.double(), (text, timestamp) => {
        expect(['event', 'rejected']).toContain(parseCloudWatchAgentText(`[${text}`, timestamp, SOURCE).kind);
      }),
      { numRuns: 500 },
    );
  });

  it('parseEventTime round-trips any valid UTC instant with any number of fraction digits', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1601-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.stringMatching(/^[0-9]{0,9}$/),
        (date, fraction) => {
          const text = `${date.toISOString().slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
          const parsed = parseEventTime(text);
          expect(parsed?.time).toBe(text);
          expect(parsed?.timeMs).toBe(
            Math.floor(date.getTime() / 1000) * 1000 + Number(fraction.slice(0, 3).padEnd(3, '0')),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
