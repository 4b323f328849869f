import type { NormalisedEvent } from '../event/NormalisedEvent';
import type { Condition } from './RuleDocument';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/** A rule step (or the resolving event) ready to test events against. */
export interface EventMatcher {
  readonly name: string;
  readonly eventIds: ReadonlySet<number>;
  readonly providers: readonly string[];
  /** The condition as written in the rule, for deriving the prefilter. */
  readonly condition?: Condition;
  matches(event: NormalisedEvent): boolean;
}

/** A validated rule, with its conditions compiled. */
export interface CompiledRule {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly severity: Severity;
  readonly kb: { readonly id: string; readonly url?: string };
  readonly windowMs: number;
  /** Ordered steps: each later step happens at or after the first, within the window. */
  readonly steps: readonly EventMatcher[];
  readonly resolution?: EventMatcher;
  /** Remediation text with `{node}` placeholders. */
  readonly remediation: string;
  readonly smsAction: string;
  /** Where the rule was loaded from, for error messages. */
  readonly origin: string;
}
