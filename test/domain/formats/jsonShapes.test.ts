import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectJsonRecordFormat, mapJsonRecord } from '../../../domain/formats/detectJsonRecordFormat';
import { JSON_SHAPES } from '../../../domain/formats/jsonShapes';
import { eventOf, readJsonFixture, SOURCE, UTC } from './formatFixtures';

const FORMATS = fileURLToPath(new URL('../../fixtures/formats/', import.meta.url));

/** Every fixture of every registered JSON shape: `fixtures/formats/<shape>/<event id>-<variant>.json`. */
const FIXTURES = JSON_SHAPES.flatMap((shape) =>
  readdirSync(`${FORMATS}${shape.name}`)
    .filter((file) => file.endsWith('.json'))
    .map((file) => ({ shape: shape.name, file, eventId: Number(file.split(/[-.]/)[0]) })),
);

describe('the registered JSON shapes', () => {
  it('have unique names and at least two fixtures each (a 7031 and a 1036)', () => {
    const names = JSON_SHAPES.map((shape) => shape.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) {
      const ids = new Set(FIXTURES.filter((fixture) => fixture.shape === name).map((f) => f.eventId));
      expect([...ids].sort(), name).toEqual([1036, 7031]);
    }
  });

  it.each(FIXTURES)(
    '$shape/$file is recognised as $shape and read as event $eventId',
    ({ shape, file, eventId }) => {
      const record = readJsonFixture(`formats/${shape}/${file}`);
      expect(detectJsonRecordFormat(record)).toBe(shape);
      const event = eventOf(mapJsonRecord(record, SOURCE, UTC));
      expect(event).toMatchObject({ eventId, format: shape });
      expect(event.node).not.toBe('');
      expect(Number.isFinite(event.timeMs)).toBe(true);
    },
  );
});

describe('recognising a shape from its text', () => {
  const withText = JSON_SHAPES.filter((shape) => shape.recogniseText !== undefined);

  it.each(FIXTURES)('gives $shape/$file only to its own shape, from its compact text', ({ shape, file }) => {
    const text = JSON.stringify(readJsonFixture(`formats/${shape}/${file}`));
    const claimed = withText.filter((s) => s.recogniseText?.(text)).map((s) => s.name);
    expect(claimed.every((name) => name === shape)).toBe(true);
    if (shape === 'ecs' && !file.includes('flat')) expect(claimed).toEqual(['ecs']);
  });

  it('never claims a record the parsed check would not recognise, whichever markers are missing', () => {
    const ecs = FIXTURES.filter((f) => f.shape === 'ecs').map((f) =>
      readJsonFixture(`formats/ecs/${f.file}`),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...ecs),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        (record, keep) => {
          const winlog = { ...(record.winlog as Record<string, unknown>) };
          Object.keys(winlog).forEach((key, index) => {
            if (keep[index % keep.length] === false) delete winlog[key];
          });
          const changed = { ...record, winlog };
          const text = JSON.stringify(changed);
          for (const shape of withText) {
            if (shape.recogniseText?.(text)) expect(shape.recognise(changed)).toBe(true);
          }
        },
      ),
    );
  });

  it('is not fooled by markers quoted inside a string value', () => {
    const quoted = JSON.stringify({
      message: '{"winlog":{"event_id":7036,"channel":"System"}}',
      host: 'EXCH01',
    });
    expect(withText.some((shape) => shape.recogniseText?.(quoted))).toBe(false);
  });
});
