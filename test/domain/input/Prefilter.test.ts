import { describe, expect, it } from 'vitest';
import { BUNDLED_RULES_PATH, loadRules } from '../../../adapters/node/loadRules';
import { buildPrefilter } from '../../../domain/input/Prefilter';
import { parseRuleDocument } from '../../../domain/rules/parseRuleDocument';

const kb = buildPrefilter(loadRules(BUNDLED_RULES_PATH));

/** The prefilter of a rule made of these steps (YAML list items). */
function prefilterOfSteps(steps: string) {
  const document = `id: X1
version: 1
title: t
severity: low
kb: { id: X1 }
window: 5m
steps:${steps}
remediation: r
smsAction: s
`;
  return buildPrefilter([parseRuleDocument(document, 'x.yaml')]);
}

describe('the prefilter derived from rules', () => {
  it('searches for the event ids the rules name, and nothing else', () => {
    expect(kb.needles).toEqual(['1036', '7031', '7036']);
  });

  it('admits the records the KB819865 rule needs, whatever the letter case', () => {
    expect(
      kb.admits('{"EventID":7031,"SourceName":"Service Control Manager","param1":"IIS Admin Service"}'),
    ).toBe(true);
    expect(
      kb.admits('[Application] [WARNING] [1036] [imap4svc] [EXCH01] [failed with error 0x800CC800.]'),
    ).toBe(true);
    expect(
      kb.admits(
        '<EventID>7036</EventID><Provider Name="Service Control Manager"/><Data>IIS Admin Service</Data>',
      ),
    ).toBe(true);
  });

  it('turns away frequent events no rule could match', () => {
    expect(
      kb.admits('{"EventID":7036,"SourceName":"Service Control Manager","param1":"Windows Update"}'),
    ).toBe(false);
    expect(kb.admits('{"EventID":1036,"SourceName":"MSExchangeTransport","Message":"0x800cc800"}')).toBe(
      false,
    );
  });

  it('tries only the steps of the ids a record can have, when the reader knows them', () => {
    const iisStarted =
      '{"SourceName":"Service Control Manager","param1":"IIS Admin Service","param2":"running"}';
    expect(kb.admits(iisStarted, [7036])).toBe(true);
    expect(kb.admits(iisStarted, [1036])).toBe(false);
    expect(kb.admits(iisStarted, [])).toBe(false);
    expect(kb.admits(iisStarted)).toBe(false);
  });

  it('follows a new rule file without code changes', () => {
    const prefilter = prefilterOfSteps(`
  - { name: a, eventIds: [41], providers: [Microsoft-Windows-Kernel-Power] }
  - { name: b, eventIds: [6008], providers: [EventLog], match: { field: message, matches: '(unexpected|dirty)' } }`);
    expect(prefilter.needles).toEqual(['41', '6008']);
    expect(prefilter.admits('6008 EventLog anything at all')).toBe(true);
  });

  it('keeps the narrower of two alternatives when one needs every word of the other', () => {
    const prefilter = prefilterOfSteps(`
  - name: a
    eventIds: [2013]
    providers: [srv]
    match:
      anyOf:
        - { field: message, contains: 'disk is full on volume' }
        - { field: message, contains: 'disk full' }
  - { name: b, eventIds: [2014], providers: [srv] }`);
    expect(prefilter.admits('2013 srv The DISK FULL warning')).toBe(true);
    expect(prefilter.admits('2013 srv The disk is full on volume C:')).toBe(true);
    expect(prefilter.admits('2013 srv The disk is fine')).toBe(false);
  });
});
