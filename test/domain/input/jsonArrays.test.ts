import { describe, expect, it } from 'vitest';
import { readFixture } from '../formats/formatFixtures';
import { readObject } from './readObject';

const FLUENT_BIT_7031: unknown = JSON.parse(readFixture('formats/fluentbit/7031-winevtlog.json'));
const FLUENT_BIT_1036: unknown = JSON.parse(readFixture('formats/fluentbit/1036-winevtlog.json'));
const EXPORT_7031: unknown = JSON.parse(readFixture('formats/export-winevents/7031.json'));
const EXPORT_1036: unknown = JSON.parse(readFixture('formats/export-winevents/1036.json'));
const NOISE = {
  '@timestamp': '2024-03-14T02:17:40.000Z',
  winlog: { channel: 'Security', computer_name: 'EXCH99', event_id: '4624', record_id: 5 },
  message: 'An account was successfully logged on.',
};

describe('a JSON array of events', () => {
  it('reads each element of a one-line array, as Fluent Bit writes it, with its own location', async () => {
    const line = JSON.stringify([NOISE, FLUENT_BIT_7031, FLUENT_BIT_1036]);
    const { events, rejections, summary } = await readObject(`${line}\n`);
    expect(rejections).toEqual([]);
    expect(summary.events).toBe(3);
    expect(events.map((e) => [e.eventId, e.format])).toEqual([
      [7031, 'fluentbit'],
      [1036, 'fluentbit'],
    ]);
    const [crash, failure] = events;
    expect(line.slice(crash?.source.byteOffset, (crash?.source.byteOffset ?? 0) + 30)).toBe(
      JSON.stringify(FLUENT_BIT_7031).slice(0, 30),
    );
    expect(failure?.source.byteOffset).toBeGreaterThan(crash?.source.byteOffset ?? 0);
  });

  it('reads each element of a pretty-printed array, as ConvertTo-Json writes it', async () => {
    const text = JSON.stringify([EXPORT_7031, NOISE, EXPORT_1036], null, 4).replace(/\n/g, '\r\n');
    const { events, rejections, summary } = await readObject(`${text}\r\n`, { chunkSize: 64 });
    expect(rejections).toEqual([]);
    expect(summary.events).toBe(3);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });

  it('frames a large array element by element, never holding the array whole', async () => {
    const elements = [...Array.from({ length: 5000 }, () => NOISE), FLUENT_BIT_7031, FLUENT_BIT_1036];
    const line = JSON.stringify(elements);
    expect(line.length).toBeGreaterThan(50 * 16_384);
    const { events, rejections, summary } = await readObject(line, {
      chunkSize: 4096,
      maxRecordBytes: 16_384,
    });
    expect(rejections).toEqual([]);
    expect(summary.events).toBe(5002);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });

  it('reports an element that is not an object and reads the others', async () => {
    const line = `[${JSON.stringify(FLUENT_BIT_7031)},42,${JSON.stringify(FLUENT_BIT_1036)}]`;
    const { events, rejections } = await readObject(`${line}\n`);
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
    expect(rejections.map((r) => r.reason)).toEqual(['malformed-json']);
  });

  it.each([2, 4])(
    'costs only the damaged element of a pretty-printed array (indent %i), however the object is split',
    async (indent) => {
      const noise = (recordId: number) => ({ ...NOISE, winlog: { ...NOISE.winlog, record_id: recordId } });
      const elements = [noise(1), noise(2), noise(3), EXPORT_7031, noise(4), EXPORT_1036];
      const lines = JSON.stringify(elements, null, indent).split('\n');
      // Cut the second element off after its first nested line: its closing braces never come.
      const second = lines.findIndex((line, index) => index > 1 && line === `${' '.repeat(indent)}{`);
      const text = [
        ...lines.slice(0, second + 3),
        ...lines.slice(lines.indexOf(`${' '.repeat(indent)}},`, second + 4) + 1),
      ].join('\r\n');
      for (const chunkSize of [text.length, 61]) {
        const { events, rejections, summary } = await readObject(`${text}\r\n`, { chunkSize });
        expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
        expect(rejections.map((r) => r.reason)).toEqual(['truncated-record']);
        expect(summary.events).toBe(5);
      }
    },
  );

  it('reads an array with --format fluentbit as with auto-detection', async () => {
    const line = JSON.stringify([FLUENT_BIT_7031, FLUENT_BIT_1036]);
    const { events } = await readObject(`${line}\n`, { format: 'fluentbit' });
    expect(events.map((e) => e.eventId)).toEqual([7031, 1036]);
  });
});
