import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { CompiledRule } from '../../domain/rules/CompiledRule';
import { checkRuleIds } from '../../domain/rules/checkRuleIds';
import { parseRuleDocument } from '../../domain/rules/parseRuleDocument';
import { RuleLoadError } from '../../domain/rules/RuleLoadError';
import { packageRoot } from './packageRoot';

const RULE_FILE = /\.(ya?ml|json)$/i;

/** The rules shipped with the product. */
export const BUNDLED_RULES_PATH = join(packageRoot(), 'rules');

/** Loads one rule file, or every rule file in a folder (name order). Rule ids must be unique. */
export function loadRules(path: string): CompiledRule[] {
  const files = statSync(path).isDirectory()
    ? readdirSync(path)
        .filter((name) => RULE_FILE.test(name))
        .sort()
        .map((name) => join(path, name))
    : [path];
  if (files.length === 0) throw new RuleLoadError(path, ['no rule files (*.yaml, *.yml, *.json) found']);
  const rules = files.map((file) => parseRuleDocument(readFileSync(file, 'utf8'), file));
  checkRuleIds(rules);
  return rules;
}
