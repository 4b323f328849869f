import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
