import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NeedleSet } from '../../../domain/input/NeedleSet';

const holds = (needles: string[], text: string): boolean =>
  new NeedleSet(needles).anyWithin(Buffer.from(text), 0, Buffer.byteLength(text));

describe('needles of event ids', () => {
  it.each([
    ['a JSON number', '{"event_id":7031,"x":1}'],
    ['a JSON string', '{"event_id":"7031"}'],
    ['XML text', '<EventID Qualifiers="49152">7031</EventID>'],
    ['a number with leading zeros', '{"EventId":"07031"}'],
    ['the end of the text', 'EventID=7031'],
  ])('are found as %s', (_, text) => {
    expect(holds(['7031'], text)).toBe(true);
  });

  it.each([
    ['inside a record id', '{"record_id":2107031}'],
    ['at the start of a longer number', '{"pid":70312}'],
    ['after a non-zero digit and zeros', '{"n":107031}'],
  ])('are not found %s', (_, text) => {
    expect(holds(['7031'], text)).toBe(false);
  });

  it('find a later whole occurrence after a chance one in the same range', () => {
    expect(holds(['7031'], '{"record_id":2107031,"event_id":7031}')).toBe(true);
  });

  it('leave needles that are not numbers as plain substrings', () => {
    expect(holds(['<?xml'], 'x<?xml version')).toBe(true);
  });
});

describe('needles sharing their first bytes', () => {
  it.each([
    ['the first', '{"event_id":7031}', true],
    ['the second', '{"event_id":7036}', true],
    ['neither, with the shared start', '{"event_id":7033,"n":70361}', false],
    ['the second after a chance hit of the first', '{"record_id":27031,"event_id":7036}', true],
  ])('find %s', (_, text, found) => {
    expect(holds(['7031', '7036', '1036'], text)).toBe(found);
  });

  it('name the numbers found whole within a range', () => {
    const text = '{"a":7036,"b":1036}\n{"a":70361,"b":"7031"}\n';
    const set = new NeedleSet(['7031', '7036', '1036']);
    const data = Buffer.from(text);
    const first = text.indexOf('\n');
    expect(set.anyWithin(data, 0, first)).toBe(true);
    expect(set.numbersWithin(data, 0, first).sort()).toEqual([1036, 7036]);
    expect(set.anyWithin(data, first + 1, text.length - 1)).toBe(true);
    expect(set.numbersWithin(data, first + 1, text.length - 1)).toEqual([7031]);
  });

  it('find each needle in its own range of one buffer, ranges asked in order', () => {
    const text = '{"a":7036}\n{"a":7032}\n{"a":1036}\n{"a":70310}\n';
    const set = new NeedleSet(['7031', '7036', '1036']);
    const data = Buffer.from(text);
    const lines = text.split('\n').slice(0, 4);
    let at = 0;
    const found = lines.map((line) => {
      const hit = set.anyWithin(data, at, at + line.length);
      at += line.length + 1;
      return hit;
    });
    expect(found).toEqual([true, false, true, false]);
  });
});

describe('needles searched from either end', () => {
  /** The reference: a whole needle starting in the range and ending within it. */
  const naive = (needles: readonly string[], text: string, start: number, end: number): boolean =>
    needles.some((needle) => {
      for (let at = text.indexOf(needle, start); at !== -1 && at + needle.length <= end; ) {
        const before = text.slice(0, at).replace(/0+$/, '');
        const digit = /\d/;
        const alone = !digit.test(before.at(-1) ?? '') && !digit.test(text[at + needle.length] ?? '');
        if (!/^\d+$/.test(needle) || alone) return true;
        at = text.indexOf(needle, at + 1);
      }
      return false;
    });

  it('finds what a plain search finds, whichever end each key is searched from', () => {
    const needles = ['7031', '7036', '1036', '41'];
    // A long head rich in one digit turns the keys that end (or start) with it around.
    const head = fc.constantFrom('1', '6', '7', '3', 'x').map((digit) => `${digit} `.repeat(9000));
    const body = fc.array(fc.constantFrom('7031', '7036', '1036', '41', '0', '1', '6', '7', '3', ',', '\n'), {
      maxLength: 300,
    });
    fc.assert(
      fc.property(head, body, fc.array(fc.nat(), { maxLength: 20 }), (headText, parts, cuts) => {
        const text = headText + parts.join('');
        const data = Buffer.from(text, 'latin1');
        const set = new NeedleSet(needles);
        const points = [
          ...new Set([
            headText.length,
            ...cuts.map((cut) => headText.length + (cut % (text.length - headText.length + 1))),
            text.length,
          ]),
        ].sort((a, b) => a - b);
        for (let i = 0; i + 1 < points.length; i++) {
          const start = points[i] as number;
          const end = points[i + 1] as number;
          expect(set.anyWithin(data, start, end)).toBe(naive(needles, text, start, end));
        }
      }),
      { numRuns: 300 },
    );
  });
});
