import { describe, expect, it } from 'vitest';
import { compileCondition } from '../../../domain/rules/compileCondition';
import { serviceCrash } from '../../support/buildEvents';

const LONG_MESSAGE = `The IIS Admin Service IIS Admin Service IIS Admin Service ${'x'.repeat(100_000)} ${'a'.repeat(40)}!`;

describe('rule patterns', () => {
  it.each([
    ['a nested repetition that backtracks exponentially', '^The (\\w+\\s?)+service terminated unexpectedly$'],
    ['the classic (a+)+$', '(a+)+$'],
  ])('answer %s on a 100 KB message in well under a second', (_, pattern) => {
    const matches = compileCondition({ field: 'message', matches: pattern });
    const event = { ...serviceCrash({ at: '2024-03-14T02:00:00Z' }), message: LONG_MESSAGE };
    const started = performance.now();
    expect(matches(event)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('still match case-insensitively', () => {
    const matches = compileCondition({ field: 'message', matches: 'iis admin service service terminated' });
    expect(matches(serviceCrash({ at: '2024-03-14T02:00:00Z' }))).toBe(true);
  });
});
