import { RE2JS } from 're2js';

export type PatternCompilation =
  | { readonly ok: true; readonly test: (value: string) => boolean }
  | { readonly ok: false; readonly problem: string };

/**
 * Compiles a rule's `matches` pattern on RE2's linear-time engine, case-insensitively. A pattern such
 * as `^The (\w+\s?)+service` backtracks exponentially on JavaScript's engine and would hang ingestion
 * on one crafted message; RE2 answers in time proportional to the text. Features RE2 cannot run in
 * linear time (back-references, look-around) are refused with RE2's reason.
 */
export function compileRulePattern(pattern: string): PatternCompilation {
  try {
    const compiled = RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
    return { ok: true, test: (value) => compiled.matcher(value).find() };
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    return { ok: false, problem: `is not a pattern the linear-time engine (RE2) accepts: ${reason}` };
  }
}
