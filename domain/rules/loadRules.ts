import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledRule } from './CompiledRule';
import { parseRuleDocument } from './parseRuleDocument';
import { RuleLoadError } from './RuleLoadError';

const RULE_FILE = /\.(ya?ml|json)$/i;

/** The rules shipped with the product. */
export const BUNDLED_RULES_PATH = join(__dirname, '..', '..', 'rules');

/** Loads one rule file, or every rule file in a folder (name order). Rule ids must be unique. */
export function loadRules(path: string, windowOverrideMs?: number): CompiledRule[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => RULE_FILE.test(name))
        .sort()
        .map((name) => join(path, name))
    : [path];
  if (files.length === 0) throw new RuleLoadError(path, ['no rule files (*.yaml, *.yml, *.json) found']);
  const rules = files.map((file) => parseRuleDocument(readFileSync(file, 'utf8'), file, windowOverrideMs));
  const seen = new Map<string, string>();
  for (const rule of rules) {
    const previous = seen.get(rule.id);
    if (previous)
      throw new RuleLoadError(rule.origin, [`id: '${rule.id}' is already defined in ${previous}`]);
    seen.set(rule.id, rule.origin);
  }
  return rules;
}
