import type { CompiledRule } from './CompiledRule';

/** The rules with every window replaced by a run's override (`--window`, CORRELATION_WINDOW), if any. */
export function overrideWindow(rules: readonly CompiledRule[], windowMs: number | undefined): CompiledRule[] {
  return windowMs === undefined ? [...rules] : rules.map((rule) => ({ ...rule, windowMs }));
}
