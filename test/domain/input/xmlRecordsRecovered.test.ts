import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWindowsEventXml } from '../../../domain/formats/parseWindowsEventXml';
import { SHAPE_CHECK_HEAD } from '../../../domain/input/ObjectRecordReader';
import {
  iisAdminCrashEcs,
  iisAdminCrashXml,
  imapStartFailureEcs,
  imapStartFailureXml,
  noiseXml,
} from '../../support/windowsEventRecords';
import { readObject } from './readObject';

const CRASH = { node: 'EXCH01', at: '2024-03-14T02:17:45.1230000Z', recordId: 1 };
const FAILURE = { node: 'EXCH01', at: '2024-03-14T02:18:45.1230000Z', recordId: 2 };
const CRASH_XML = iisAdminCrashXml(CRASH);
const FAILURE_XML = imapStartFailureXml(FAILURE);

/** The same event with every element name behind a namespace prefix, as some forwarders write it. */
function prefixed(xml: string): string {
  return xml
    .replace(/<(\/?)(?=[A-Za-z])/g, '<$1e:')
    .replace(
      "xmlns='http://schemas.microsoft.com/win/2004/08/events/event'",
      "xmlns:e='http://schemas.microsoft.com/win/2004/08/events/event'",
    );
}

function withEventId(xml: string, idText: string): string {
  return xml.replace(/(<EventID[^>]*>)[^<]*(<\/EventID>)/, `$1${idText}$2`);
}

describe('XML events the reader used to drop without a word', () => {
  it('reads events whose elements carry a namespace prefix, however the object is split', async () => {
    const text = `${prefixed(CRASH_XML)}\n${prefixed(FAILURE_XML)}\n`;
    for (const chunkSize of [text.length, 97, 13]) {
      const { events, rejections } = await readObject(text, { chunkSize });
      expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
      expect(rejections).toEqual([]);
    }
  });

  it('reads an event id written with a character reference', async () => {
    const { events } = await readObject(`${withEventId(CRASH_XML, '&#x37;031')}\n${FAILURE_XML}\n`);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });

  it('reads character and entity references in the provider and the message', async () => {
    const crash = CRASH_XML.replace(
      "Name='Service Control Manager'",
      "Name='Service&#32;Control&#x20;Manager'",
    )
      .replace('1036', '1036')
      .replace('IIS Admin Service</Data>', 'IIS&#x20;Admin Service</Data>');
    const failure = FAILURE_XML.replace('Microsoft Exchange IMAP4', 'Microsoft Exchange &quot;IMAP4&quot;');
    const { events } = await readObject(`${crash}\n${failure}\n`);
    expect(events.map((e) => [e.eventId, e.provider])).toEqual([
      [7031, 'Service Control Manager'],
      [1036, 'IMAP4SVC'],
    ]);
  });

  it.each(['3221232503', '-1073734793', '0xC0001B77', '72567'])(
    'reads the 32-bit event id %s as 7031',
    async (id) => {
      const { events } = await readObject(`${withEventId(CRASH_XML, id)}\n`);
      expect(events.map((e) => e.eventId)).toEqual([7031]);
    },
  );

  it.each(['utf-16le', 'utf-16be'] as const)('reads %s without a BOM', async (encoding) => {
    const text = `${CRASH_XML}\r\n${FAILURE_XML}\r\n`;
    const bytes =
      encoding === 'utf-16le' ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'utf16le').swap16();
    const { events, summary } = await readObject(bytes, { chunkSize: 101 });
    expect(summary.encoding).toBe(encoding);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });

  it('reads XML files concatenated with a BOM at the start of the second', async () => {
    const { events, rejections } = await readObject(`\uFEFF${CRASH_XML}\r\n\uFEFF${FAILURE_XML}\r\n`);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections).toEqual([]);
  });

  it('reads NDJSON files concatenated with a BOM at the start of the second', async () => {
    const { events, rejections } = await readObject(
      `\uFEFF${iisAdminCrashEcs(CRASH)}\n\uFEFF${imapStartFailureEcs(FAILURE)}\n`,
    );
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections).toEqual([]);
  });
});

/** Ways shippers and exporters write an event id: plain, 32-bit with qualifiers, signed, hex, escaped. */
const eventIdText = fc
  .record({
    low: fc.oneof(fc.constant(7031), fc.integer({ min: 0, max: 0xffff })),
    qualifiers: fc.oneof(
      fc.constant(0),
      fc.constantFrom(1, 0x4000, 0x8000, 0xc000),
      fc.integer({ min: 0, max: 0xffff }),
    ),
    form: fc.constantFrom('unsigned', 'signed', 'hex', 'padded'),
    escapes: fc.array(fc.constantFrom('none', 'decimal', 'hex'), { minLength: 10, maxLength: 10 }),
  })
  .map(({ low, qualifiers, form, escapes }) => {
    const value = qualifiers * 0x10000 + low;
    const text =
      form === 'signed'
        ? String(value >= 2 ** 31 ? value - 2 ** 32 : value)
        : form === 'hex'
          ? `0x${value.toString(16).toUpperCase().padStart(8, '0')}`
          : form === 'padded'
            ? ` ${value} `
            : String(value);
    return [...text]
      .map((char, i) =>
        escapes[i] === 'decimal'
          ? `&#${char.charCodeAt(0)};`
          : escapes[i] === 'hex'
            ? `&#x${char.charCodeAt(0).toString(16)};`
            : char,
      )
      .join('');
  });

describe('the prefilter and the XML parser (property)', () => {
  it('never skip a record the parser reads as a rule’s event, whatever way its id is written', async () => {
    await fc.assert(
      fc.asyncProperty(eventIdText, async (idText) => {
        const xml = withEventId(CRASH_XML, idText);
        const parsed = parseWindowsEventXml(xml, { object: 'property', byteOffset: 0 });
        const parsedAsRuleEvent = parsed.kind === 'event' && parsed.event.eventId === 7031;
        const { events } = await readObject(`${xml}\n`);
        expect(events.some((e) => e.eventId === 7031)).toBe(parsedAsRuleEvent);
      }),
      { numRuns: 500 },
    );
  });

  it('agree past the object’s first records too, where irrelevant events are only counted', async () => {
    const noise = Array.from({ length: SHAPE_CHECK_HEAD + 5 }, (_, i) =>
      noiseXml({ node: 'EXCH02', at: '2024-03-14T02:10:00.0000000Z', recordId: 100 + i }),
    ).join('\n');
    await fc.assert(
      fc.asyncProperty(eventIdText, async (idText) => {
        const xml = withEventId(CRASH_XML, idText);
        const parsed = parseWindowsEventXml(xml, { object: 'property', byteOffset: 0 });
        const parsedAsRuleEvent = parsed.kind === 'event' && parsed.event.eventId === 7031;
        const { events, summary } = await readObject(`${noise}\n${xml}\n`);
        expect(events.some((e) => e.eventId === 7031)).toBe(parsedAsRuleEvent);
        expect(summary.events + summary.rejected).toBe(SHAPE_CHECK_HEAD + 6);
      }),
      { numRuns: 200 },
    );
  });
});
