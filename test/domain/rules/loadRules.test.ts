import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUNDLED_RULES_PATH, loadRules } from '../../../adapters/node/loadRules';
import { overrideWindow } from '../../../domain/rules/overrideWindow';
import { parseRuleDocument } from '../../../domain/rules/parseRuleDocument';
import { RuleLoadError } from '../../../domain/rules/RuleLoadError';

const folder = mkdtempSync(join(tmpdir(), 'rules-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const VALID = `
id: KB999999
version: 2
title: Example
severity: low
kb: { id: KB999999 }
window: 1h30m
steps:
  - { name: first, eventIds: [1], providers: [A] }
  - { name: second, eventIds: [2], providers: [B], match: { field: message, contains: boom } }
remediation: Restart {node}.
smsAction: Restart
`;

function problemsOf(text: string): string {
  try {
    parseRuleDocument(text, 'rules/bad.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(RuleLoadError);
    return (error as Error).message;
  }
  throw new Error('expected the rule to be rejected');
}

describe('rule documents', () => {
  it('loads the bundled KB819865 rule with a 60 minute window', () => {
    const [rule] = loadRules(BUNDLED_RULES_PATH);
    expect(rule).toMatchObject({ id: 'KB819865', windowMs: 3_600_000, severity: 'high' });
    expect(rule?.steps.map((s) => s.name)).toEqual(['iis-admin-crash', 'mail-service-start-failure']);
    expect(rule?.resolution).toBeDefined();
  });

  it('reads durations with several units', () => {
    expect(parseRuleDocument(VALID, 'x.yaml').windowMs).toBe(90 * 60_000);
  });

  it('lets a run override the window of every rule', () => {
    const [rule] = overrideWindow([parseRuleDocument(VALID, 'x.yaml')], 5_000);
    expect(rule?.windowMs).toBe(5_000);
  });

  it('names the file, the field and the problem when a field has the wrong type', () => {
    expect(problemsOf(VALID.replace('eventIds: [1]', 'eventIds: ["one"]'))).toMatch(
      /^rules\/bad\.yaml: steps\.0\.eventIds\.0: .*number/,
    );
  });

  it('rejects a window that is not a duration', () => {
    expect(problemsOf(VALID.replace('1h30m', 'an hour'))).toMatch(/window: 'an hour' is not a duration/);
  });

  it('rejects an unknown field, so typos do not silently disable a condition', () => {
    expect(problemsOf(VALID.replace('severity: low', 'severity: low\nwindwo: 5m'))).toMatch(/windwo/);
  });

  it('rejects a condition with two operators', () => {
    expect(problemsOf(VALID.replace('contains: boom', 'contains: boom, equals: bang'))).toMatch(
      /exactly one of equals, contains, matches/,
    );
  });

  it('rejects an invalid regular expression', () => {
    expect(problemsOf(VALID.replace('contains: boom', "matches: '(unclosed'"))).toMatch(
      /steps\.1\.match\.matches: is not a pattern the linear-time engine \(RE2\) accepts/,
    );
  });

  it('refuses back-references, which no linear-time engine can run, naming file and field', () => {
    expect(problemsOf(VALID.replace('contains: boom', "matches: '(a)\\1'"))).toMatch(
      /rules\/bad\.yaml: steps\.1\.match\.matches: .*RE2.*escape/,
    );
  });

  it.each([
    ['a window longer than 7 days', 'window: 8d', /window: '8d' is longer than the most allowed, 7d/],
    ['a 100-year window', 'window: 36500d', /longer than the most allowed/],
    ['a window that overflows to Infinity', `window: ${'9'.repeat(400)}d`, /longer than the most allowed/],
  ])('rejects %s', (_, line, problem) => {
    expect(problemsOf(VALID.replace('window: 1h30m', line))).toMatch(problem);
  });

  it('rejects a rule with a single step', () => {
    expect(problemsOf(VALID.replace(/ {2}- \{ name: second.*\n/, ''))).toMatch(/steps/);
  });

  it('rejects text that is not YAML', () => {
    expect(problemsOf('id: [unclosed')).toMatch(/not valid YAML/);
  });

  it('refuses two rule files with the same id', () => {
    writeFileSync(join(folder, 'a.yaml'), VALID);
    writeFileSync(join(folder, 'b.yml'), VALID);
    expect(() => loadRules(folder)).toThrow(/'KB999999' is already defined in .*a\.yaml/);
  });
});
