import type { NormalisedEvent } from '../event/NormalisedEvent';
import type { CompiledRule, EventMatcher } from './CompiledRule';
import { compileCondition } from './compileCondition';
import { parseDuration } from './parseDuration';
import type { EventMatcherDocument, RuleDocument } from './RuleDocument';

function compileMatcher(name: string, doc: Omit<EventMatcherDocument, 'name'>): EventMatcher {
  const eventIds = new Set(doc.eventIds);
  const providers = new Set(doc.providers.map((p) => p.toLowerCase()));
  const channels = doc.channels ? new Set(doc.channels.map((c) => c.toLowerCase())) : undefined;
  const condition = doc.match ? compileCondition(doc.match) : () => true;
  return {
    name,
    eventIds,
    providers: doc.providers,
    condition: doc.match,
    matches(event: NormalisedEvent): boolean {
      return (
        eventIds.has(event.eventId) &&
        providers.has(event.provider.toLowerCase()) &&
        (channels === undefined || channels.has(event.channel.toLowerCase())) &&
        condition(event)
      );
    },
  };
}

/** Compiles a validated rule document. */
export function compileRule(doc: RuleDocument, origin: string): CompiledRule {
  return {
    id: doc.id,
    version: doc.version,
    title: doc.title,
    severity: doc.severity,
    kb: doc.kb,
    windowMs: parseDuration(doc.window) ?? 0,
    steps: doc.steps.map((step) => compileMatcher(step.name, step)),
    resolution: doc.resolution ? compileMatcher('resolution', doc.resolution) : undefined,
    remediation: doc.remediation,
    smsAction: doc.smsAction,
    origin,
  };
}
