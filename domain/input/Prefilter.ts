import type { CompiledRule, EventMatcher } from '../rules/CompiledRule';
import type { Condition } from '../rules/RuleDocument';

/**
 * Decides cheaply, before any parse, that a record cannot match any rule. Both stages are derived from the
 * rules, so a new rule file tightens or widens them without code changes:
 * 1. `needles`: the decimal event ids the rules name. Shippers write the low 16 bits of the id as decimal
 *    digits in every supported format, so a record without any of them is counted and skipped.
 * 2. `admits(text)`: for the few records left, the words each matcher's provider and conditions need
 *    (case-insensitive), so the frequent ids (7036 service state changes) rarely reach a full parse.
 */
export interface RecordPrefilter {
  readonly needles: readonly string[];
  /**
   * `eventIds`, when the reader knows them: the ids the record can have (its plainly written id, or the
   * needles found in it); only the matchers for one of them are tried, and their ids need no test.
   */
  admits(text: string, eventIds?: readonly number[]): boolean;
}

/** Alternatives, each a set of lower-case words that must all appear; `undefined` means no constraint. */
type WordRequirement = string[][] | undefined;

export function buildPrefilter(rules: readonly CompiledRule[]): RecordPrefilter {
  const matchers = rules.flatMap((rule) =>
    rule.resolution ? [...rule.steps, rule.resolution] : [...rule.steps],
  );
  const ids = new Set(matchers.flatMap((matcher) => [...matcher.eventIds]));
  const compiled = matchers.map((matcher) => ({
    eventIds: matcher.eventIds,
    all: requirementsOf(matcher).map(compileRequirement),
    withoutIds: requirementsOf(matcher, false).map(compileRequirement),
  }));
  return {
    needles: [...ids].sort((a, b) => a - b).map(String),
    admits(text: string, eventIds?: readonly number[]): boolean {
      if (eventIds === undefined)
        return compiled.some(({ all }) => all.every((alternatives) => satisfies(text, alternatives)));
      return compiled.some(
        (matcher) =>
          eventIds.some((id) => matcher.eventIds.has(id)) &&
          matcher.withoutIds.every((alternatives) => satisfies(text, alternatives)),
      );
    },
  };
}

/** Words as case-insensitive patterns, so records are not lower-cased (copied) to be tested. */
type CompiledRequirement = RegExp[][] | undefined;

function compileRequirement(requirement: WordRequirement): CompiledRequirement {
  return requirement?.map((words) => words.map((word) => new RegExp(escapeRegExp(word), 'i')));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function satisfies(text: string, alternatives: CompiledRequirement): boolean {
  return alternatives === undefined || alternatives.some((words) => words.every((word) => word.test(text)));
}

/**
 * Everything one matcher needs from a record's text, each entry a necessary condition. The condition's
 * words come first: they tell the records of other services (a rule's id, a common provider) apart soonest.
 */
function requirementsOf(matcher: EventMatcher, withIds = true): WordRequirement[] {
  return [
    matcher.condition ? conditionWords(matcher.condition) : undefined,
    withIds ? [...matcher.eventIds].map((id) => [String(id)]) : undefined,
    matcher.providers.map(wordsOf),
  ].map(withoutRedundantAlternatives);
}

/** Drops each alternative that needs all the words of another one: it can only hold when that one does. */
function withoutRedundantAlternatives(requirement: WordRequirement): WordRequirement {
  if (requirement === undefined) return undefined;
  const needsAll = (words: string[], others: string[]) => others.every((word) => words.includes(word));
  return requirement.filter(
    (words, i) =>
      !requirement.some(
        (others, j) => j !== i && needsAll(words, others) && (others.length < words.length || j < i),
      ),
  );
}

const WORD = /[\p{L}\p{N}]{3,}/gu;

function wordsOf(literal: string): string[] {
  return [...new Set(literal.toLowerCase().match(WORD) ?? [])];
}

function conditionWords(condition: Condition): WordRequirement {
  if ('anyOf' in condition) return union(condition.anyOf.map(conditionWords));
  if ('firstPresent' in condition) return union(condition.firstPresent.map(conditionWords));
  if ('allOf' in condition) return condition.allOf.map(conditionWords).find((req) => req !== undefined);
  if ('not' in condition) return undefined;
  if (condition.field === 'provider' || condition.field === 'channel') return undefined;
  const literal = condition.equals ?? condition.contains ?? regexLiteral(condition.matches ?? '');
  return literal === undefined ? undefined : [wordsOf(literal)];
}

function union(requirements: WordRequirement[]): WordRequirement {
  if (requirements.some((req) => req === undefined)) return undefined;
  return requirements.flatMap((req) => req ?? []);
}

/** The literal text a simple pattern (anchors, `\b`, `\s+` aside) stands for; undefined for real regexes. */
function regexLiteral(pattern: string): string | undefined {
  const plain = pattern
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\\b/g, '')
    .replace(/\\s[+*]?/g, ' ');
  return /[\\()[\]{}|.*+?^$]/.test(plain) ? undefined : plain;
}
