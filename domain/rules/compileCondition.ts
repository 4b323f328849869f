import type { NormalisedEvent } from '../event/NormalisedEvent';
import { compileRulePattern } from './compileRulePattern';
import type { Condition, LeafCondition } from './RuleDocument';

type Predicate = (event: NormalisedEvent) => boolean;

/** Collapses whitespace runs (SCM writes two spaces after full stops; messages carry CR/LF) and trims. */
export function normaliseText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

const PARAM_FIELD = /^param([1-9]\d*)$/i;

/** The values a field reference denotes on an event; empty values count as absent. */
export function fieldValues(event: NormalisedEvent, field: string): string[] {
  const data = () => [...Object.values(event.data.named), ...event.data.positional];
  let values: (string | undefined)[];
  switch (field) {
    case 'message':
      values = [event.message];
      break;
    case 'anyData':
      values = data();
      break;
    case 'messageOrData':
      values = [event.message, ...data()];
      break;
    case 'provider':
      values = [event.provider];
      break;
    case 'channel':
      values = [event.channel];
      break;
    default: {
      const param = PARAM_FIELD.exec(field);
      const named = event.data.named[field] ?? findCaseInsensitive(event.data.named, field);
      values = [named ?? (param ? event.data.positional[Number(param[1]) - 1] : undefined)];
    }
  }
  return values.filter((value): value is string => value !== undefined && value.trim() !== '');
}

function findCaseInsensitive(record: Readonly<Record<string, string>>, key: string): string | undefined {
  const lower = key.toLowerCase();
  for (const [name, value] of Object.entries(record)) if (name.toLowerCase() === lower) return value;
  return undefined;
}

function compileLeaf(condition: LeafCondition): Predicate {
  const test = leafTest(condition);
  return (event) => fieldValues(event, condition.field).some((value) => test(normaliseText(value)));
}

function leafTest(condition: LeafCondition): (value: string) => boolean {
  if (condition.equals !== undefined) {
    const expected = normaliseText(condition.equals).toLowerCase();
    return (value) => value.toLowerCase() === expected;
  }
  if (condition.contains !== undefined) {
    const needle = normaliseText(condition.contains).toLowerCase();
    return (value) => value.toLowerCase().includes(needle);
  }
  const compiled = compileRulePattern(condition.matches ?? '');
  // The rule document was validated, so this holds; a pattern that fails here matches nothing.
  return compiled.ok ? compiled.test : () => false;
}

/** Turns a validated condition into a predicate over events. */
export function compileCondition(condition: Condition): Predicate {
  if ('anyOf' in condition) {
    const parts = condition.anyOf.map(compileCondition);
    return (event) => parts.some((part) => part(event));
  }
  if ('allOf' in condition) {
    const parts = condition.allOf.map(compileCondition);
    return (event) => parts.every((part) => part(event));
  }
  if ('not' in condition) {
    const inner = compileCondition(condition.not);
    return (event) => !inner(event);
  }
  if ('firstPresent' in condition) {
    // The first condition whose field the event carries decides; params are preferred over localised text.
    const choices = condition.firstPresent.map((leaf) => ({ field: leaf.field, test: compileLeaf(leaf) }));
    return (event) => {
      const choice = choices.find(({ field }) => fieldValues(event, field).length > 0);
      return choice ? choice.test(event) : false;
    };
  }
  return compileLeaf(condition);
}
