import { parse as parseYaml } from 'yaml';
import { ONE_SHOT_PARSE } from '../oneShotParse';
import type { CompiledRule } from './CompiledRule';
import { compileRule } from './compileRule';
import { ruleDocumentSchema } from './RuleDocument';
import { RuleLoadError } from './RuleLoadError';

/** Parses and validates one rule document (YAML or JSON text); throws RuleLoadError naming file and field. */
export function parseRuleDocument(text: string, file: string): CompiledRule {
  let raw: unknown;
  try {
    raw = parseYaml(text, { maxAliasCount: 0 });
  } catch (error) {
    throw new RuleLoadError(file, [`not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`], {
      cause: error,
    });
  }
  const parsed = ruleDocumentSchema.safeParse(raw, ONE_SHOT_PARSE);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.length > 0 ? issue.path.join('.') : '(document)';
      return `${path}: ${issue.message}`;
    });
    throw new RuleLoadError(file, problems);
  }
  return compileRule(parsed.data, file);
}
