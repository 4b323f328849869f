import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EventData, NormalisedEvent } from '../../../../domain/event/NormalisedEvent';
import { mapWindowsEventElement } from '../../../../domain/formats/parseWindowsEventXml';
import { readEvtxBytes } from './readEvtxBytes';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/evtx/', import.meta.url));
const FILES = readdirSync(FIXTURES).filter((name) => name.endsWith('.evtx'));

type ExpectedEvent = Omit<NormalisedEvent, 'timeMs' | 'source' | 'format'>;

function expected(file: string): ExpectedEvent[] {
  return (JSON.parse(readFileSync(`${FIXTURES}${file}.expected.json`, 'utf8')) as { events: ExpectedEvent[] })
    .events;
}

/** Our events in the shape of the expected ones. */
function readEvents(file: string) {
  const { records, damage } = readEvtxBytes(readFileSync(`${FIXTURES}${file}`));
  const events = records.map((record) => {
    const result = mapWindowsEventElement(
      record.elements[0] ?? { name: '', attributes: new Map(), children: [], text: '' },
      { object: file, byteOffset: record.byteOffset },
      'evtx',
    );
    if (result.kind === 'rejected') throw new Error(`record ${record.recordId}: ${result.detail}`);
    return result.event;
  });
  return { events, damage };
}

/**
 * evtxexport renders some values differently from Event Viewer, which this reader follows: times with 9
 * fraction digits (FILETIME has 7), hex integers padded to their width, size_t in decimal rather than hex,
 * GUIDs in either case, and values that are only whitespace as empty.
 */
function sameRendering(ours: string, evtxexport: string): boolean {
  if (ours === evtxexport) return true;
  if (ours.trim() === '' && evtxexport === '') return true;
  const time = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7})Z$/.exec(ours);
  if (time) return evtxexport === `${time[1]}00Z`;
  if (/^0x[0-9a-f]+$/.test(ours) && /^(0x[0-9a-f]+|\d+)$/i.test(evtxexport)) {
    return BigInt(ours) === BigInt(evtxexport);
  }
  return /^\{[0-9A-F-]{36}\}$/i.test(ours) && ours.toLowerCase() === evtxexport.toLowerCase();
}

function expectSameData(ours: EventData, evtxexport: EventData, where: string): void {
  expect(Object.keys(ours.named), where).toEqual(Object.keys(evtxexport.named));
  for (const [name, value] of Object.entries(ours.named)) {
    expect(sameRendering(value, evtxexport.named[name] ?? ''), `${where} ${name}: ${value}`).toBe(true);
  }
  expect(ours.positional.length, where).toBe(evtxexport.positional.length);
  ours.positional.forEach((value, i) => {
    expect(sameRendering(value, evtxexport.positional[i] ?? ''), `${where} #${i}: ${value}`).toBe(true);
  });
}

describe('reading real .evtx files, checked against evtxexport', () => {
  it.each(FILES)('%s: every event and value as evtxexport reads them', (file) => {
    const { events } = readEvents(file);
    const theirs = expected(file);
    expect(events.length).toBe(theirs.length);
    events.forEach((event, i) => {
      const { time, data, timeMs, source, format, ...fields } = event;
      const { time: theirTime, data: theirData, ...theirFields } = theirs[i] as ExpectedEvent;
      const where = `${file} record ${event.recordId}`;
      expect(fields, where).toEqual(theirFields);
      expect(sameRendering(time, theirTime), `${where} time ${time}`).toBe(true);
      expect(format).toBe('evtx');
      expectSameData(data, theirData, where);
    });
  });

  it('keeps all seven fraction digits of FILETIME', () => {
    const { events } = readEvents('security-size-t-first-chunk.evtx');
    expect(events.every((event) => /\.\d{7}Z$/.test(event.time))).toBe(true);
    expect(events.some((event) => !/0000Z$/.test(event.time))).toBe(true);
  });

  it('renders booleans stored as 8, 16 or 65536 as true, as Event Viewer does', () => {
    const values = readEvents('irregular-bool-values-first-chunk.evtx').events.flatMap((event) =>
      Object.values(event.data.named),
    );
    expect(values.filter((value) => value === 'true').length).toBe(35);
    expect(values.filter((value) => value === 'false').length).toBe(82);
  });

  it('renders size_t (pointer) values in hex, as Event Viewer does', () => {
    const processIds = readEvents('security-size-t-first-chunk.evtx').events.flatMap(
      (event) => event.data.named.ProcessId ?? [],
    );
    expect(processIds).toContain('0x24c');
  });

  it('reports the one record a dirty log holds only in part, and reads the five before it', () => {
    const { events, damage } = readEvents('Microsoft-Windows-HelloForBusiness%4Operational.evtx');
    expect(events.map((event) => event.recordId)).toEqual([1, 2, 3, 4, 5]);
    expect(damage).toEqual([
      {
        reason: 'corrupt-evtx-record',
        byteOffset: 8080,
        detail: expect.stringContaining('written only in part'),
      },
    ]);
  });

  it('reports no damage in the intact files', () => {
    for (const file of FILES.filter((name) => !name.startsWith('Microsoft-Windows-HelloForBusiness'))) {
      expect(readEvents(file).damage, file).toEqual([]);
    }
  });
});
